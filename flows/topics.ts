import { TOPIC_IDS, type Topic, type TopicId } from '../src/content/index.js';
import type { Language } from '../src/domain/vocabulary.js';
import { hasPhrase, t } from '../src/i18n.js';
import type { Choice, FlowApp } from './engine/app.js';
import type { CommandRouter } from './engine/router.js';
import type { FlowTurn } from './engine/turn.js';
import { withMenuButton } from './menu.js';
import { citeDocuments, formatIsoDate, shorten } from './shared/format.js';
import { Command, payload } from './shared/payloads.js';

/** The complaints topic has its own menu item and flow. */
export const COMPLAINTS_TOPIC: TopicId = 'khieu-nai-to-cao';

/** A topic's short title for a choice (≤ 20 characters): from the phrases, else the content title cut short. */
export function topicShortTitle(topic: Topic, language: Language): string {
  const key = `topics:short.${topic.id}`;
  return hasPhrase(language, key) || hasPhrase('vi', key) ? t(language, key) : shorten(topic.title[language], 20);
}

/** The topics in the department's order (policy first, complaints and services last), not file order. */
export function orderedTopics(app: FlowApp): Topic[] {
  return [...app.content.topics].sort((a, b) => TOPIC_IDS.indexOf(a.id) - TOPIC_IDS.indexOf(b.id));
}

/** One choice per topic (optionally leaving some out), with `prefix` payloads such as `TOPIC` or `ASK_TOPIC`. */
export function topicChoices(app: FlowApp, language: Language, prefix: string, except: TopicId[] = []): Choice[] {
  return orderedTopics(app)
    .filter((topic) => !except.includes(topic.id))
    .map((topic) => ({ title: topicShortTitle(topic, language), payload: payload(prefix, topic.id) }));
}

function topicNavigation(turn: FlowTurn, topic: Topic, here: string): Choice[] {
  const nav: Choice[] = [];
  const add = (name: string, key: string) => {
    if (name !== here) nav.push({ title: turn.t(key), payload: payload(name, topic.id) });
  };
  add(Command.topicPoints, 'topics:nav.points');
  add(Command.topicDocuments, 'topics:nav.documents');
  if (topic.learnMore.length > 0) add(Command.topicMore, 'topics:nav.more');
  if (topic.id === COMPLAINTS_TOPIC) {
    nav.push({ title: turn.t('topics:nav.complain'), payload: Command.complaints });
  } else {
    nav.push({ title: turn.t('topics:nav.ask'), payload: payload(Command.ask, topic.id) });
  }
  nav.push({ title: turn.t('topics:nav.subscribe'), payload: payload(Command.subscribe, topic.id) });
  nav.push({ title: turn.t('topics:nav.all_topics'), payload: Command.topics });
  return withMenuButton(turn.language, nav);
}

async function showTopicList(turn: FlowTurn): Promise<void> {
  const lines = orderedTopics(turn.app).map((topic, i) => `${i + 1}. ${topic.title[turn.language]}`);
  await turn.say({
    text: `${turn.t('topics:list_intro')}\n\n${lines.join('\n')}`,
    quickReplies: withMenuButton(turn.language, topicChoices(turn.app, turn.language, Command.topic)),
  });
}

async function findTopic(turn: FlowTurn, id: string): Promise<Topic | undefined> {
  const topic = turn.app.content.topicById.get(id as TopicId);
  if (!topic) {
    await turn.say(turn.t('topics:unknown'));
    await showTopicList(turn);
  }
  return topic;
}

/** A topic's front page: title, summary and review date, with the ways to go deeper. */
async function showTopic(turn: FlowTurn, id: string): Promise<void> {
  const topic = await findTopic(turn, id);
  if (!topic) return;
  const text = turn.t('topics:summary', {
    title: topic.title[turn.language],
    summary: topic.summary[turn.language],
    reviewed: formatIsoDate(topic.reviewedAt, turn.language),
  });
  await turn.say({ text, quickReplies: topicNavigation(turn, topic, Command.topic) });
}

async function showKeyPoints(turn: FlowTurn, id: string): Promise<void> {
  const topic = await findTopic(turn, id);
  if (!topic) return;
  const points = topic.keyPoints.map((p) => `• ${p[turn.language]}`).join('\n');
  await turn.say({
    text: turn.t('topics:points', { title: topic.title[turn.language], points }),
    quickReplies: topicNavigation(turn, topic, Command.topicPoints),
  });
}

async function showDocuments(turn: FlowTurn, id: string): Promise<void> {
  const topic = await findTopic(turn, id);
  if (!topic) return;
  const documents = citeDocuments(turn.app.content, topic.documents, turn.language).join('\n');
  await turn.say({
    text: turn.t('topics:documents', { title: topic.title[turn.language], documents }),
    quickReplies: topicNavigation(turn, topic, Command.topicDocuments),
  });
}

async function showLearnMore(turn: FlowTurn, arg: string): Promise<void> {
  const [id = '', sectionId] = arg.split(':');
  const topic = await findTopic(turn, id);
  if (!topic) return;
  const section = sectionId ? topic.learnMore.find((s) => s.id === sectionId) : undefined;
  if (!section) {
    const lines = topic.learnMore.map((s, i) => `${i + 1}. ${s.title[turn.language]}`).join('\n');
    const sections = topic.learnMore.map((s) => ({ title: shorten(s.title[turn.language], 20), payload: payload(Command.topicMore, topic.id, s.id) }));
    await turn.say({
      text: turn.t('topics:more_list', { title: topic.title[turn.language], sections: lines }),
      quickReplies: [...sections, ...topicNavigation(turn, topic, Command.topicMore)].slice(0, 13),
    });
    return;
  }
  const documents = citeDocuments(turn.app.content, section.documents ?? [], turn.language);
  const text = turn.t(documents.length > 0 ? 'topics:section_with_documents' : 'topics:section', {
    title: section.title[turn.language],
    body: section.body[turn.language],
    documents: documents.join('\n'),
  });
  const others = topic.learnMore
    .filter((s) => s.id !== section.id)
    .map((s) => ({ title: shorten(s.title[turn.language], 20), payload: payload(Command.topicMore, topic.id, s.id) }));
  await turn.say({ text, quickReplies: [...others, ...topicNavigation(turn, topic, '')].slice(0, 13) });
}

/**
 * Topic browsing, all by payload so old buttons keep working: `TOPICS` lists the topics;
 * `TOPIC:<id>` shows the summary; `TOPIC_POINTS:<id>` the key points; `TOPIC_DOCS:<id>` the
 * documents behind it (number, issuer, date); `TOPIC_MORE:<id>[:<section>]` the deeper
 * sections. Every screen offers the other views, asking staff, news on the topic, the topic
 * list and the main menu.
 */
export function registerTopics(_app: FlowApp, router: CommandRouter): void {
  router.payload(Command.topics, async (turn) => showTopicList(turn));
  router.payload(Command.topic, async (turn, id) => (id ? showTopic(turn, id) : showTopicList(turn)));
  router.payload(Command.topicPoints, async (turn, id) => showKeyPoints(turn, id));
  router.payload(Command.topicDocuments, async (turn, id) => showDocuments(turn, id));
  router.payload(Command.topicMore, async (turn, arg) => showLearnMore(turn, arg));
}
