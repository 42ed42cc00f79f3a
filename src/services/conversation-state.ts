import { DialogStateModel } from '../db/models/dialog-state.js';

/**
 * Removes every stored dialog state of one conversation (after a flow error, a takeover, or on
 * erasure). A service, not part of the bot's storage, so erasure and retention need no bot.
 */
export async function deleteConversationState(conversationId: string): Promise<void> {
  const escaped = conversationId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await DialogStateModel.deleteMany({ _id: { $regex: `/conversations/${escaped}(-|/)` } });
}
