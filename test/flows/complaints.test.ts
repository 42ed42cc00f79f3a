import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import { DepartmentModel } from '../../src/db/models/department.js';
import { TicketModel } from '../../src/db/models/ticket.js';
import { t } from '../../src/i18n.js';
import { COMPLAINTS_DEPARTMENT_CODE, routeTicket } from '../../src/services/routing.js';
import { citeDocument } from '../../flows/shared/format.js';
import { payloadsOf, useFlowService } from './chat.js';

const app = useFlowService('flows_complaints');
const content = loadContent();

describe('complaints, denunciations and petitions', () => {
  it('when a person opens complaints, then the difference is explained in plain words with the laws cited', async () => {
    const topic = content.topicById.get('khieu-nai-to-cao')!;
    const chat = app.person('zalo');
    const replies = await chat.tap('COMPLAINTS');
    const text = replies.at(-1)!.text;
    expect(text).toContain(topic.summary.vi);
    for (const id of topic.documents) expect(text).toContain(citeDocument(content.documentById.get(id)!, 'vi'));
    expect(payloadsOf(replies)).toEqual(['COMPLAIN:complaint', 'COMPLAIN:denunciation', 'COMPLAIN:petition', 'RECEPTION', 'MENU']);
  });

  it('when a complaint is filed with consent, then name, phone and address go to the citizen-reception desk and the reception schedule follows', async () => {
    const chat = app.person('messenger');
    const intro = await chat.tap('COMPLAIN:complaint');
    expect(intro[0]!.text).toBe(t('vi', 'intake:complaint.intro'));
    expect(intro.at(-1)!.text).toBe(t('vi', 'intake:complaint.text_prompt'));
    await chat.say('Tôi khiếu nại quyết định xử phạt số 12/QĐ-XPHC ngày 01/11/2026 vì cho rằng không đúng quy định.');
    await chat.tap('DONE');
    const consent = await chat.tap('SKIP');
    expect(consent.at(-1)!.text).toContain(t('vi', 'intake:complaint.consent_note'));
    await chat.tap('CONSENT_YES');
    await chat.say('Phạm Văn Dũng');
    const address = await chat.say('0977 111 222');
    expect(address.at(-1)!.text).toBe(t('vi', 'consent:ask_address'));
    const summary = await chat.say('Số 5 đường Nguyễn Văn Linh, phường Hiến Nam');
    expect(summary.at(-1)!.text).toContain(t('vi', 'shared:kind.complaint'));
    const done = await chat.choose(summary, 'SEND');

    const ticket = (await TicketModel.findOne({ contactKey: chat.contactKey }).lean())!;
    const route = await routeTicket({ kind: 'complaint', topic: 'khieu-nai-to-cao', text: ticket.question });
    expect(ticket).toMatchObject({ kind: 'complaint', topic: 'khieu-nai-to-cao', departmentCode: route.departmentCode });
    expect(ticket.departmentCode).toBe(COMPLAINTS_DEPARTMENT_CODE);
    expect(ticket.contact).toMatchObject({ name: 'Phạm Văn Dũng', phone: '0977111222', address: 'Số 5 đường Nguyễn Văn Linh, phường Hiến Nam' });
    const handlingUnit = (await DepartmentModel.findOne({ code: COMPLAINTS_DEPARTMENT_CODE }).lean())!;
    expect(done[0]!.text).toContain(ticket.code);
    expect(done[0]!.text).toContain(handlingUnit.name!.vi);
    const schedule = done.at(-1)!.text;
    expect(schedule).toContain(t('vi', 'complaints:schedule_title'));
    for (const slot of content.receptionSchedule.slots) expect(schedule).toContain(slot.host.vi);
  });

  it('when a denunciation is filed in English without consent, then it is still filed for the citizen-reception desk and the schedule is shown', async () => {
    const chat = app.person('zalo');
    await chat.tap('LANG:en');
    const intro = await chat.tap('COMPLAIN:denunciation');
    expect(intro[0]!.text).toBe(t('en', 'intake:denunciation.intro'));
    await chat.say('A shop in the market sells fake helmets without conformity marks.');
    await chat.tap('DONE');
    await chat.tap('SKIP');
    const summary = await chat.tap('CONSENT_NO');
    expect(summary.at(-1)!.text).toContain(t('en', 'intake:denunciation.no_contact'));
    const done = await chat.choose(summary, 'SEND');
    const ticket = (await TicketModel.findOne({ contactKey: chat.contactKey }).lean())!;
    expect(ticket).toMatchObject({ kind: 'denunciation', departmentCode: COMPLAINTS_DEPARTMENT_CODE });
    expect(ticket.contact?.name).toBeUndefined();
    expect(done.at(-1)!.text).toContain(content.receptionSchedule.slots[0]!.host.en);
  });

  it('when a petition is filed, then it reaches the citizen-reception desk through the complaints topic rule', async () => {
    const chat = app.person('zalo');
    await chat.tap('COMPLAIN:petition');
    await chat.say('Đề nghị Sở đăng tải biểu mẫu công bố hợp quy dạng Word.');
    await chat.tap('DONE');
    await chat.tap('SKIP');
    await chat.tap('CONSENT_NO');
    await chat.tap('SEND');
    const ticket = (await TicketModel.findOne({ contactKey: chat.contactKey }).lean())!;
    const route = await routeTicket({ kind: 'petition', topic: 'khieu-nai-to-cao', text: ticket.question });
    expect(ticket).toMatchObject({ kind: 'petition', departmentCode: route.departmentCode });
    expect(route.departmentCode).toBe(COMPLAINTS_DEPARTMENT_CODE);
  });

  it('when the reception schedule is asked for, then every slot, the contact and the legal basis are shown', async () => {
    const schedule = content.receptionSchedule;
    const chat = app.person('messenger');
    const replies = await chat.tap('RECEPTION');
    const text = replies.at(-1)!.text;
    for (const slot of schedule.slots) {
      expect(text).toContain(slot.when.vi);
      expect(text).toContain(slot.hours);
      expect(text).toContain(slot.place.vi);
    }
    for (const id of schedule.legalBasis) expect(text).toContain(content.documentById.get(id)!.number);
    if (schedule.isSample) expect(text).toContain(schedule.notice.vi);
  });
});
