import { Schema, model } from 'mongoose';

export const STAFF_ROLES = ['admin', 'lead', 'officer', 'editor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

const staffSchema = new Schema(
  {
    username: { type: String, required: true },
    displayName: { type: String, required: true },
    /** scrypt hash in the form `scrypt$N$r$p$salt$hash`. */
    passwordHash: { type: String, required: true },
    role: { type: String, enum: STAFF_ROLES, required: true },
    /** Required for leads and officers. */
    departmentCode: String,
    email: String,
    active: { type: Boolean, default: true },
    failedLogins: { type: Number, default: 0 },
    lockedUntil: Date,
    passwordChangedAt: Date,
  },
  { timestamps: true, collection: 'staff' },
);
staffSchema.index({ username: 1 }, { unique: true });

export const StaffModel = model('Staff', staffSchema);
