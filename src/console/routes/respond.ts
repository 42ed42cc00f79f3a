import type { Request, Response } from 'express';
import { AppError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { Flash } from '../views/layout.js';

/** Sends a rendered page with the console's page headers. */
export function sendPage(res: Response, page: string, status = 200): void {
  res.status(status).type('html').setHeader('Cache-Control', 'no-store');
  res.send(page);
}

/** Messages shown after a redirect, by the code in `?ok=`; nothing from the request is echoed. */
const OK_MESSAGES: Record<string, string> = {
  answered: 'Đã ghi nhận câu trả lời và đưa vào hàng gửi tới người dân.',
  note: 'Đã lưu ghi chú nội bộ.',
  in_progress: 'Phiếu đã chuyển sang “Đang xử lý”.',
  closed: 'Đã đóng phiếu.',
  reopened: 'Đã mở lại phiếu.',
  reassigned: 'Đã chuyển phiếu sang phòng khác.',
  handed_back: 'Đã trả cuộc trò chuyện lại cho trợ lý tự động.',
  takeover: 'Bạn đang trò chuyện trực tiếp với người dân.',
  saved: 'Đã lưu thay đổi.',
  created: 'Đã thêm.',
  password: 'Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.',
  password_reset: 'Đã đặt lại mật khẩu; các phiên đăng nhập của tài khoản đó đã kết thúc.',
  unlocked: 'Đã bỏ chặn đăng nhập.',
  signed_out: 'Bạn đã đăng xuất.',
};

/** The flash for `?ok=<code>`, if the code is known. */
export function flashFromQuery(req: Request): Flash | undefined {
  const code = req.query.ok;
  return typeof code === 'string' && OK_MESSAGES[code] ? { kind: 'ok', text: OK_MESSAGES[code] } : undefined;
}

/** One answer for a ticket that does not exist and one the viewer may not open: nothing leaks. */
class TicketUnavailableError extends AppError {
  constructor() {
    super('ticket_not_found', 'Không tìm thấy phiếu này, hoặc phiếu không thuộc phòng của bạn.', { status: 404 });
  }
}

/** Maps "not found" and "forbidden" on a ticket to {@link TicketUnavailableError}; other errors pass. */
export function hideTicketAccess(err: unknown): unknown {
  if (err instanceof ForbiddenError || err instanceof NotFoundError) return new TicketUnavailableError();
  return err;
}

/** True when the client asked for JSON (scripts, API). */
export function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.is('application/json') === 'application/json' || req.accepts(['html', 'json']) === 'json';
}
