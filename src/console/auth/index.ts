/** Console access: sessions, CSRF, roles. See {@link requireStaff}. */
export { currentStaff, csrfTokenOf, parseConsoleBody, requireStaff, type ConsoleSessionInfo, type ConsoleStaff } from './require-staff.js';
export { CSRF_FIELD, CSRF_HEADER } from './csrf.js';
export { CsrfError, NotSignedInError, SignInThrottledError } from './errors.js';
export { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from './password.js';
