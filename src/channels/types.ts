import type { Channel } from '../domain/vocabulary.js';

export type { Channel };

/** An attachment a person sent, in one shape for every channel. */
export interface InboundAttachment {
  type: 'image' | 'file' | 'sticker' | 'location' | 'link' | 'audio' | 'video' | 'gif' | 'other';
  url?: string;
  name?: string;
  /** For `location`. */
  latitude?: number;
  longitude?: number;
}

/** Details a person submitted through a platform form (Zalo `user_submit_info`). */
export interface SubmittedInfo {
  name?: string;
  phone?: string;
  address?: string;
  city?: string;
}

/**
 * One event from a person, normalised at the channel boundary. Everything past the webhook
 * works with this shape only; `raw` keeps the platform's own payload for the record.
 */
export interface InboundEvent {
  channel: Channel;
  /** The platform's id for this event, the dedupe key (Zalo `msg_id`, Messenger `mid`). */
  eventId: string;
  /** The person's id on that platform (Zalo OA-scoped `user_id`, Messenger PSID, web chat visitor id). */
  userId: string;
  /** Platform time of the event, epoch milliseconds. */
  timestamp: number;
  type: 'message' | 'postback' | 'follow' | 'unfollow' | 'submit_info';
  /** What the person typed, or the button's title for a quick reply. */
  text?: string;
  /** Payload of a quick reply, postback or query button. */
  payload?: string;
  attachments?: InboundAttachment[];
  submittedInfo?: SubmittedInfo;
  /** Name shown by the platform, when the event carries one. */
  displayName?: string;
  raw: unknown;
}

/** A button under a message. `postback` comes back as an inbound event with `payload`. */
export type OutboundButton =
  { type: 'postback'; title: string; payload: string } | { type: 'url'; title: string; url: string } | { type: 'phone'; title: string; phone: string };

/**
 * A channel-neutral message. Each channel's `render` turns it into the platform's format and
 * limits (numbered text where buttons are not available, splitting of long texts).
 */
export interface OutboundMessage {
  text: string;
  /** Short choices shown as chips; the chosen `payload` comes back as an inbound postback. */
  quickReplies?: { title: string; payload: string }[];
  buttons?: OutboundButton[];
  imageUrl?: string;
  /** Ask for contact details through the platform's own form (Zalo request_user_info). */
  requestUserInfo?: { title: string; subtitle: string; imageUrl?: string };
}

/** Why a message is sent: it decides which platform window rules apply. */
export type SendPurpose = 'reply' | 'staff_answer' | 'staff_message' | 'broadcast' | 'reminder' | 'notice';

/** True for purposes whose text a person on the staff wrote (Messenger HUMAN_AGENT may carry them). */
export function isHumanWritten(purpose: SendPurpose): boolean {
  return purpose === 'staff_answer' || purpose === 'staff_message';
}

/** What the window rules decided for one message. */
export type WindowDecision =
  | {
      allowed: true;
      /** Messenger `messaging_type` and `tag` to use. */ messagingType?: 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG';
      tag?: 'HUMAN_AGENT';
      billable?: boolean;
    }
  | { allowed: false; code: string; reason: string };

export interface SendOptions {
  purpose: SendPurpose;
  window: Extract<WindowDecision, { allowed: true }>;
}

export interface SendResult {
  /** The platform's id for the sent message (the last one when the text was split). */
  platformMessageId?: string;
}

/**
 * Sends to one channel. Implementations throw {@link ChannelSendError} (or a subclass) for a
 * platform refusal and {@link ChannelUnreachableError} when the call never completed.
 */
export interface ChannelClient {
  readonly channel: Channel;
  send(recipientId: string, message: OutboundMessage, options: SendOptions): Promise<SendResult>;
}

/** The platform's messaging-window rules for one channel. Pure: no I/O. */
export interface ChannelPolicy {
  readonly channel: Channel;
  decide(input: { purpose: SendPurpose; lastInboundAt?: Date; now: Date }): WindowDecision;
}

/** What a webhook answers and which events it accepted. Pure result, applied by the HTTP layer. */
export interface WebhookOutcome {
  status: number;
  body: string;
  events: InboundEvent[];
  /** Log-worthy reason for a rejection or for ignoring the request. */
  note?: string;
}

/** The raw request a webhook sees; the body is the exact bytes received. */
export interface WebhookRequest {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
}
