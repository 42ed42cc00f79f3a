import { ContactModel } from '../db/models/contact.js';
import { replaceTally, type TallyCounts } from '../db/tally.js';
import { log } from '../log.js';
import { runMigrationOnce } from '../migrations/run-once.js';
import { SUBSCRIBER_TALLY, subscriberKeys, wroteCounts, wroteTallyName } from './contact-tallies.js';

const migrationLog = log.child({ module: 'migration' });

/** What one run counted. */
export interface ContactTalliesReport {
  contacts: number;
  subscribers: number;
  months: number;
}

/**
 * Counts the reports' tallies afresh from every stored contact (one read of the contacts):
 * the subscribers by channel and topic, and for each month the days people wrote (from the
 * days kept on each contact). Idempotent: run again, it writes the same tallies. Tests and
 * the bench that store contacts directly call it to bring the tallies up to date.
 */
export async function rebuildContactTallies(): Promise<ContactTalliesReport> {
  const subscribers: TallyCounts = new Map();
  const months = new Map<string, TallyCounts>();
  let contacts = 0;
  let subscribed = 0;
  for await (const contact of ContactModel.find({}, { channel: 1, subscriptions: 1, followState: 1, activeDays: 1 }).lean().cursor({ batchSize: 1_000 })) {
    contacts += 1;
    const keys = subscriberKeys(contact);
    if (keys.length > 0) subscribed += 1;
    for (const key of keys) subscribers.set(key, (subscribers.get(key) ?? 0) + 1);
    wroteCounts(contact.activeDays ?? [], months);
  }
  await replaceTally(SUBSCRIBER_TALLY, subscribers);
  for (const [month, counts] of months) await replaceTally(wroteTallyName(month), counts);
  return { contacts, subscribers: subscribed, months: months.size };
}

/**
 * Fills the reports' subscriber and people-who-wrote tallies for contacts stored before they
 * were kept (see {@link rebuildContactTallies}). Runs at start after the ticket copies, once:
 * a marker document makes every later start skip it with one `_id` lookup.
 */
export async function migrateToContactTallies(): Promise<ContactTalliesReport | null> {
  return runMigrationOnce('contact-tallies', async () => {
    const report = await rebuildContactTallies();
    if (report.contacts > 0) migrationLog.info(report, 'counted the subscribers and the people who wrote each month for the reports');
    return report;
  });
}
