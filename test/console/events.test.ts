import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetStaffPassword, updateStaff } from '../../src/console/admin/staff.js';
import { StaffModel } from '../../src/db/models/staff.js';
import { addStaff, ADMIN, DEPT_A, DEPT_B, signedIn, startConsoleService, testPasswords, type ConsoleClient, type ConsoleTestService } from './support.js';

let t: ConsoleTestService;

beforeAll(async () => {
  t = await startConsoleService('console_events', { settings: { streamSessionCheckMs: 100, maxStreamsPerStaff: 8, maxStreamsPerNetwork: 3 } });
});
afterAll(async () => {
  await t?.stop();
});

interface LiveStream {
  status: number;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens `/console/events` with the client's session cookie and tells when the server ends it. */
async function openStream(client: ConsoleClient): Promise<LiveStream> {
  const controller = new AbortController();
  const res = await fetch(`${t.url}/console/events`, {
    headers: { Cookie: `caunoi_console=${client.cookies.get('caunoi_console')}`, Accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const ended = (async () => {
    if (!res.body) return;
    const reader = res.body.getReader();
    for (;;) if ((await reader.read()).done) return;
  })().catch(() => undefined);
  return { status: res.status, ended, close: () => controller.abort() };
}

/** True once `stream` has been ended by the server (checked without waiting for a fixed time). */
async function endedBy(stream: LiveStream): Promise<boolean> {
  await stream.ended;
  return true;
}

const admin = async () => {
  const doc = await StaffModel.findOne({ username: ADMIN.username }).lean();
  return { id: String(doc!._id), username: ADMIN.username, displayName: 'Quản trị', role: 'admin' as const };
};

describe('console live streams end with the session and the rights that opened them', () => {
  it('when the member of staff signs out, then their open stream ends', async () => {
    const officer = await addStaff('cb-dangxuat', 'officer', DEPT_A);
    const client = await signedIn(t.url, officer);
    const stream = await openStream(client);
    expect(stream.status).toBe(200);
    expect((await client.post('/console/logout')).status).toBe(303);
    expect(await endedBy(stream)).toBe(true);
  });

  it('when an admin deactivates the account, then its open stream ends and a new one is refused', async () => {
    const officer = await addStaff('cb-khoa', 'officer', DEPT_A);
    const client = await signedIn(t.url, officer);
    const stream = await openStream(client);
    await updateStaff(officer.id, { displayName: 'Cán bộ cb-khoa', role: 'officer', departmentCode: DEPT_A, active: false }, await admin());
    expect(await endedBy(stream)).toBe(true);
    expect((await openStream(client)).status).toBe(401);
  });

  it('when an admin resets the password, then the open stream ends', async () => {
    const officer = await addStaff('cb-datlai', 'officer', DEPT_A);
    const client = await signedIn(t.url, officer);
    const stream = await openStream(client);
    await resetStaffPassword(testPasswords, officer.id, 'Mat-khau-moi-rat-dai-2026', await admin());
    expect(await endedBy(stream)).toBe(true);
  });

  it('when the department or role changes, then the stream ends, and the reconnected stream carries the new rights', async () => {
    const lead = await addStaff('cb-chuyen', 'lead', DEPT_A);
    const client = await signedIn(t.url, lead);
    const stream = await openStream(client);
    await updateStaff(lead.id, { displayName: 'Cán bộ cb-chuyen', role: 'lead', departmentCode: DEPT_B, active: true }, await admin());
    expect(await endedBy(stream)).toBe(true);
    const again = await openStream(client);
    expect(again.status).toBe(200);
    await updateStaff(lead.id, { displayName: 'Cán bộ cb-chuyen', role: 'officer', departmentCode: DEPT_B, active: true }, await admin());
    expect(await endedBy(again)).toBe(true);
  });

  it('when one address holds the most console streams allowed, then the next is refused until one closes', async () => {
    const clients = await Promise.all(
      ['cb-mang-1', 'cb-mang-2', 'cb-mang-3', 'cb-mang-4'].map(async (name) => signedIn(t.url, await addStaff(name, 'officer', DEPT_A))),
    );
    const open = [await openStream(clients[0]!), await openStream(clients[1]!), await openStream(clients[2]!)];
    try {
      expect(open.map((s) => s.status)).toEqual([200, 200, 200]);
      const refused = await fetch(`${t.url}/console/events`, {
        headers: { Cookie: `caunoi_console=${clients[3]!.cookies.get('caunoi_console')}`, Accept: 'application/json' },
      });
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: string }).error).toBe('too_many_streams_from_address');
      open.shift()!.close();
      await expect
        .poll(async () => {
          const retry = await openStream(clients[3]!);
          if (retry.status === 200) open.push(retry);
          return retry.status;
        })
        .toBe(200);
    } finally {
      for (const stream of open) stream.close();
    }
  });
});
