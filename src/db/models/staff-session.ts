import { Schema, model } from 'mongoose';

/**
 * A signed-in console session. `_id` is the SHA-256 of the random cookie value, so a copy of
 * this collection cannot be used to sign in. Expired sessions are refused and swept.
 */
const staffSessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    staffId: { type: String, required: true },
    /** Per-session CSRF token, checked on every form post and API write. */
    csrfToken: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    ip: String,
    userAgent: String,
  },
  { collection: 'staff_sessions', versionKey: false },
);
staffSessionSchema.index({ staffId: 1 });
staffSessionSchema.index({ expiresAt: 1 });

export const StaffSessionModel = model('StaffSession', staffSessionSchema);
