import { Schema, model } from 'mongoose';

/**
 * A lease: one holder at a time across all instances, until `until`. Used for scheduled jobs,
 * for per-person inbox and outbox queues, and for the single-use Zalo token refresh.
 */
const leaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    until: { type: Date, required: true },
    acquiredAt: { type: Date, required: true },
  },
  { collection: 'leases', versionKey: false },
);
leaseSchema.index({ until: 1 });

export const LeaseModel = model('Lease', leaseSchema);
