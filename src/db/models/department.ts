import { Schema, model } from 'mongoose';

const departmentSchema = new Schema(
  {
    /** Stable short code used by routing rules and staff accounts, e.g. `tcdlcl`. */
    code: { type: String, required: true },
    name: { vi: { type: String, required: true }, en: { type: String, required: true } },
    /** Topic ids this department answers for. */
    topics: { type: [String], default: [] },
    contacts: {
      email: String,
      phone: String,
      address: String,
      hours: String,
    },
    /** True while the entry is the shipped sample that the province has not replaced. */
    isSample: { type: Boolean, default: false },
    active: { type: Boolean, default: true },
    /** Hash of the seed entry this document was last loaded from. */
    seedHash: String,
    /** Set when staff change the entry; the seed then leaves it alone. */
    editedAt: Date,
    editedBy: String,
  },
  { timestamps: true, collection: 'departments' },
);
departmentSchema.index({ code: 1 }, { unique: true });

export const DepartmentModel = model('Department', departmentSchema);
