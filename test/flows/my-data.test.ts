import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { EventRegistrationModel } from '../../src/db/models/event-registration.js';
import { TicketModel } from '../../src/db/models/ticket.js';
import { TranscriptMessageModel } from '../../src/db/models/transcript-message.js';
import { t } from '../../src/i18n.js';
import { erasePersonalData } from '../../src/services/privacy.js';
import { useFlowService } from './chat.js';

const app = useFlowService('flows_mydata');

/** Asks a question through the text path, consents to be contacted and gives a name: the phone is asked next. */
async function askUpToTheName(chat: ReturnType<typeof app.person>) {
  await chat.tap('ASK:do-luong');
  await chat.say('Cân của tôi cần kiểm định ở đâu?');
  await chat.tap('DONE');
  await chat.tap('SKIP');
  await chat.tap('CONSENT_YES');
  await chat.say('Đỗ Thu Hà');
}

/** Files a question with contact details through the text path. */
async function fileWithDetails(chat: ReturnType<typeof app.person>) {
  await askUpToTheName(chat);
  await chat.say('0988 000 111');
  await chat.tap('SEND');
  return (await TicketModel.findOne({ contactKey: chat.contactKey }).lean())!;
}

describe('my data', () => {
  it('when a person asks what is stored, then profile, consents with date, subscriptions, open tickets and registrations are listed', async () => {
    const chat = app.person('messenger');
    const ticket = await fileWithDetails(chat);
    await chat.tap('SUB:do-luong');
    await chat.tap('SUB:do-luong:yes');
    const event = loadContent().events.events[0]!;
    await EventRegistrationModel.create({
      eventId: event.id,
      contactKey: chat.contactKey,
      channel: 'messenger',
      status: 'registered',
      registeredAt: new Date(),
    });
    const shown = await chat.tap('MY_DATA');
    const text = shown.at(-1)!.text;
    expect(text).toContain('Đỗ Thu Hà');
    expect(text).toContain('0988000111');
    expect(text).toContain(t('vi', 'mydata:purpose.ticket_contact'));
    expect(text).toContain(t('vi', 'mydata:purpose.news_subscription'));
    expect(text).toContain(ticket.code);
    expect(text).toContain(event.title.vi);
    expect(shown.at(-1)!.quickReplies!.map((q) => q.payload)).toEqual(['WITHDRAW', 'ERASE', 'MENU']);
  });

  it('when consent for contact is withdrawn, then the profile is erased and a refusal is added to the ledger', async () => {
    const chat = app.person('zalo');
    await fileWithDetails(chat);
    const choose = await chat.tap('WITHDRAW');
    expect(choose.at(-1)!.quickReplies!.map((q) => q.payload)).toContain('WITHDRAW:ticket_contact');
    const done = await chat.tap('WITHDRAW:ticket_contact');
    expect(done.at(-1)!.text).toContain(t('vi', 'mydata:withdrawn_profile'));
    const contact = (await ContactModel.findOne({ key: chat.contactKey }).lean())!;
    expect(contact.profile?.name).toBeUndefined();
    expect(contact.consents.map((c) => c.granted)).toEqual([true, false]);
  });

  it('when a person deletes their data after confirming, then personal fields, transcript, registrations and dialog state are gone and tickets stay anonymised', async () => {
    const chat = app.person('messenger');
    const ticket = await fileWithDetails(chat);
    await EventRegistrationModel.create({
      eventId: 'su-kien-thu',
      contactKey: chat.contactKey,
      channel: 'messenger',
      status: 'registered',
      name: 'Đỗ Thu Hà',
      phone: '0988000111',
      registeredAt: new Date(),
    });
    expect(await TranscriptMessageModel.countDocuments({ contactKey: chat.contactKey })).toBeGreaterThan(0);

    const confirm = await chat.tap('ERASE');
    expect(confirm.at(-1)!.text).toBe(t('vi', 'mydata:erase_confirm'));
    expect(await ContactModel.countDocuments({ key: chat.contactKey, 'profile.name': 'Đỗ Thu Hà' })).toBe(1);
    const done = await chat.choose(confirm, 'ERASE_CONFIRM');
    expect(done.at(-1)!.text).toContain(t('vi', 'mydata:erased', { tickets: 1 }));

    const contact = (await ContactModel.findOne({ key: chat.contactKey }).lean())!;
    expect(contact.profile?.name).toBeUndefined();
    expect(contact.profile?.phone).toBeUndefined();
    expect(contact.consents).toEqual([]);
    expect(contact.erasedAt).toBeInstanceOf(Date);
    const stored = (await TicketModel.findById(ticket._id).lean())!;
    expect(stored.contactKey).toBeUndefined();
    expect(stored.contact?.name).toBeUndefined();
    expect(stored.anonymisedAt).toBeInstanceOf(Date);
    expect(stored.kind).toBe('question');
    expect(await EventRegistrationModel.countDocuments({ contactKey: chat.contactKey })).toBe(0);
    // Only the lines sent after the erasure (its confirmation) may be in the transcript.
    const lines = await TranscriptMessageModel.find({ contactKey: chat.contactKey }).lean();
    expect(lines.map((l) => l.text).join(' ')).not.toContain('Đỗ Thu Hà');
    expect(lines.map((l) => l.text).join(' ')).not.toContain('Cân của tôi');
    expect((await ContactModel.findById(chat.contactKey).lean())?.dialog ?? '').not.toContain('Đỗ Thu Hà');

    // The person can go on using the bot afterwards.
    const menu = await chat.say('menu');
    expect(menu.at(-1)!.text).toBe(t('vi', 'menu:prompt'));
  });

  it('when the person does not confirm the deletion, then nothing is deleted', async () => {
    const chat = app.person('zalo');
    await fileWithDetails(chat);
    const confirm = await chat.tap('ERASE');
    await chat.choose(confirm, 'MENU');
    expect((await ContactModel.findOne({ key: chat.contactKey }).lean())!.profile?.name).toBe('Đỗ Thu Hà');
  });
  it('when a person is erased in the middle of a question where they typed their name, then the dialog holding the name goes too and their next message does not finish that question', async () => {
    const chat = app.person('zalo');
    await askUpToTheName(chat);
    expect((await ContactModel.findById(chat.contactKey).lean())?.dialog).toContain('Đỗ Thu Hà');

    await erasePersonalData(app.service.tickets, chat.contactKey);
    expect((await ContactModel.findById(chat.contactKey).lean())?.dialog).toBeUndefined();
    await chat.say('0988 000 111');
    await chat.tap('SEND');
    expect(await TicketModel.countDocuments({ contactKey: chat.contactKey })).toBe(0);
  });
});
