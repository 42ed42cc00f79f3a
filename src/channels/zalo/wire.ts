/**
 * Zalo OA wire types, with the platform's own field names (docs.zaloplatforms.com, OA v3 and
 * OAuth v4). Ids and timestamps are strings on the wire and stay strings here.
 */

/** A button of a Zalo message template. */
export type ZaloButton =
  | { title: string; type: 'oa.query.hide' | 'oa.query.show'; payload: string }
  | { title: string; type: 'oa.open.url'; payload: { url: string } }
  | { title: string; type: 'oa.open.phone'; payload: { phone_code: string } };

type ZaloTemplatePayload =
  | { buttons: ZaloButton[] }
  | { template_type: 'media'; elements: { media_type: 'image'; url: string }[] }
  | { template_type: 'request_user_info'; elements: { title: string; subtitle: string; image_url?: string }[] };

/** The `message` of a consultation (`/v3.0/oa/message/cs`) request. */
export interface ZaloCsMessage {
  text?: string;
  attachment?: { type: 'template'; payload: ZaloTemplatePayload };
}

/** Body of `POST /v3.0/oa/message/cs`. */
export interface ZaloCsRequest {
  recipient: { user_id: string };
  message: ZaloCsMessage;
}

/** Every OA API answer: HTTP 200 with `error` 0 on success, a negative code otherwise. */
export interface ZaloEnvelope<T> {
  error: number;
  message?: string;
  data?: T;
}

export interface ZaloSendData {
  message_id: string;
  user_id: string;
  sent_time?: string;
  quota?: { quota_type: string; remain: string; total: string };
}

/** `data` of `GET /v3.0/oa/user/detail`. */
export interface ZaloUserDetail {
  user_id: string;
  user_id_by_app?: string;
  display_name: string;
  user_alias?: string;
  avatar?: string;
  avatars?: Record<string, string>;
  user_is_follower?: boolean;
  /** `"DD/MM/YYYY"`. */
  user_last_interaction_date?: string;
  is_sensitive?: boolean;
  shared_info?: { name?: string; phone?: string; address?: string; city?: string; district?: string };
}

/** Success of `POST /v4/oa/access_token`: no `error` field, `expires_in` in seconds as a string. */
export interface ZaloTokenSuccess {
  access_token: string;
  refresh_token: string;
  expires_in: string;
}

export interface ZaloTokenFailure {
  error: number;
  error_name?: string;
  error_description?: string;
}

/** Attachment of a user event (`message.attachments[]`). */
interface ZaloWireAttachment {
  type: string;
  payload?: {
    url?: string;
    thumbnail?: string;
    description?: string;
    id?: string;
    name?: string;
    size?: string;
    type?: string;
    checksum?: string;
    coordinates?: { latitude?: string; longitude?: string };
  };
}

/** A webhook event body (one event per request). */
export interface ZaloWebhookEvent {
  app_id: string;
  event_name: string;
  timestamp: string;
  user_id_by_app?: string;
  oa_id?: string;
  sender?: { id: string; admin_id?: string };
  recipient?: { id: string };
  follower?: { id: string };
  source?: string;
  message?: { msg_id?: string; msg_ids?: string[]; text?: string; attachments?: ZaloWireAttachment[] };
  info?: {
    name?: string;
    phone?: string;
    address?: string;
    ward?: string;
    district?: string;
    city?: string;
    user_dob?: string;
    gender?: string;
    full_address?: { user_city?: string; user_ward?: string; user_address?: string; user_district?: string };
  };
}
