import { describe, expect, it } from 'vitest';
import { TicketModel } from '../../src/db/models/ticket.js';
import { t } from '../../src/i18n.js';
import { FLOW_IDLE_LIMIT_MS } from '../../flows/engine/flow-dialog.js';
import { useFlowService } from './chat.js';

const app = useFlowService('flows_back', { clock: () => now });
let now = new Date('2026-12-01T02:00:00Z');

describe('coming back later', () => {
  it('when a person stops mid-question and comes back within the day, then the flow continues where it was', async () => {
    const chat = app.person('zalo');
    await chat.tap('ASK');
    await chat.tap('ASK_TOPIC:do-luong');
    await chat.say('Phần đầu câu hỏi');
    now = new Date(now.getTime() + 3 * 60 * 60 * 1000);
    expect((await chat.say('Phần sau câu hỏi')).at(-1)!.text).toBe(t('vi', 'intake:text_received'));
    await chat.tap('DONE');
    await chat.tap('SKIP');
    await chat.tap('CONSENT_NO');
    await chat.tap('SEND');
    expect((await TicketModel.findOne({ contactKey: chat.contactKey }).lean())!.question).toBe('Phần đầu câu hỏi\nPhần sau câu hỏi');
  });

  it('when a person comes back after the flow went stale, then their message is handled afresh instead of as the old answer', async () => {
    const chat = app.person('messenger');
    await chat.tap('TRACK_CODE');
    now = new Date(now.getTime() + FLOW_IDLE_LIMIT_MS + 60_000);
    const replies = await chat.say('xin chào');
    expect(replies.at(-1)!.text).toBe(t('vi', 'menu:prompt'));
    expect(replies.map((r) => r.text)).not.toContain(t('vi', 'track:invalid_retry'));
  });
});
