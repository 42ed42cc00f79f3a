import { Schema, model } from 'mongoose';

/**
 * Failed console sign-ins counted per source: `user:<username>` (whether or not the account
 * exists, so a lockout reveals nothing) and `ip:<address>`. Shared by every instance.
 */
const loginThrottleSchema = new Schema(
  {
    _id: { type: String, required: true },
    failures: { type: Number, required: true },
    /** Start of the counting window; failures older than the window are forgotten. */
    windowStart: { type: Date, required: true },
    lockedUntil: Date,
    /** How many times this source was locked in a row (each lock lasts longer). */
    locks: { type: Number, default: 0 },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'login_throttle', versionKey: false },
);
loginThrottleSchema.index({ updatedAt: 1 });

export const LoginThrottleModel = model('LoginThrottle', loginThrottleSchema);
