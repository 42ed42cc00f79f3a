import type { NextFunction, Request, Response } from 'express';
import { isDatabaseUnavailable } from '../db/connect.js';
import { AppError } from '../errors.js';
import { renderErrorPage } from './views/error-page.js';
import { sendPage, wantsJson } from './routes/respond.js';

const MESSAGES_BY_CODE: Record<string, string> = {
  forbidden: 'Bạn không có quyền xem hoặc thay đổi mục này.',
  not_found: 'Không tìm thấy trang hoặc mục này.',
};

/**
 * The console's error handler: typed errors keep their status; a page request gets an HTML
 * page in Vietnamese, a script request JSON. The database being away gives 503; anything
 * unexpected 500 with the request id (logged with context, never shown in detail).
 */
export function consoleErrorHandler() {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    let status = 500;
    let code = 'internal_error';
    let message = 'Đã xảy ra lỗi. Vui lòng thử lại; nếu vẫn lỗi, báo mã yêu cầu cho quản trị.';
    const bodyError = err as { type?: string };
    if (err instanceof AppError) {
      status = err.status;
      code = err.code;
      message = err.message;
      // Messages of the shared services are English; the console shows its own words for these.
      const own = MESSAGES_BY_CODE[code];
      if (own && /^[\x00-\x7f]*$/.test(err.message)) message = own;
    } else if (isDatabaseUnavailable(err)) {
      status = 503;
      code = 'database_unavailable';
      message = 'Hệ thống tạm thời không truy cập được cơ sở dữ liệu; vui lòng thử lại sau ít phút.';
    } else if (bodyError.type === 'entity.too.large') {
      status = 413;
      code = 'body_too_large';
      message = 'Nội dung gửi lên quá lớn.';
    } else if (bodyError.type === 'entity.parse.failed' || bodyError.type === 'charset.unsupported' || bodyError.type === 'encoding.unsupported') {
      status = 400;
      code = 'body_malformed';
      message = 'Không đọc được nội dung gửi lên.';
    }
    if (status >= 500) req.log.error({ err, code }, 'console request failed');
    else req.log.warn({ code, status }, 'console request refused');
    if (res.headersSent) {
      res.end();
      return;
    }
    if (status === 429 && err instanceof AppError && 'retryAfterSeconds' in err) res.setHeader('Retry-After', String((err as { retryAfterSeconds: number }).retryAfterSeconds));
    if (wantsJson(req)) {
      res.status(status).json({ error: code, message });
      return;
    }
    sendPage(res, renderErrorPage({ status, message, staff: req.staff, csrfToken: req.consoleSession?.csrfToken, requestId: req.id }), status);
  };
}
