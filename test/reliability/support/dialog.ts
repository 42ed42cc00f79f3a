import { randomBytes } from 'node:crypto';
import { loadI18n, t } from '../../../src/i18n.js';
import type { Reply, Tally } from './ledger.js';
import type { Delivery, Person, Said } from './traffic.js';

/**
 * A two-step exchange with the project's own flows, repeated: the person taps "track by code"
 * (the bot asks for a code, opening the tracking dialog), then types something that is not a
 * code (the dialog, still waiting, asks again). The second reply is only right if the first
 * step's dialog state was there, so every pair proves the dialog continued; and the replies
 * alternate, so order and duplicates show in the sequence.
 */
export function trackDialog(): { say: (person: Person, k: number) => Said; expected: (k: number) => string } {
  loadI18n('content');
  const askCode = t('vi', 'track:ask_code');
  const retry = t('vi', 'track:invalid_retry');
  return {
    say: (_person, k) => (k % 2 === 0 ? { payload: 'TRACK_CODE' } : { text: `mã zq ${k} ${randomBytes(2).toString('hex')}` }),
    expected: (k) => (k % 2 === 0 ? askCode : retry),
  };
}

export interface SequenceCheck extends Tally {
  /** People whose replies were not exactly the expected sequence, with the first difference. */
  mismatches: { person: string; at: number; expected: string | undefined; received: string | undefined }[];
}

/**
 * Compares, person by person, the replies the platform received (in arrival order) with the
 * replies expected for their acknowledged messages (in the order sent). Missing replies count
 * as lost, extra ones as duplicates; any other difference (order, a wrong dialog step) is a mismatch.
 */
export function checkSequences(deliveries: Delivery[], replies: Reply[], expected: (k: number) => string): SequenceCheck {
  const byPerson = new Map<string, { expected: string[]; received: string[] }>();
  const slot = (key: string) => {
    let s = byPerson.get(key);
    if (!s) byPerson.set(key, (s = { expected: [], received: [] }));
    return s;
  };
  for (const d of [...deliveries].sort((a, b) => a.seq - b.seq)) {
    if (d.acked) slot(`${d.event.person.platform}:${d.event.person.userId}`).expected.push(expected(d.seq));
  }
  for (const r of replies) slot(`${r.platform}:${r.userId}`).received.push(r.text);
  let received = 0;
  let duplicates = 0;
  let lost = 0;
  const mismatches: SequenceCheck['mismatches'] = [];
  for (const [person, s] of byPerson) {
    received += Math.min(s.received.length, s.expected.length);
    duplicates += Math.max(0, s.received.length - s.expected.length);
    lost += Math.max(0, s.expected.length - s.received.length);
    const at = s.expected.findIndex((text, i) => s.received[i] !== text);
    if (at >= 0 || s.received.length !== s.expected.length) {
      const i = at >= 0 ? at : Math.min(s.received.length, s.expected.length);
      mismatches.push({ person, at: i, expected: s.expected[i]?.slice(0, 40), received: s.received[i]?.slice(0, 40) });
    }
  }
  return { sent: deliveries.length, acknowledged: deliveries.filter((d) => d.acked).length, received, duplicates, lost, mismatches };
}
