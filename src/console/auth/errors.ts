import { AppError } from '../../errors.js';

/** No valid console session: sign in first (HTTP 401). */
export class NotSignedInError extends AppError {
  constructor(message = 'Bạn cần đăng nhập để tiếp tục.') {
    super('not_signed_in', message, { status: 401 });
  }
}

/** A state-changing request without the session's CSRF token (HTTP 403). */
export class CsrfError extends AppError {
  constructor() {
    super('csrf_invalid', 'Phiên làm việc của biểu mẫu không hợp lệ hoặc đã hết hạn. Hãy tải lại trang và thử lại.', { status: 403 });
  }
}

/** Too many sign-in attempts from one source (HTTP 429). */
export class SignInThrottledError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('sign_in_throttled', `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${Math.ceil(retryAfterSeconds / 60)} phút.`, { status: 429 });
  }
}
