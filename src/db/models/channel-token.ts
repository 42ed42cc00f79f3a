import { Schema, model } from 'mongoose';

/** The current access/refresh token pair of a channel (Zalo rotates both on every refresh). */
const channelTokenSchema = new Schema(
  {
    _id: { type: String, required: true },
    accessToken: { type: String, required: true },
    refreshToken: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    refreshedAt: { type: Date, required: true },
  },
  { collection: 'channel_tokens', versionKey: false },
);

export const ChannelTokenModel = model('ChannelToken', channelTokenSchema);
