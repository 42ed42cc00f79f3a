import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { StaffModel, type StaffRole } from '../../db/models/staff.js';
import { describeError, ForbiddenError } from '../../errors.js';
import { CONSOLE_BASE } from '../views/layout.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import { csrfTokensMatch, isUnsafeMethod, presentedCsrfToken } from './csrf.js';
import { CsrfError, NotSignedInError } from './errors.js';
import { loadSession } from './session.js';
import type { ConsoleStaff } from './types.js';

export type { ConsoleStaff } from './types.js';

/** Largest form or JSON body a console request may send. */
const CONSOLE_BODY_LIMIT = '256kb';

const parseForm = express.urlencoded({ extended: false, limit: CONSOLE_BODY_LIMIT, parameterLimit: 200 });
const parseJson = express.json({ limit: CONSOLE_BODY_LIMIT });

function runParser(parser: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) =>
    parser(req, res, (err?: unknown) => {
      if (!err) resolve();
      else reject(err instanceof Error ? err : new Error(`console body parser failed: ${describeError(err)}`));
    }),
  );
}

/**
 * Parses a form (`application/x-www-form-urlencoded`, flat: every value a string or a list of
 * strings, never an object) or a JSON body, unless a parser already ran.
 */
export async function parseConsoleBody(req: Request, res: Response): Promise<void> {
  if (req.body !== undefined) return;
  await runParser(parseForm, req, res);
  if (req.body === undefined) await runParser(parseJson, req, res);
}

function wantsPage(req: Request): boolean {
  return req.method === 'GET' && req.accepts(['html', 'json']) === 'html' && !req.path.startsWith('/api/') && !req.path.startsWith('/events');
}

/** The active member of staff with this id as the console sees them, or undefined (unknown or deactivated). */
export async function staffFromSession(staffId: string): Promise<ConsoleStaff | undefined> {
  if (!/^[0-9a-f]{24}$/i.test(staffId)) return undefined;
  const doc = await StaffModel.findById(staffId, { username: 1, displayName: 1, role: 1, departmentCode: 1, active: 1 }).lean();
  if (!doc || doc.active === false) return undefined;
  return {
    id: String(doc._id),
    username: doc.username,
    displayName: doc.displayName,
    role: doc.role,
    departmentCode: doc.departmentCode ?? undefined,
  };
}

/**
 * Express middleware guarding a console route.
 *
 * - Reads the session cookie and the member of staff from MongoDB on every request (so a
 *   change of role, department or a deactivation applies at once) and sets `req.staff`
 *   (`{ id, username, displayName, role, departmentCode }`) and `req.consoleSession`.
 * - Without a valid session: a page request (GET asking for HTML) is redirected to the
 *   sign-in page with `?next=` the page; anything else gets a 401 {@link NotSignedInError}.
 * - `roles` lists the roles allowed (admins are always allowed); otherwise 403. A lead or
 *   officer without a department gets 403 too, as nothing can be shown to them.
 * - For POST, PUT, PATCH and DELETE it parses the body (flat form or JSON) and requires the
 *   session's CSRF token in the `_csrf` field or the `X-CSRF-Token` header; otherwise 403
 *   {@link CsrfError}. Forms print the token with `html\`<input type="hidden" name="_csrf" value="${req.consoleSession.csrfToken}">\``.
 *
 * Errors go to `next(err)`; the console's error handler renders them as a page or JSON.
 *
 * @example router.get('/reports', requireStaff(['lead']), (req, res) => { const staff = req.staff!; … })
 */
export function requireStaff(roles?: readonly StaffRole[]): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const session = await loadSession(readCookie(req, SESSION_COOKIE));
      const staff = session ? await staffFromSession(session.staffId) : undefined;
      if (!session || !staff) {
        if (wantsPage(req)) {
          res.redirect(303, `${CONSOLE_BASE}/login?next=${encodeURIComponent(req.originalUrl)}`);
          return;
        }
        throw new NotSignedInError();
      }
      if (staff.role !== 'admin' && !staff.departmentCode) {
        throw new ForbiddenError('Tài khoản của bạn chưa được gán phòng ban; hãy liên hệ quản trị.');
      }
      if (roles && staff.role !== 'admin' && !roles.includes(staff.role)) {
        throw new ForbiddenError('Bạn không có quyền truy cập trang này.');
      }
      if (isUnsafeMethod(req.method)) {
        await parseConsoleBody(req, res);
        if (!csrfTokensMatch(presentedCsrfToken(req), session.csrfToken)) throw new CsrfError();
      }
      req.staff = staff;
      req.consoleSession = { id: session.id, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
      res.locals.csrfToken = session.csrfToken;
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** The signed-in member of staff of a request that passed {@link requireStaff}. */
export function currentStaff(req: Request): ConsoleStaff {
  if (!req.staff) throw new NotSignedInError();
  return req.staff;
}

/** The CSRF token of a request that passed {@link requireStaff}, for forms. */
export function csrfTokenOf(req: Request): string {
  if (!req.consoleSession) throw new NotSignedInError();
  return req.consoleSession.csrfToken;
}
