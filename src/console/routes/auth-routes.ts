import { Router, type Request, type Response } from 'express';
import { AppError, InputError } from '../../errors.js';
import { networkOf } from '../../http/rate-limit.js';
import { writeAudit } from '../../services/audit.js';
import { clearCookie, PRE_SESSION_COOKIE, readCookie, SESSION_COOKIE, setCookie } from '../auth/cookies.js';
import { csrfTokensMatch } from '../auth/csrf.js';
import { changeOwnPassword } from '../auth/password-change.js';
import { currentStaff, parseConsoleBody, requireStaff } from '../auth/require-staff.js';
import { createSession, destroySession, loadSession, randomToken } from '../auth/session.js';
import { signIn } from '../auth/sign-in.js';
import type { ConsoleContext } from '../context.js';
import { bodyOf, passwordField } from '../input.js';
import { renderAccountPage } from '../views/account-page.js';
import { renderLoginPage } from '../views/login-page.js';
import { CONSOLE_BASE } from '../views/layout.js';
import { flashFromQuery, sendPage } from './respond.js';

/** Where to go after signing in: a console path only (no open redirect). */
function safeNext(value: unknown): string {
  if (typeof value !== 'string') return `${CONSOLE_BASE}/queue`;
  return /^\/console(\/[^\\]*)?$/.test(value) && !value.startsWith('//') && !value.includes('/../') ? value : `${CONSOLE_BASE}/queue`;
}

function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** Sign-in, sign-out and the account page (password change). */
export function authRoutes(ctx: ConsoleContext): Router {
  const router = Router();
  const secure = ctx.config.console.secureCookies;

  /** The sign-in form's token: one per browser, in a cookie and in the form (double submit). */
  function preSessionToken(req: Request, res: Response): string {
    const existing = readCookie(req, PRE_SESSION_COOKIE);
    if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
    const token = randomToken();
    setCookie(res, PRE_SESSION_COOKIE, token, { maxAgeSeconds: 2 * 3600, secure, path: CONSOLE_BASE });
    return token;
  }

  function loginPage(req: Request, res: Response, status: number, extra: { error?: string; username?: string; next?: string }): void {
    const token = preSessionToken(req, res);
    sendPage(res, renderLoginPage({ display: ctx.display, csrfToken: token, ...extra, notice: flashFromQuery(req)?.text }), status);
  }

  router.get('/login', async (req, res, next) => {
    try {
      if (await loadSession(readCookie(req, SESSION_COOKIE))) {
        res.redirect(303, safeNext(req.query.next));
        return;
      }
      loginPage(req, res, 200, { next: typeof req.query.next === 'string' ? safeNext(req.query.next) : undefined });
    } catch (err) {
      next(err);
    }
  });

  router.post('/login', async (req, res, next) => {
    const ip = clientIp(req);
    const taken = ctx.signInLimiter.take(networkOf(ip));
    if (!taken.allowed) {
      const wait = taken.retryAfterSeconds;
      ctx.logger.warn({ ip }, 'sign-in rate limit reached');
      res.setHeader('Retry-After', String(wait));
      loginPage(req, res, 429, { error: `Quá nhiều lần đăng nhập từ địa chỉ này. Vui lòng thử lại sau ${wait} giây.` });
      return;
    }
    try {
      await parseConsoleBody(req, res);
      const fields = bodyOf(req);
      const cookieToken = readCookie(req, PRE_SESSION_COOKIE);
      if (!cookieToken || !csrfTokensMatch(typeof fields._csrf === 'string' ? fields._csrf : undefined, cookieToken)) {
        loginPage(req, res, 403, { error: 'Biểu mẫu đăng nhập đã hết hạn. Vui lòng nhập lại.' });
        return;
      }
      const nextPath = safeNext(fields.next);
      let staff;
      try {
        staff = await signIn(
          { username: fields.username, password: fields.password, ip },
          { account: ctx.settings.accountThrottle, address: ctx.settings.addressThrottle, slowdown: ctx.settings.accountSlowdown, passwords: ctx.passwords },
        );
      } catch (err) {
        if (err instanceof AppError && err.status < 500) {
          if (err.status === 429 && 'retryAfterSeconds' in err) res.setHeader('Retry-After', String((err as { retryAfterSeconds: number }).retryAfterSeconds));
          loginPage(req, res, err.status, {
            error: err.message,
            username: typeof fields.username === 'string' ? fields.username.slice(0, 64) : undefined,
            next: nextPath,
          });
          return;
        }
        throw err;
      }
      const session = await createSession(staff.id, ctx.config.console.sessionHours, { ip, userAgent: req.get('user-agent') });
      setCookie(res, SESSION_COOKIE, session.token, { maxAgeSeconds: ctx.config.console.sessionHours * 3600, secure, path: CONSOLE_BASE });
      clearCookie(res, PRE_SESSION_COOKIE, CONSOLE_BASE, secure);
      res.redirect(303, nextPath);
    } catch (err) {
      next(err);
    }
  });

  router.post('/logout', requireStaff(), async (req, res, next) => {
    try {
      const staff = currentStaff(req);
      await destroySession(req.consoleSession!.id);
      await writeAudit({ actor: staff, action: 'staff.sign_out', targetType: 'staff', targetId: staff.id });
      clearCookie(res, SESSION_COOKIE, CONSOLE_BASE, secure);
      res.redirect(303, `${CONSOLE_BASE}/login?ok=signed_out`);
    } catch (err) {
      next(err);
    }
  });

  router.get('/account', requireStaff(), (req, res) => {
    sendPage(res, renderAccountPage({ display: ctx.display, staff: currentStaff(req), csrfToken: req.consoleSession!.csrfToken, flash: flashFromQuery(req) }));
  });

  router.post('/account/password', requireStaff(), async (req, res, next) => {
    const staff = currentStaff(req);
    try {
      const fields = bodyOf(req);
      const current = passwordField(fields, 'current', 'mật khẩu hiện tại');
      const nextPassword = passwordField(fields, 'next', 'mật khẩu mới');
      const confirm = passwordField(fields, 'confirm', 'mật khẩu nhập lại');
      await changeOwnPassword(ctx.passwords, staff, req.consoleSession!.id, current, nextPassword, confirm);
      res.redirect(303, `${CONSOLE_BASE}/account?ok=password`);
    } catch (err) {
      if (err instanceof InputError) {
        sendPage(
          res,
          renderAccountPage({ display: ctx.display, staff, csrfToken: req.consoleSession!.csrfToken, flash: { kind: 'error', text: err.message } }),
          err.status,
        );
        return;
      }
      next(err);
    }
  });

  return router;
}
