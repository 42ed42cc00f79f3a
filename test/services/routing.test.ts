import { beforeEach, describe, expect, it } from 'vitest';
import { DepartmentModel } from '../../src/db/models/department.js';
import { RoutingRuleModel } from '../../src/db/models/routing-rule.js';
import { routeTicket } from '../../src/services/routing.js';
import { clearDatabase, useTestDatabase } from '../support/database.js';
import { seedShippedDirectory, shippedDepartments } from './directory-fixture.js';

useTestDatabase('routing');

/** The topics every flow offers (issue 4); each must land at the department that owns it. */
const TOPICS = [
  'khcn-chinh-sach',
  'tieu-chuan-quy-chuan',
  'chat-luong',
  'do-luong',
  'so-huu-tri-tue',
  'khoi-nghiep-dmst',
  'chuyen-doi-so',
  'thu-tuc-hanh-chinh',
  'khieu-nai-to-cao',
  'thong-tin-ung-dung',
];

beforeEach(async () => {
  await clearDatabase();
  await seedShippedDirectory();
});

describe('routeTicket', () => {
  it('when a question names a topic, then it lands at the department the directory lists as owning that topic', async () => {
    const owners = new Map<string, string>();
    for (const department of shippedDepartments()) for (const topic of department.topics) owners.set(topic, department.code);
    for (const topic of TOPICS) {
      const owner = owners.get(topic);
      expect(owner, `no department in content/departments.json owns ${topic}`).toBeDefined();
      const decision = await routeTicket({ topic, text: 'Xin hỏi', kind: 'question' });
      expect({ topic, ...decision }).toMatchObject({ topic, departmentCode: owner, reason: 'topic' });
    }
  });

  it('when there is no topic, then keywords in text typed with or without diacritics decide', async () => {
    await expect(routeTicket({ text: 'Cho hỏi thủ tục CÔNG BỐ HỢP QUY sản phẩm?', kind: 'question' })).resolves.toMatchObject({
      departmentCode: 'chi-cuc-tcdlcl',
      reason: 'keyword',
      ruleKey: 'kw-tcdlcl',
    });
    await expect(routeTicket({ text: 'dang ky nhan hieu o dau a', kind: 'question' })).resolves.toMatchObject({
      departmentCode: 'cong-nghe-dmst',
      reason: 'keyword',
      ruleKey: 'kw-shtt',
    });
    await expect(routeTicket({ text: 'Đề tài của tôi khi nào được nghiệm thu?', kind: 'question' })).resolves.toMatchObject({
      departmentCode: 'quan-ly-khoa-hoc',
      reason: 'keyword',
    });
    await expect(routeTicket({ text: 'Hồ sơ đăng ký Nhiệm vụ KH&CN cấp tỉnh', kind: 'question' })).resolves.toMatchObject({
      departmentCode: 'quan-ly-khoa-hoc',
      reason: 'keyword',
      matchedKeywords: ['nhiem vu khcn'],
    });
  });

  it('when a keyword is only part of a longer word, then it does not match', async () => {
    // "hợp quyền" contains the letters of "hop quy" but is another word.
    await expect(routeTicket({ text: 'Tôi có hợp quyền gì không?', kind: 'question' })).resolves.toMatchObject({
      departmentCode: 'van-phong',
      reason: 'default',
    });
  });

  it('when nothing matches, then the office answers', async () => {
    await expect(routeTicket({ text: 'Xin chào, Sở làm việc mấy giờ?', kind: 'question' })).resolves.toEqual({
      departmentCode: 'van-phong',
      reason: 'default',
    });
  });

  it('when a complaint or denunciation comes in on any topic, then the citizen-reception desk that handles them gets it', async () => {
    await expect(routeTicket({ topic: 'do-luong', text: 'Cân điện tử ở chợ sai', kind: 'complaint' })).resolves.toMatchObject({
      departmentCode: 'tiep-cong-dan',
      reason: 'kind',
      ruleKey: 'topic-khieu-nai-to-cao',
    });
    await expect(routeTicket({ text: 'Tôi tố cáo cán bộ', kind: 'denunciation' })).resolves.toMatchObject({ departmentCode: 'tiep-cong-dan', reason: 'kind' });
  });

  it('when a rule is changed or switched off, then the next ticket follows the change without a restart', async () => {
    await RoutingRuleModel.updateOne({ key: 'topic-do-luong' }, { $set: { departmentCode: 'trung-tam-ttud' } });
    await expect(routeTicket({ topic: 'do-luong', text: 'x', kind: 'question' })).resolves.toMatchObject({ departmentCode: 'trung-tam-ttud', reason: 'topic' });
    await RoutingRuleModel.updateOne({ key: 'topic-do-luong' }, { $set: { active: false } });
    await expect(routeTicket({ topic: 'do-luong', text: 'kiểm định đồng hồ nước', kind: 'question' })).resolves.toMatchObject({
      departmentCode: 'chi-cuc-tcdlcl',
      reason: 'keyword',
    });
  });

  it('when two rules claim a topic, then the higher priority wins', async () => {
    await RoutingRuleModel.create({ key: 'topic-do-luong-urgent', topic: 'do-luong', departmentCode: 'ke-hoach-tai-chinh', priority: 50 });
    await expect(routeTicket({ topic: 'do-luong', text: 'x', kind: 'question' })).resolves.toMatchObject({
      departmentCode: 'ke-hoach-tai-chinh',
      ruleKey: 'topic-do-luong-urgent',
    });
  });

  it('when a rule points at a department that was switched off, then the rule is skipped', async () => {
    await DepartmentModel.updateOne({ code: 'cds-bcvt' }, { $set: { active: false } });
    await expect(routeTicket({ topic: 'chuyen-doi-so', text: 'Hỏi về chữ ký số', kind: 'question' })).resolves.toEqual({
      departmentCode: 'van-phong',
      reason: 'default',
    });
  });
});
