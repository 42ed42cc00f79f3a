import { Schema, model } from 'mongoose';

/**
 * A web chat visitor's credential, issued by the server: `_id` is the visitor id and
 * `secretHash` the SHA-256 of the secret only the visitor's page holds. Every read, stream and
 * post of the chat API proves the secret. `claimedLegacy` marks an id the page chose itself
 * before credentials existed, given its secret once on its next visit.
 */
const webChatVisitorSchema = new Schema(
  {
    _id: { type: String, required: true },
    secretHash: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    claimedLegacy: Boolean,
  },
  { collection: 'webchat_visitors', versionKey: false },
);

export const WebChatVisitorModel = model('WebChatVisitor', webChatVisitorSchema);
