import type { BroadcastStatus } from '../db/models/broadcast.js';

/** A news item as services return it: a plain object. */
export interface BroadcastRecord {
  id: string;
  topic: string;
  title: string;
  text: string;
  link?: { url: string; title?: string };
  imageUrl?: string;
  scheduledAt: Date;
  expiresAt: Date;
  status: BroadcastStatus;
  targeted: number;
  createdBy: string;
  createdAt: Date;
  plannedAt?: Date;
  doneAt?: Date;
  cancelledAt?: Date;
  cancelledBy?: string;
}

type Maybe<T> = T | null | undefined;

/** The shape `BroadcastModel.find().lean()` gives back. */
export interface BroadcastDoc {
  _id: { toString(): string };
  topic: string;
  title: string;
  text: string;
  link?: Maybe<{ url?: Maybe<string>; title?: Maybe<string> }>;
  imageUrl?: Maybe<string>;
  scheduledAt: Date;
  expiresAt: Date;
  status?: Maybe<string>;
  targeted?: Maybe<number>;
  createdBy: string;
  createdAt?: Maybe<Date>;
  plannedAt?: Maybe<Date>;
  doneAt?: Maybe<Date>;
  cancelledAt?: Maybe<Date>;
  cancelledBy?: Maybe<string>;
}

export function toBroadcastRecord(doc: BroadcastDoc): BroadcastRecord {
  return {
    id: doc._id.toString(),
    topic: doc.topic,
    title: doc.title,
    text: doc.text,
    link: doc.link?.url ? { url: doc.link.url, title: doc.link.title ?? undefined } : undefined,
    imageUrl: doc.imageUrl ?? undefined,
    scheduledAt: doc.scheduledAt,
    expiresAt: doc.expiresAt,
    status: (doc.status ?? 'scheduled') as BroadcastStatus,
    targeted: doc.targeted ?? 0,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt ?? doc.scheduledAt,
    plannedAt: doc.plannedAt ?? undefined,
    doneAt: doc.doneAt ?? undefined,
    cancelledAt: doc.cancelledAt ?? undefined,
    cancelledBy: doc.cancelledBy ?? undefined,
  };
}
