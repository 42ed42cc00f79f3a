import { randomUUID } from 'node:crypto';
import { Schema, model } from 'mongoose';
import { CHANNELS } from '../../domain/vocabulary.js';

export const TICKET_KINDS = ['question', 'complaint', 'denunciation', 'petition', 'feedback'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];
export const TICKET_STATUSES = ['new', 'in_progress', 'answered', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

const historySchema = new Schema(
  {
    at: { type: Date, required: true },
    /** `bot`, `person`, or a staff username. */
    actor: { type: String, required: true },
    action: { type: String, required: true },
    status: { type: String, enum: TICKET_STATUSES },
    departmentCode: String,
    note: String,
  },
  { _id: false },
);

/** A question, complaint, denunciation, petition or feedback, tracked until it is answered. */
const ticketSchema = new Schema(
  {
    /** Public code the person quotes, e.g. `KHCN-2026-00042`. */
    code: { type: String, required: true },
    /** Idempotency key of the request that created it (the code itself when none was given). */
    requestKey: { type: String, required: true, default: () => randomUUID() },
    kind: { type: String, enum: TICKET_KINDS, required: true },
    topic: String,
    departmentCode: { type: String, required: true },
    status: { type: String, enum: TICKET_STATUSES, default: 'new' },
    contactKey: String,
    channel: { type: String, enum: CHANNELS, required: true },
    language: { type: String, default: 'vi' },
    question: { type: String, required: true },
    attachments: { type: [{ type: { type: String }, url: String, name: String }], default: [] },
    /** Snapshot of the details the person consented to give for this ticket. */
    contact: { name: String, phone: String, email: String, address: String },
    dueAt: { type: Date, required: true },
    answer: { text: String, staffId: String, staffName: String, at: Date, outboxKey: String },
    rating: { score: Number, comment: String, at: Date },
    notes: { type: [{ at: Date, staffId: String, staffName: String, text: String }], default: [] },
    history: { type: [historySchema], default: [] },
    firstResponseAt: Date,
    resolvedAt: Date,
    /** Set when the person's data was erased; figures stay for the reports. */
    anonymisedAt: Date,
  },
  { timestamps: true, collection: 'tickets' },
);
ticketSchema.index({ code: 1 }, { unique: true });
ticketSchema.index({ requestKey: 1 }, { unique: true });
ticketSchema.index({ departmentCode: 1, status: 1, dueAt: 1 });
ticketSchema.index({ contactKey: 1, createdAt: -1 });
ticketSchema.index({ createdAt: 1 });

export const TicketModel = model('Ticket', ticketSchema);
