import { ActivityTypes, type Activity } from 'botbuilder';
import type { InboundEvent, OutboundButton, OutboundMessage } from '../channels/types.js';
import { contactKeyOf } from '../domain/vocabulary.js';

/** Data our adapter attaches to every inbound activity, readable in middleware and flows. */
interface InboundChannelData {
  /** The inbox entry being processed; replies are keyed by it. */
  inboxId: string;
  inbound: InboundEvent;
  /** Quick-reply/postback payload, if the person tapped one. */
  payload?: string;
  submittedInfo?: InboundEvent['submittedInfo'];
  attachments?: InboundEvent['attachments'];
}

/**
 * Maps a normalised inbound event to a botbuilder activity. Messages, postbacks and submitted
 * forms become `message` activities (a tapped payload is the text, so `hears` and dialog
 * `ask` patterns match it); follow/unfollow become `event` activities named after them.
 */
export function toActivity(inboxId: string, event: InboundEvent): Partial<Activity> {
  const contactKey = contactKeyOf(event.channel, event.userId);
  const isMessage = event.type === 'message' || event.type === 'postback' || event.type === 'submit_info';
  const channelData: InboundChannelData = {
    inboxId,
    inbound: event,
    payload: event.payload,
    submittedInfo: event.submittedInfo,
    attachments: event.attachments,
  };
  return {
    type: isMessage ? ActivityTypes.Message : ActivityTypes.Event,
    name: isMessage ? undefined : event.type,
    id: event.eventId,
    text: event.payload ?? event.text ?? '',
    channelId: event.channel,
    timestamp: new Date(event.timestamp),
    from: { id: event.userId, name: event.displayName ?? '' },
    recipient: { id: 'cau-noi', name: 'Cầu Nối' },
    conversation: { id: contactKey, isGroup: false, name: '', conversationType: 'personal' },
    channelData,
  };
}

interface QuickReply {
  title: string;
  payload: string;
}

/**
 * Turns an outgoing botbuilder activity into our channel-neutral message. Botkit puts
 * `quick_replies` (and any custom field such as `buttons`, `imageUrl`, `requestUserInfo`)
 * into `channelData`; suggested actions are read too.
 */
export function toOutboundMessage(activity: Partial<Activity>): OutboundMessage {
  const data = (activity.channelData ?? {}) as {
    quick_replies?: QuickReply[];
    buttons?: OutboundButton[];
    imageUrl?: string;
    requestUserInfo?: OutboundMessage['requestUserInfo'];
  };
  let quickReplies = data.quick_replies;
  if (!quickReplies && activity.suggestedActions?.actions?.length) {
    quickReplies = activity.suggestedActions.actions.map((a) => ({ title: String(a.title ?? a.value), payload: String(a.value ?? a.title) }));
  }
  const message: OutboundMessage = { text: activity.text ?? '' };
  if (quickReplies?.length) message.quickReplies = quickReplies.map((q) => ({ title: String(q.title), payload: String(q.payload) }));
  if (data.buttons?.length) message.buttons = data.buttons;
  if (data.imageUrl) message.imageUrl = data.imageUrl;
  if (data.requestUserInfo) message.requestUserInfo = data.requestUserInfo;
  return message;
}
