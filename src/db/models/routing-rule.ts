import { Schema, model } from 'mongoose';

/**
 * A routing rule sends a ticket to a department: by topic first, then by keyword in the
 * question, else to the office. Higher `priority` wins among rules of the same kind.
 */
const routingRuleSchema = new Schema(
  {
    /** Stable id, so seeding can recognise its own rules. */
    key: { type: String, required: true },
    topic: String,
    /** Folded keywords (lowercase, no diacritics) matched against the folded question. */
    keywords: { type: [String], default: [] },
    departmentCode: { type: String, required: true },
    priority: { type: Number, default: 0 },
    active: { type: Boolean, default: true },
    seedHash: String,
    editedAt: Date,
    editedBy: String,
  },
  { timestamps: true, collection: 'routing_rules' },
);
routingRuleSchema.index({ key: 1 }, { unique: true });
routingRuleSchema.index({ topic: 1 });

export const RoutingRuleModel = model('RoutingRule', routingRuleSchema);
