import { isDuplicateKey } from '../db/connect.js';
import { OutboxWithdrawalModel, type WithdrawalCode } from '../db/models/outbox-withdrawal.js';
import type { WakeOutbox } from './wake.js';

/** Why a news item's waiting messages were withdrawn: the code and sentence they are marked failed with. */
export interface WithdrawalOutcome {
  code: WithdrawalCode;
  reason: string;
}

/**
 * Withdraws the messages of a news item still waiting in the outbox. Nothing is changed here:
 * the outbox worker, which alone writes a person's queued messages, marks each one failed with
 * this outcome when its turn comes, so a message whose send is already under way is recorded
 * `sent`, never both. The first withdrawal of an item wins. Idempotent. `wake` is the
 * withdrawing service's outbox wake-up, so its worker marks them without waiting for a poll.
 */
export async function withdrawBroadcastMessages(broadcastId: string, outcome: WithdrawalOutcome, now: Date, wake: WakeOutbox): Promise<void> {
  try {
    await OutboxWithdrawalModel.create({ _id: broadcastId, code: outcome.code, reason: outcome.reason, at: now });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  wake();
}

/** The withdrawal of this news item, if it was withdrawn. */
export async function findWithdrawal(broadcastId: string): Promise<WithdrawalOutcome | null> {
  const found = await OutboxWithdrawalModel.findById(broadcastId, { code: 1, reason: 1 }).lean();
  return found ? { code: found.code, reason: found.reason } : null;
}
