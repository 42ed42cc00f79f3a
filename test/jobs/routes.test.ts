import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineDigestModel } from '../../src/db/models/deadline-digest.js';
import { runJobOnce } from '../../src/jobs/run.js';
import { ADMIN, addStaff, type ConsoleClient, DEPT_A, DEPT_B, signedIn } from '../console/support.js';
import { startServiceWithPages, type PagesService } from '../reports/console-service.js';

let world: PagesService;
let admin: ConsoleClient;
let lead: ConsoleClient;

const digest = (departmentCode: string, code: string) => ({
  _id: `${departmentCode}:2026-06-18`,
  departmentCode,
  date: '2026-06-18',
  generatedAt: new Date(),
  dueSoonUntil: new Date(),
  overdue: [{ ticketId: '0123456789abcdef01234567', code, kind: 'question', status: 'new', dueAt: new Date(), createdAt: new Date() }],
  dueSoon: [],
  mail: { status: 'not_configured' },
});

beforeAll(async () => {
  world = await startServiceWithPages('jobs_routes', {
    JOBS_ENABLED: 'true',
    JOB_DEADLINE_DIGEST_CRON: '0 7 1 1 *',
    JOB_EVENT_REMINDER_CRON: '0 7 1 1 *',
    JOB_BROADCAST_CRON: '0 7 1 1 *',
    JOB_RETENTION_CRON: '0 7 1 1 *',
  });
  admin = await signedIn(world.url, ADMIN);
  lead = await signedIn(world.url, await addStaff('truongphong', 'lead', DEPT_A));
  await DeadlineDigestModel.insertMany([digest(DEPT_A, 'KHCN-2026-00301'), digest(DEPT_B, 'KHCN-2026-00302')]);
});
afterAll(async () => {
  await world?.stop();
});

describe('scheduled work in the console', () => {
  it('when jobs are on, then the instance schedules the deadline digest, event reminders, news and retention', () => {
    expect(world.jobs.jobs.map((j) => j.name)).toEqual(['deadline-digest', 'event-reminders', 'news-dispatch', 'retention']);
  });

  it('when a job has run, then the admin sees the run with its outcome and counts', async () => {
    const retention = world.jobs.jobs.find((j) => j.name === 'retention')!;
    expect((await runJobOnce(retention)).status).toBe('ok');
    const res = await admin.get('/console/jobs?job=retention');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<td>retention</td><td>Thủ công</td>');
    expect(res.text).toContain('Xong');
    expect(res.text).toContain('contactsErased: 0');
  });

  it('when a department lead opens the page, then they see their own digest and no one else’s, and no job runs', async () => {
    const res = await lead.get('/console/jobs');
    expect(res.status).toBe(200);
    expect(res.text).toContain('KHCN-2026-00301');
    expect(res.text).not.toContain('KHCN-2026-00302');
    expect(res.text).not.toContain('Lượt chạy gần đây');
    expect(res.text).toContain('chưa cấu hình SMTP');
  });
});
