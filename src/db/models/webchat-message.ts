import { Schema, model } from 'mongoose';

const quickReplySchema = new Schema({ title: { type: String, required: true }, payload: { type: String, required: true } }, { _id: false });

const buttonSchema = new Schema(
  {
    type: { type: String, enum: ['postback', 'url', 'phone'], required: true },
    title: { type: String, required: true },
    payload: String,
    url: String,
    phone: String,
  },
  { _id: false },
);

/**
 * One line of a web chat visitor's feed: what the page shows when it opens or reopens.
 * `seq` counts up per visitor (1, 2, 3, …) and is the page's cursor. `_id` is
 * `<visitorId>#<seq>`, so the next lines are read by `_id` (FerretDB reads every document for
 * any other filter). A visitor's own message also leaves a receipt `in:<visitorId>:<clientMessageId>`
 * (`receipt: true`), so a retried send is stored once. Holds personal data: erase it with the
 * contact. Lines from before this layout (`webchat_messages`) are moved here at start.
 */
const webChatMessageSchema = new Schema(
  {
    _id: { type: String, required: true },
    visitorId: { type: String, required: true },
    seq: { type: Number, required: true },
    author: { type: String, enum: ['visitor', 'bot', 'staff'], required: true },
    text: { type: String, default: '' },
    quickReplies: { type: [quickReplySchema], default: undefined },
    buttons: { type: [buttonSchema], default: undefined },
    imageUrl: String,
    /** The page's id for a visitor line, so the page can match its own pending bubble. */
    clientMessageId: String,
    at: { type: Date, required: true },
    /** Holds a number taken by a write that turned out to be a duplicate, so the sequence has no hole; never shown. */
    filler: Boolean,
    /** The record that a visitor's message (by `clientMessageId`) was stored as line `seq`; never shown. */
    receipt: Boolean,
  },
  { collection: 'webchat_lines', versionKey: false },
);
webChatMessageSchema.index({ at: 1 });

export const WebChatMessageModel = model('WebChatMessage', webChatMessageSchema);
