import type { NextFunction, Request, Response } from 'express';
import { classifyError } from '../http/errors.js';
import { AppError } from '../errors.js';
import type { ConsoleDisplay } from './views/display.js';
import { renderErrorPage } from './views/error-page.js';
import { sendPage, wantsJson } from './routes/respond.js';

const CONSOLE_MESSAGES: Record<string, string> = {
  forbidden: 'Bạn không có quyền xem hoặc thay đổi mục này.',
  not_found: 'Không tìm thấy trang hoặc mục này.',
  database_unavailable: 'Hệ thống tạm thời không truy cập được cơ sở dữ liệu; vui lòng thử lại sau ít phút.',
  body_too_large: 'Nội dung gửi lên quá lớn.',
  body_malformed: 'Không đọc được nội dung gửi lên.',
};

/**
 * The console's error handler: typed errors keep their status; a page request gets an HTML
 * page in Vietnamese, a script request JSON. The database being away gives 503; anything
 * unexpected 500 with the request id (logged with context, never shown in detail).
 */
export function consoleErrorHandler(display: ConsoleDisplay) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const { status, code, appMessage } = classifyError(err);
    let message = CONSOLE_MESSAGES[code] ?? 'Đã xảy ra lỗi. Vui lòng thử lại; nếu vẫn lỗi, báo mã yêu cầu cho quản trị.';
    // Messages of the shared services are English; the console keeps its own words for known codes.
    if (appMessage && !(CONSOLE_MESSAGES[code] && /^[\x00-\x7f]*$/.test(appMessage))) message = appMessage;
    if (status >= 500) req.log.error({ err, code }, 'console request failed');
    else req.log.warn({ code, status }, 'console request refused');
    if (res.headersSent) {
      res.end();
      return;
    }
    if (status === 429 && err instanceof AppError && 'retryAfterSeconds' in err)
      res.setHeader('Retry-After', String((err as { retryAfterSeconds: number }).retryAfterSeconds));
    if (wantsJson(req)) {
      res.status(status).json({ error: code, message });
      return;
    }
    sendPage(res, renderErrorPage({ display, status, message, staff: req.staff, csrfToken: req.consoleSession?.csrfToken, requestId: req.id }), status);
  };
}
