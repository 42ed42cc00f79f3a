import { Schema, model } from 'mongoose';

/** Why a news item's waiting messages are withdrawn; the code they are marked failed with. */
const WITHDRAWAL_CODES = ['news_cancelled', 'news_expired'] as const;
export type WithdrawalCode = (typeof WITHDRAWAL_CODES)[number];

/**
 * A news item whose messages still waiting in the outbox must not go out. `_id` is the item's
 * id; the first withdrawal wins (an item cancelled after it expired stays expired). The outbox
 * worker reads it before each send of the item's messages and marks them failed with its code.
 */
const outboxWithdrawalSchema = new Schema(
  {
    _id: { type: String, required: true },
    code: { type: String, enum: WITHDRAWAL_CODES, required: true },
    reason: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'outbox_withdrawals', versionKey: false },
);

export const OutboxWithdrawalModel = model('OutboxWithdrawal', outboxWithdrawalSchema);
