import { Router, type Request, type Response } from 'express';
import { STAFF_ROLES } from '../../db/models/staff.js';
import { AppError, InputError } from '../../errors.js';
import { createDepartment, listDepartments, updateDepartment, type DepartmentInput } from '../admin/departments.js';
import { createRule, listRules, updateRule, type RuleInput } from '../admin/rules.js';
import { createStaff, listStaff, resetStaffPassword, unlockStaff, updateStaff, type StaffInput } from '../admin/staff.js';
import { currentStaff, requireStaff } from '../auth/require-staff.js';
import { requireUsername } from '../auth/staff-input.js';
import type { ConsoleStaff } from '../auth/types.js';
import { describeCalendarYear, removeCalendarEdit, saveCalendarEdit, type CalendarChange } from '../calendar/effective.js';
import type { ConsoleContext } from '../context.js';
import { bodyOf, checkboxField, choiceField, codeField, idParam, intField, listField, passwordField, queryOf, textField, type Fields } from '../input.js';
import { renderCalendarPage } from '../views/admin-calendar-page.js';
import { renderDepartmentsPage } from '../views/admin-departments-page.js';
import { renderRulesPage } from '../views/admin-rules-page.js';
import { renderStaffPage } from '../views/admin-staff-page.js';
import { CONSOLE_BASE, type Flash } from '../views/layout.js';
import { departmentChoices } from './directory.js';
import { flashFromQuery, sendPage } from './respond.js';

const adminOnly = requireStaff(['admin']);

function departmentInput(f: Fields): DepartmentInput {
  const topics = listField(f, 'topics', {
    label: 'Chủ đề',
    maxItems: 50,
    maxItemLength: 64,
    each: { pattern: /^[a-z0-9][a-z0-9-]{0,63}$/, message: (t) => `Mã chủ đề "${t}" không hợp lệ (chữ thường không dấu, số, gạch ngang).` },
  });
  return {
    nameVi: textField(f, 'nameVi', { label: 'tên tiếng Việt', max: 200 }),
    nameEn: textField(f, 'nameEn', { label: 'tên tiếng Anh', max: 200 }),
    topics,
    email: textField(f, 'email', { label: 'Email', max: 254, optional: true }),
    phone: textField(f, 'phone', { label: 'Điện thoại', max: 30, optional: true }),
    address: textField(f, 'address', { label: 'Địa chỉ', max: 500, optional: true }),
    hours: textField(f, 'hours', { label: 'Giờ tiếp dân', max: 300, optional: true }),
    active: checkboxField(f, 'active'),
  };
}

function ruleInput(f: Fields): RuleInput {
  return {
    topic: codeField(f, 'topic', { label: 'Chủ đề', optional: true }),
    keywords: listField(f, 'keywords', { label: 'Từ khoá', maxItems: 100, maxItemLength: 100 }),
    departmentCode: codeField(f, 'departmentCode', { label: 'Phòng nhận' })!,
    priority: intField(f, 'priority', { label: 'Ưu tiên', min: -1000, max: 1000, default: 0 }),
    active: checkboxField(f, 'active'),
  };
}

function staffInput(f: Fields): StaffInput {
  return {
    displayName: textField(f, 'displayName', { label: 'họ tên', max: 200 }),
    role: choiceField(f, 'role', STAFF_ROLES, { label: 'vai trò' }),
    departmentCode: codeField(f, 'departmentCode', { label: 'Phòng ban', optional: true }),
    email: textField(f, 'email', { label: 'Email', max: 254, optional: true }),
    active: checkboxField(f, 'active'),
  };
}

/** Administration (admins only): departments, routing rules, staff accounts, holiday calendar. */
export function adminRoutes(ctx: ConsoleContext): Router {
  const router = Router();

  /**
   * Handles an admin form: runs it, then redirects to `page?ok=…`; a refusal the admin can
   * fix shows the page again with the reason (status 400/409).
   */
  function form(
    path: string,
    page: (req: Request, res: Response, status: number, flash?: Flash) => Promise<void>,
    run: (req: Request, staff: ConsoleStaff) => Promise<string>,
  ) {
    router.post(path, adminOnly, async (req, res, next) => {
      try {
        let redirect: string;
        try {
          redirect = await run(req, currentStaff(req));
        } catch (err) {
          if (err instanceof InputError || (err instanceof AppError && err.status === 404 && err.code === 'not_found')) {
            await page(req, res, err.status, { kind: 'error', text: err.message });
            return;
          }
          throw err;
        }
        res.redirect(303, redirect);
      } catch (err) {
        next(err);
      }
    });
  }

  // Departments
  const departmentsPage = async (req: Request, res: Response, status = 200, flash?: Flash) => {
    sendPage(
      res,
      renderDepartmentsPage({
        display: ctx.display,
        staff: currentStaff(req),
        csrfToken: req.consoleSession!.csrfToken,
        departments: await listDepartments(),
        flash: flash ?? flashFromQuery(req),
      }),
      status,
    );
  };
  router.get('/admin/departments', adminOnly, async (req, res, next) => departmentsPage(req, res).catch(next));
  form('/admin/departments', departmentsPage, async (req, staff) => {
    const f = bodyOf(req);
    await createDepartment(codeField(f, 'code', { label: 'Mã phòng' })!, departmentInput(f), staff);
    return `${CONSOLE_BASE}/admin/departments?ok=created`;
  });
  form('/admin/departments/:code', departmentsPage, async (req, staff) => {
    const code = codeField({ code: req.params.code }, 'code', { label: 'Mã phòng' })!;
    await updateDepartment(code, departmentInput(bodyOf(req)), staff);
    return `${CONSOLE_BASE}/admin/departments?ok=saved#dept-${code}`;
  });

  // Routing rules
  const rulesPage = async (req: Request, res: Response, status = 200, flash?: Flash) => {
    const [rules, departments] = await Promise.all([listRules(), departmentChoices()]);
    sendPage(
      res,
      renderRulesPage({
        display: ctx.display,
        staff: currentStaff(req),
        csrfToken: req.consoleSession!.csrfToken,
        rules,
        departments,
        topics: ctx.topics,
        flash: flash ?? flashFromQuery(req),
      }),
      status,
    );
  };
  router.get('/admin/rules', adminOnly, async (req, res, next) => rulesPage(req, res).catch(next));
  form('/admin/rules', rulesPage, async (req, staff) => {
    await createRule(ruleInput(bodyOf(req)), staff);
    return `${CONSOLE_BASE}/admin/rules?ok=created`;
  });
  form('/admin/rules/:key', rulesPage, async (req, staff) => {
    const key = textField({ key: req.params.key }, 'key', { label: 'Mã quy tắc', max: 100 });
    if (!/^[A-Za-z0-9_.-]+$/.test(key)) throw new InputError('Mã quy tắc không hợp lệ.');
    await updateRule(key, ruleInput(bodyOf(req)), staff);
    return `${CONSOLE_BASE}/admin/rules?ok=saved`;
  });

  // Staff accounts
  const staffPage = async (req: Request, res: Response, status = 200, flash?: Flash) => {
    const [accounts, departments] = await Promise.all([listStaff(), departmentChoices()]);
    sendPage(
      res,
      renderStaffPage({
        display: ctx.display,
        staff: currentStaff(req),
        csrfToken: req.consoleSession!.csrfToken,
        accounts,
        departments,
        flash: flash ?? flashFromQuery(req),
      }),
      status,
    );
  };
  router.get('/admin/staff', adminOnly, async (req, res, next) => staffPage(req, res).catch(next));
  form('/admin/staff', staffPage, async (req, staff) => {
    const f = bodyOf(req);
    await createStaff(ctx.passwords, requireUsername(f.username), passwordField(f, 'password', 'mật khẩu'), staffInput(f), staff);
    return `${CONSOLE_BASE}/admin/staff?ok=created`;
  });
  form('/admin/staff/:id', staffPage, async (req, staff) => {
    await updateStaff(idParam(req.params.id), staffInput(bodyOf(req)), staff);
    return `${CONSOLE_BASE}/admin/staff?ok=saved`;
  });
  form('/admin/staff/:id/password', staffPage, async (req, staff) => {
    await resetStaffPassword(ctx.passwords, idParam(req.params.id), passwordField(bodyOf(req), 'password', 'mật khẩu mới'), staff);
    return `${CONSOLE_BASE}/admin/staff?ok=password_reset`;
  });
  form('/admin/staff/:id/unlock', staffPage, async (req, staff) => {
    await unlockStaff(idParam(req.params.id), staff);
    return `${CONSOLE_BASE}/admin/staff?ok=unlocked`;
  });

  // Holiday calendar
  const calendarPage = async (req: Request, res: Response, status = 200, flash?: Flash) => {
    const asked = intField(queryOf(req), 'year', { label: 'Năm', min: 2000, max: 2100, default: new Date().getFullYear() });
    const { days, coveredYears } = await describeCalendarYear(asked, ctx.calendarFile);
    const year = coveredYears.includes(asked) ? asked : (coveredYears[coveredYears.length - 1] ?? asked);
    const shown = year === asked ? days : (await describeCalendarYear(year, ctx.calendarFile)).days;
    sendPage(
      res,
      renderCalendarPage({
        display: ctx.display,
        staff: currentStaff(req),
        csrfToken: req.consoleSession!.csrfToken,
        year,
        coveredYears,
        days: shown,
        flash: flash ?? flashFromQuery(req),
      }),
      status,
    );
  };
  router.get('/admin/calendar', adminOnly, async (req, res, next) => calendarPage(req, res).catch(next));
  form('/admin/calendar', calendarPage, async (req, staff) => {
    const f = bodyOf(req);
    const date = textField(f, 'date', { label: 'ngày', max: 10 });
    const change = choiceField<CalendarChange>(f, 'change', ['holiday', 'working', 'extra_working'], { label: 'loại thay đổi' });
    await saveCalendarEdit({ date, change, name: textField(f, 'name', { label: 'Tên ngày nghỉ', max: 200, optional: true }) }, staff, ctx.calendarFile);
    await ctx.refreshCalendar();
    return `${CONSOLE_BASE}/admin/calendar?year=${date.slice(0, 4)}&ok=saved`;
  });
  form('/admin/calendar/revert', calendarPage, async (req, staff) => {
    const date = textField(bodyOf(req), 'date', { label: 'ngày', max: 10 });
    await removeCalendarEdit(date, staff, ctx.calendarFile);
    await ctx.refreshCalendar();
    return `${CONSOLE_BASE}/admin/calendar?year=${date.slice(0, 4)}&ok=saved`;
  });

  return router;
}
