import { describe, expect, it } from 'vitest';
import { ZaloPolicy } from '../../../src/channels/zalo/policy.js';

const NOW = new Date('2026-05-12T09:00:00+07:00');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
const decide = (policy: ZaloPolicy, lastInboundAt?: Date) => policy.decide({ purpose: 'staff_answer', lastInboundAt, now: NOW });

describe('Zalo window policy', () => {
  const paying = new ZaloPolicy({ days: 7, freeHours: 48, sendBillable: true });
  const frugal = new ZaloPolicy({ days: 7, freeHours: 48, sendBillable: false });

  it('when the person wrote 47 hours ago, then the message is allowed and free', () => {
    expect(decide(paying, hoursAgo(47))).toEqual({ allowed: true, billable: false });
    expect(decide(frugal, hoursAgo(47))).toEqual({ allowed: true, billable: false });
  });

  it('when the person wrote 72 hours ago and billable sending is on, then it is allowed and marked billable', () => {
    expect(decide(paying, hoursAgo(72))).toEqual({ allowed: true, billable: true });
  });

  it('when the person wrote 72 hours ago and billable sending is off, then it is held with the reason', () => {
    const decision = decide(frugal, hoursAgo(72));
    expect(decision).toMatchObject({ allowed: false, code: 'zalo_billable_disabled' });
    if (!decision.allowed) expect(decision.reason).toMatch(/3 days ago.*48 free hours.*ZALO_SEND_BILLABLE=false/);
  });

  it('when the person wrote 8 days ago, then it is held because the 7-day window is closed', () => {
    const decision = decide(paying, hoursAgo(8 * 24));
    expect(decision).toMatchObject({ allowed: false, code: 'zalo_window_closed' });
    if (!decision.allowed) expect(decision.reason).toMatch(/8 days.*7 days/);
  });

  it('when the person never wrote, then it is held', () => {
    expect(decide(paying)).toMatchObject({ allowed: false, code: 'zalo_no_interaction' });
  });

  it('when the window is configured shorter, then the setting decides', () => {
    const short = new ZaloPolicy({ days: 3, freeHours: 24, sendBillable: true });
    expect(decide(short, hoursAgo(30))).toEqual({ allowed: true, billable: true });
    expect(decide(short, hoursAgo(80))).toMatchObject({ allowed: false, code: 'zalo_window_closed' });
  });
});
