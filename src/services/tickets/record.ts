import type { Channel, Language } from '../../domain/vocabulary.js';
import type { TicketKind, TicketStatus } from '../../db/models/ticket.js';

interface TicketHistoryEntry {
  at: Date;
  /** `person`, `bot`, `system` or a staff username. */
  actor: string;
  action: string;
  status?: TicketStatus;
  departmentCode?: string;
  note?: string;
}

interface TicketNote {
  at: Date;
  staffId: string;
  staffName: string;
  text: string;
}

export interface TicketAttachment {
  type?: string;
  url?: string;
  name?: string;
}

export interface TicketContactSnapshot {
  name?: string;
  phone?: string;
  email?: string;
  address?: string;
}

/** A ticket as services return it: a plain object, never a mongoose document. */
export interface TicketRecord {
  id: string;
  code: string;
  kind: TicketKind;
  topic?: string;
  departmentCode: string;
  status: TicketStatus;
  /** Absent once the person's data was erased. */
  contactKey?: string;
  channel: Channel;
  language: Language;
  question: string;
  attachments: TicketAttachment[];
  /** Only the details the person consented to give. */
  contact?: TicketContactSnapshot;
  dueAt: Date;
  answer?: { text: string; staffId?: string; staffName?: string; at: Date; outboxKey?: string };
  rating?: { score: number; comment?: string; at: Date };
  notes: TicketNote[];
  history: TicketHistoryEntry[];
  firstResponseAt?: Date;
  resolvedAt?: Date;
  anonymisedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** What a person may see of their own ticket: no internal notes, no staff usernames. */
export interface PersonTicketView {
  code: string;
  kind: TicketKind;
  topic?: string;
  departmentCode: string;
  status: TicketStatus;
  dueAt: Date;
  createdAt: Date;
  answer?: { text: string; at: Date };
  rating?: { score: number; comment?: string };
}

type Maybe<T> = T | null | undefined;

/** The shape `TicketModel.find().lean()` gives back, loosely typed at the edges. */
export interface TicketDoc {
  _id: { toString(): string };
  code: string;
  kind: string;
  topic?: Maybe<string>;
  departmentCode: string;
  status?: Maybe<string>;
  contactKey?: Maybe<string>;
  channel: string;
  language?: Maybe<string>;
  question: string;
  attachments?: Maybe<{ type?: Maybe<string>; url?: Maybe<string>; name?: Maybe<string> }[]>;
  contact?: Maybe<{ name?: Maybe<string>; phone?: Maybe<string>; email?: Maybe<string>; address?: Maybe<string> }>;
  dueAt: Date;
  answer?: Maybe<{ text?: Maybe<string>; staffId?: Maybe<string>; staffName?: Maybe<string>; at?: Maybe<Date>; outboxKey?: Maybe<string> }>;
  rating?: Maybe<{ score?: Maybe<number>; comment?: Maybe<string>; at?: Maybe<Date> }>;
  notes?: Maybe<{ at?: Maybe<Date>; staffId?: Maybe<string>; staffName?: Maybe<string>; text?: Maybe<string> }[]>;
  history?: Maybe<{ at: Date; actor: string; action: string; status?: Maybe<string>; departmentCode?: Maybe<string>; note?: Maybe<string> }[]>;
  firstResponseAt?: Maybe<Date>;
  resolvedAt?: Maybe<Date>;
  anonymisedAt?: Maybe<Date>;
  createdAt?: Maybe<Date>;
  updatedAt?: Maybe<Date>;
}

function opt<T>(value: Maybe<T>): T | undefined {
  return value ?? undefined;
}

function compact<T extends object>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length > 0 ? (Object.fromEntries(entries) as T) : undefined;
}

/** Converts a lean ticket document to a {@link TicketRecord}. */
export function toTicketRecord(doc: TicketDoc): TicketRecord {
  const answer =
    doc.answer?.text && doc.answer.at
      ? {
          text: doc.answer.text,
          staffId: opt(doc.answer.staffId),
          staffName: opt(doc.answer.staffName),
          at: doc.answer.at,
          outboxKey: opt(doc.answer.outboxKey),
        }
      : undefined;
  const rating =
    typeof doc.rating?.score === 'number' && doc.rating.at ? { score: doc.rating.score, comment: opt(doc.rating.comment), at: doc.rating.at } : undefined;
  return {
    id: doc._id.toString(),
    code: doc.code,
    kind: doc.kind as TicketKind,
    topic: opt(doc.topic),
    departmentCode: doc.departmentCode,
    status: (doc.status ?? 'new') as TicketStatus,
    contactKey: opt(doc.contactKey),
    channel: doc.channel as Channel,
    language: (doc.language ?? 'vi') as Language,
    question: doc.question,
    attachments: (doc.attachments ?? []).map((a) => compact({ type: opt(a.type), url: opt(a.url), name: opt(a.name) }) ?? {}),
    contact: doc.contact
      ? compact({ name: opt(doc.contact.name), phone: opt(doc.contact.phone), email: opt(doc.contact.email), address: opt(doc.contact.address) })
      : undefined,
    dueAt: doc.dueAt,
    answer,
    rating,
    notes: (doc.notes ?? []).map((n) => ({ at: n.at ?? new Date(0), staffId: n.staffId ?? '', staffName: n.staffName ?? '', text: n.text ?? '' })),
    history: (doc.history ?? []).map((h) => ({
      at: h.at,
      actor: h.actor,
      action: h.action,
      status: opt(h.status) as TicketStatus | undefined,
      departmentCode: opt(h.departmentCode),
      note: opt(h.note),
    })),
    firstResponseAt: opt(doc.firstResponseAt),
    resolvedAt: opt(doc.resolvedAt),
    anonymisedAt: opt(doc.anonymisedAt),
    createdAt: doc.createdAt ?? new Date(0),
    updatedAt: doc.updatedAt ?? doc.createdAt ?? new Date(0),
  };
}

/** The person's view of their ticket (see {@link PersonTicketView}). */
export function toPersonView(ticket: TicketRecord): PersonTicketView {
  return {
    code: ticket.code,
    kind: ticket.kind,
    topic: ticket.topic,
    departmentCode: ticket.departmentCode,
    status: ticket.status,
    dueAt: ticket.dueAt,
    createdAt: ticket.createdAt,
    answer: ticket.answer ? { text: ticket.answer.text, at: ticket.answer.at } : undefined,
    rating: ticket.rating ? { score: ticket.rating.score, comment: ticket.rating.comment } : undefined,
  };
}
