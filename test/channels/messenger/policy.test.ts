import { describe, expect, it } from 'vitest';
import { MessengerPolicy } from '../../../src/channels/messenger/policy.js';

const now = new Date('2026-11-20T08:00:00+07:00');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const policy = new MessengerPolicy();

describe('Messenger window rules', () => {
  it('when the person wrote 23 hours ago, then a bot reply goes as RESPONSE', () => {
    expect(policy.decide({ purpose: 'reply', lastInboundAt: hoursAgo(23), now })).toEqual({ allowed: true, messagingType: 'RESPONSE' });
  });

  it('when the person wrote 23 hours ago, then a reminder or staff answer goes as UPDATE', () => {
    expect(policy.decide({ purpose: 'reminder', lastInboundAt: hoursAgo(23), now })).toEqual({ allowed: true, messagingType: 'UPDATE' });
    expect(policy.decide({ purpose: 'staff_answer', lastInboundAt: hoursAgo(23), now })).toEqual({ allowed: true, messagingType: 'UPDATE' });
  });

  it('when the person wrote 30 hours ago, then a bot reply is held with a clear reason', () => {
    const decision = policy.decide({ purpose: 'reply', lastInboundAt: hoursAgo(30), now });
    expect(decision).toMatchObject({ allowed: false, code: 'messenger_window_closed' });
    expect(decision.allowed === false && decision.reason).toMatch(/24-hour window.*staff answer.*HUMAN_AGENT.*7 days/);
  });

  it('when the person wrote 30 hours ago, then broadcasts, reminders and notices are held too', () => {
    for (const purpose of ['broadcast', 'reminder', 'notice'] as const) {
      expect(policy.decide({ purpose, lastInboundAt: hoursAgo(30), now }).allowed).toBe(false);
    }
  });

  it('when the person wrote 30 hours ago, then a staff answer or staff message goes with the HUMAN_AGENT tag', () => {
    for (const purpose of ['staff_answer', 'staff_message'] as const) {
      expect(policy.decide({ purpose, lastInboundAt: hoursAgo(30), now })).toEqual({ allowed: true, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    }
  });

  it('when the Page has no Human Agent permission, then a staff answer after 24 hours is held', () => {
    const decision = new MessengerPolicy({ humanAgent: false }).decide({ purpose: 'staff_answer', lastInboundAt: hoursAgo(30), now });
    expect(decision).toMatchObject({ allowed: false, code: 'messenger_window_closed' });
    expect(decision.allowed === false && decision.reason).toMatch(/Human Agent/);
  });

  it('when the person wrote 8 days ago, then even a staff answer is held', () => {
    const decision = policy.decide({ purpose: 'staff_answer', lastInboundAt: hoursAgo(8 * 24), now });
    expect(decision).toMatchObject({ allowed: false, code: 'messenger_window_closed' });
    expect(decision.allowed === false && decision.reason).toMatch(/7 days/);
  });

  it('when the window edges are reached, then exactly 24 hours closes the window and exactly 7 days closes the tag', () => {
    expect(policy.decide({ purpose: 'reply', lastInboundAt: hoursAgo(24), now }).allowed).toBe(false);
    expect(policy.decide({ purpose: 'staff_answer', lastInboundAt: hoursAgo(7 * 24 - 0.01), now }).allowed).toBe(true);
    expect(policy.decide({ purpose: 'staff_answer', lastInboundAt: hoursAgo(7 * 24), now }).allowed).toBe(false);
  });

  it('when the person never wrote, then everything is held', () => {
    const decision = policy.decide({ purpose: 'staff_answer', now });
    expect(decision).toMatchObject({ allowed: false, code: 'messenger_window_closed' });
  });
});
