import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ContactModel } from '../../src/db/models/contact.js';
import { contactKeyOfStateKey, migrateDialogsToContacts } from '../../src/migrations/dialog-on-contacts.js';
import { useTestDatabase } from '../support/database.js';

useTestDatabase('dialog_migration');

const at = new Date('2026-11-20T03:00:00Z');
const contact = (key: string) => {
  const [channel, userId] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  return { _id: key, key, channel, userId, firstSeenAt: at, consents: [], subscriptions: [] };
};
/** A state key as Botkit builds it for our activities (conversation fields sorted and joined, then the user id). */
const stateKey = (channel: string, userId: string) => `${channel}/conversations/personal-${channel}:${userId}-false-${userId}/`;
const inQuestion = (name: string) => JSON.stringify({ dialogState: { dialogStack: [{ id: 'ask', state: { values: { details: { name } } } }] }, eTag: '*' });

describe('dialog states from the earlier dialog_state collection', () => {
  it('when a database holds dialog states in their own collection, then each goes onto its person, none is lost and the collection empties', async () => {
    const db = mongoose.connection.db!;
    await ContactModel.collection.insertMany([contact('zalo:111'), contact('messenger:2-b-3'), contact('webchat:v-9')] as never[]);
    // A state a turn wrote since an interrupted run moved the older one: the newer one stays.
    await ContactModel.updateOne({ _id: 'webchat:v-9' }, { $set: { dialog: inQuestion('mới hơn') } });
    await db.collection('dialog_state').insertMany([
      { _id: stateKey('zalo', '111'), json: inQuestion('Nguyễn Bình'), updatedAt: at },
      { _id: stateKey('messenger', '2-b-3'), json: inQuestion('Trần An'), updatedAt: at },
      { _id: stateKey('webchat', 'v-9'), json: inQuestion('cũ'), updatedAt: at },
      { _id: stateKey('zalo', 'nobody'), json: inQuestion('không ai'), updatedAt: at },
    ] as never[]);

    expect(await migrateDialogsToContacts()).toEqual({ moved: 2, dropped: 2 });

    const dialogOf = async (key: string) => (await ContactModel.findById(key).lean())?.dialog;
    expect(await dialogOf('zalo:111')).toBe(inQuestion('Nguyễn Bình'));
    expect(await dialogOf('messenger:2-b-3')).toBe(inQuestion('Trần An'));
    expect(await dialogOf('webchat:v-9')).toBe(inQuestion('mới hơn'));
    expect(await db.collection('dialog_state').countDocuments({})).toBe(0);
    // Done once: a later start only reads its marker.
    expect(await migrateDialogsToContacts()).toBeNull();
  });

  it('when a state key is read, then the contact key is found also for user ids holding dashes, and other shapes belong to nobody', () => {
    expect(contactKeyOfStateKey(stateKey('zalo', 'u-a569ba7c'))).toBe('zalo:u-a569ba7c');
    expect(contactKeyOfStateKey(stateKey('messenger', '7012345678901234'))).toBe('messenger:7012345678901234');
    expect(contactKeyOfStateKey('zalo/users/111/')).toBeUndefined();
    expect(contactKeyOfStateKey('zalo/conversations/personal-false/')).toBeUndefined();
  });
});
