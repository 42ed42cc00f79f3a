import { ContactModel } from '../db/models/contact.js';

/**
 * Ends the person's dialog (after a flow error, a takeover, or on erasure): their next message
 * starts outside any dialog. A service, not part of the bot's storage, so erasure and retention
 * need no bot. The dialog state is kept on the contact (src/bot/storage.ts).
 */
export async function deleteConversationState(contactKey: string): Promise<void> {
  await ContactModel.updateOne({ _id: contactKey }, { $unset: { dialog: 1 } });
}
