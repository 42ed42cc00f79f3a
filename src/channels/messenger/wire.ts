/**
 * Messenger Platform wire types, with the platform's own field names. Only the parts Cầu Nối
 * reads or sends are typed; everything else passes through untouched in `raw`.
 */

/** One item of `entry[].messaging[]` (or `standby[]`) as the webhook delivers it. */
export interface MessagingItem {
  sender: { id: string };
  recipient: { id: string };
  /** Epoch milliseconds. */
  timestamp: number;
  message?: WebhookMessage;
  postback?: { mid?: string; title?: string; payload?: string };
  delivery?: { mids?: string[]; watermark: number };
  read?: { watermark: number };
  referral?: { ref?: string; source?: string; type?: string };
  optin?: { ref?: string };
}

interface WebhookMessage {
  mid: string;
  text?: string;
  is_echo?: boolean;
  app_id?: number;
  quick_reply?: { payload: string };
  attachments?: WebhookAttachment[];
}

export type WebhookAttachment =
  | { type: 'image' | 'audio' | 'video' | 'file'; payload: { url?: string; sticker_id?: number } }
  | { type: 'location'; payload: { coordinates?: { lat: number; long: number } } }
  | { type: 'fallback'; title?: string; url?: string; payload?: { url?: string } | null }
  | { type: string; payload?: unknown };

export interface WebhookEntry {
  /** Page ID. */
  id: string;
  time: number;
  messaging?: MessagingItem[];
  standby?: MessagingItem[];
}

export interface WebhookBody {
  object: 'page';
  entry: WebhookEntry[];
}

/** `message.quick_replies[]` of the Send API. */
export type SendQuickReply =
  { content_type: 'text'; title: string; payload: string; image_url?: string } | { content_type: 'user_phone_number' | 'user_email' };

/** A button of the button template. */
export type SendButton =
  | { type: 'postback'; title: string; payload: string }
  | { type: 'web_url'; title: string; url: string }
  | { type: 'phone_number'; title: string; payload: string };

interface ButtonTemplateAttachment {
  type: 'template';
  payload: { template_type: 'button'; text: string; buttons: SendButton[] };
}

interface MediaAttachment {
  type: 'image' | 'audio' | 'video' | 'file';
  payload: { url: string; is_reusable?: boolean };
}

/** The Send API `message` object: a text or one attachment, optionally with quick replies. */
export type SendMessage =
  | { text: string; quick_replies?: SendQuickReply[]; metadata?: string }
  | { attachment: ButtonTemplateAttachment | MediaAttachment; quick_replies?: SendQuickReply[]; metadata?: string };

export type MessagingType = 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG' | 'UTILITY';

/** The body of `POST /{version}/me/messages`. */
export interface SendRequestBody {
  recipient: { id: string };
  messaging_type: MessagingType;
  tag?: string;
  message?: SendMessage;
  sender_action?: 'typing_on' | 'typing_off' | 'mark_seen';
}

/** Success answer of the Send API. */
export interface SendResponseBody {
  recipient_id: string;
  message_id: string;
}

/** Error answer of every Graph API call. */
export interface GraphErrorBody {
  error: {
    message: string;
    type?: string;
    code: number;
    error_subcode?: number;
    fbtrace_id?: string;
  };
}

/** Limits of the Send API (messenger-platform/reference/send-api, quick-replies, button template). */
export const SEND_LIMITS = {
  /** `message.text` must be shorter than this many characters. */
  textChars: 2000,
  quickReplies: 13,
  quickReplyTitleChars: 20,
  payloadChars: 1000,
  buttonTemplateTextChars: 640,
  buttonsPerTemplate: 3,
  buttonTitleChars: 20,
} as const;
