import { beforeEach, describe, expect, it } from 'vitest';
import { ContactModel } from '../../src/db/models/contact.js';
import { InputError, NotFoundError } from '../../src/errors.js';
import { listSubscribers, listSubscriptions, subscribe, unsubscribe } from '../../src/services/subscriptions.js';
import { clearDatabase, useTestDatabase } from '../support/database.js';

useTestDatabase('subscriptions');

beforeEach(async () => {
  await clearDatabase();
  await ContactModel.create({ key: 'zalo:a', channel: 'zalo', userId: 'a', firstSeenAt: new Date(), followState: 'following' });
  await ContactModel.create({ key: 'messenger:b', channel: 'messenger', userId: 'b', firstSeenAt: new Date(), followState: 'unfollowed' });
});

describe('news subscriptions', () => {
  it('when a topic is subscribed twice and another added, then each is kept once, in order', async () => {
    await subscribe('zalo:a', 'do-luong');
    await subscribe('zalo:a', 'do-luong');
    expect(await subscribe('zalo:a', 'so-huu-tri-tue')).toEqual(['do-luong', 'so-huu-tri-tue']);
    expect(await listSubscriptions('zalo:a')).toEqual(['do-luong', 'so-huu-tri-tue']);
  });

  it('when a topic is unsubscribed, then it is gone and unsubscribing again changes nothing', async () => {
    await subscribe('zalo:a', 'do-luong');
    expect(await unsubscribe('zalo:a', 'do-luong')).toEqual([]);
    expect(await unsubscribe('zalo:a', 'do-luong')).toEqual([]);
  });

  it('when the topic is not one of ours or the contact is unknown, then a typed error comes back', async () => {
    await expect(subscribe('zalo:a', 'bong-da')).rejects.toBeInstanceOf(InputError);
    await expect(subscribe('zalo:a', { $ne: null } as unknown as string)).rejects.toBeInstanceOf(InputError);
    await expect(subscribe('zalo:nobody', 'do-luong')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('when news goes out, then only subscribers who still follow the channel are listed', async () => {
    await subscribe('zalo:a', 'chat-luong');
    await subscribe('messenger:b', 'chat-luong');
    expect(await listSubscribers('chat-luong')).toEqual(['zalo:a']);
  });
});
