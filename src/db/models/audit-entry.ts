import { Schema, model } from 'mongoose';

/** Who did what, when, to what. Written for every staff action and every change of personal data. */
const auditEntrySchema = new Schema(
  {
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    targetType: { type: String, required: true },
    targetId: { type: String, required: true },
    details: { type: Schema.Types.Mixed },
  },
  { collection: 'audit_log', versionKey: false },
);
auditEntrySchema.index({ targetType: 1, targetId: 1, at: 1 });
auditEntrySchema.index({ at: -1 });

export const AuditEntryModel = model('AuditEntry', auditEntrySchema);
