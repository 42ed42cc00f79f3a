import { DeadlineDigestModel } from '../db/models/deadline-digest.js';
import { DepartmentModel } from '../db/models/department.js';
import { OpenTicketModel } from '../db/models/open-ticket.js';
import type { Logger } from '../log.js';
import { KIND_LABELS, STATUS_LABELS, formatDateTimeVi, formatDateVi, labelOf } from '../reports/labels.js';
import { addWorkingDays, type WorkingCalendar } from '../services/working-days.js';
import { localDateOf } from '../services/zoned-time.js';
import type { Mailer } from './mailer.js';
import type { JobDefinition } from './types.js';

export interface DeadlineDigestOptions {
  calendar: WorkingCalendar;
  /** Undefined when SMTP is not configured: digests then stay in the console. */
  mailer?: Mailer;
  /** "Due soon" means due by the end of this many working days after today. Default 2. */
  dueSoonWorkingDays?: number;
  /** Link to the console's digest page, put in the mail. */
  consoleUrl?: string;
}

interface DigestItem {
  ticketId: string;
  code: string;
  kind: string;
  topic?: string;
  status: string;
  dueAt: Date;
  createdAt: Date;
}

/**
 * Builds today's digest of every department with open tickets that are overdue or due within
 * the look-ahead, stores it (one per department and local day: running again the same day
 * refreshes the lists and never mails twice) and mails it to the department's
 * `contacts.email` when a mailer is given. Without one the digest stays in the console and the
 * log says so. A failed mail is recorded on the digest and tried again at the next run that day.
 */
export async function buildDeadlineDigests(now: Date, options: DeadlineDigestOptions, log: Logger): Promise<Record<string, number>> {
  const { calendar } = options;
  const date = localDateOf(now, calendar.timezone);
  const dueSoonUntil = addWorkingDays(now, options.dueSoonWorkingDays ?? 2, calendar);
  // The open tickets alone (`open_tickets`, new or in progress), not the years of tickets kept.
  const tickets = await OpenTicketModel.find(
    { dueAt: { $lte: dueSoonUntil } },
    { code: 1, kind: 1, topic: 1, status: 1, dueAt: 1, createdAt: 1, departmentCode: 1 },
  )
    .sort({ dueAt: 1 })
    .lean();
  const byDepartment = new Map<string, { overdue: DigestItem[]; dueSoon: DigestItem[] }>();
  for (const t of tickets) {
    const item: DigestItem = {
      ticketId: t._id,
      code: t.code,
      kind: t.kind,
      topic: t.topic ?? undefined,
      status: t.status,
      dueAt: t.dueAt,
      createdAt: t.createdAt,
    };
    const entry = byDepartment.get(t.departmentCode) ?? { overdue: [], dueSoon: [] };
    (t.dueAt.getTime() < now.getTime() ? entry.overdue : entry.dueSoon).push(item);
    byDepartment.set(t.departmentCode, entry);
  }

  const counts = { departments: 0, overdue: 0, dueSoon: 0, mailed: 0, mailFailed: 0, notMailed: 0 };
  if (!options.mailer && byDepartment.size > 0) {
    log.info('SMTP is not configured (SMTP_HOST unset): deadline digests stay in the staff console under Jobs');
  }
  const departments = await DepartmentModel.find({ code: { $in: [...byDepartment.keys()] } }, { code: 1, name: 1, contacts: 1 }).lean();
  const departmentByCode = new Map(departments.map((d) => [d.code, d]));

  for (const [departmentCode, lists] of byDepartment) {
    counts.departments += 1;
    counts.overdue += lists.overdue.length;
    counts.dueSoon += lists.dueSoon.length;
    const id = `${departmentCode}:${date}`;
    const digest = await DeadlineDigestModel.findOneAndUpdate(
      { _id: id },
      {
        $set: { overdue: lists.overdue, dueSoon: lists.dueSoon, generatedAt: now, dueSoonUntil },
        $setOnInsert: { departmentCode, date, 'mail.status': 'pending' },
      },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    const mailStatus = digest?.mail?.status ?? 'pending';
    if (mailStatus === 'sent') continue;
    const department = departmentByCode.get(departmentCode);
    const to = department?.contacts?.email ?? undefined;
    if (!options.mailer) {
      counts.notMailed += 1;
      await DeadlineDigestModel.updateOne({ _id: id }, { $set: { 'mail.status': 'not_configured' } });
      continue;
    }
    if (!to) {
      counts.notMailed += 1;
      log.warn({ departmentCode }, 'department has no e-mail address: its deadline digest stays in the console; add one in the directory');
      await DeadlineDigestModel.updateOne({ _id: id }, { $set: { 'mail.status': 'no_address' } });
      continue;
    }
    const name = department?.name?.vi ?? departmentCode;
    try {
      await options.mailer.send(
        composeDigestMail({
          to,
          departmentName: name,
          date: formatDateVi(now, calendar.timezone),
          ...lists,
          timeZone: calendar.timezone,
          consoleUrl: options.consoleUrl,
        }),
      );
      counts.mailed += 1;
      await DeadlineDigestModel.updateOne({ _id: id }, { $set: { 'mail.status': 'sent', 'mail.to': to, 'mail.at': new Date() }, $unset: { 'mail.error': 1 } });
    } catch (err) {
      counts.mailFailed += 1;
      log.error({ err, departmentCode, to }, 'deadline digest could not be mailed; it is in the console and mailing is tried again at the next run today');
      await DeadlineDigestModel.updateOne(
        { _id: id },
        { $set: { 'mail.status': 'failed', 'mail.to': to, 'mail.error': String(err instanceof Error ? err.message : err).slice(0, 500) } },
      );
    }
  }
  return counts;
}

interface DigestMailInput {
  to: string;
  departmentName: string;
  date: string;
  overdue: DigestItem[];
  dueSoon: DigestItem[];
  timeZone: string;
  consoleUrl?: string;
}

/** The digest as a plain Vietnamese mail: overdue first, then due soon, one line per ticket. */
function composeDigestMail(input: DigestMailInput): { to: string; subject: string; text: string } {
  const line = (i: DigestItem) =>
    `- ${i.code} · ${labelOf(KIND_LABELS, i.kind)} · ${labelOf(STATUS_LABELS, i.status)} · hạn ${formatDateTimeVi(i.dueAt, input.timeZone)}`;
  const parts = [`Kính gửi ${input.departmentName},`, '', `Tình hình hạn xử lý ngày ${input.date}:`, ''];
  parts.push(`QUÁ HẠN (${input.overdue.length}):`, ...(input.overdue.length ? input.overdue.map(line) : ['- Không có']), '');
  parts.push(`SẮP ĐẾN HẠN (${input.dueSoon.length}):`, ...(input.dueSoon.length ? input.dueSoon.map(line) : ['- Không có']), '');
  if (input.consoleUrl) parts.push(`Xem và xử lý trên trang quản trị: ${input.consoleUrl}`, '');
  parts.push('Thư gửi tự động từ hệ thống Cầu Nối.');
  return {
    to: input.to,
    subject: `[Cầu Nối] ${input.departmentName}: ${input.overdue.length} quá hạn, ${input.dueSoon.length} sắp đến hạn (${input.date})`,
    text: parts.join('\n'),
  };
}

/** The daily deadline digest as a scheduled job. */
export function deadlineDigestJob(cron: string, options: DeadlineDigestOptions): JobDefinition {
  return {
    name: 'deadline-digest',
    cron,
    async run({ now, log }) {
      const counts = await buildDeadlineDigests(now, options, log);
      const summary =
        counts.departments === 0
          ? 'Không có hồ sơ quá hạn hoặc sắp đến hạn'
          : `${counts.departments} phòng: ${counts.overdue} quá hạn, ${counts.dueSoon} sắp đến hạn; ${counts.mailed} thư đã gửi`;
      return { counts, summary };
    },
  };
}
