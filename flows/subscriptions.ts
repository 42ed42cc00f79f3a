import type { TopicId } from '../src/content/index.js';
import { hasConsent, recordConsent } from '../src/services/privacy.js';
import { isSubscribableTopic, listSubscriptions, subscribe, unsubscribe } from '../src/services/subscriptions.js';
import type { FlowApp } from './engine/app.js';
import type { CommandRouter } from './engine/router.js';
import type { FlowTurn } from './engine/turn.js';
import { withMenuButton } from './menu.js';
import { orderedTopics, topicShortTitle } from './topics.js';
import { consentVersion } from './shared/contact-steps.js';
import { Command, payload } from './shared/payloads.js';

function topicTitle(turn: FlowTurn, id: TopicId): string {
  return turn.app.content.topicById.get(id)?.title[turn.language] ?? id;
}

async function showSubscriptions(turn: FlowTurn, intro?: string): Promise<void> {
  const subscribed = new Set(await listSubscriptions(turn.contactKey));
  const current = [...subscribed].map((id) => `• ${topicTitle(turn, id)}`).join('\n');
  const parts = [intro ?? turn.t('subscriptions:intro')];
  parts.push(subscribed.size > 0 ? turn.t('subscriptions:current', { topics: current }) : turn.t('subscriptions:none'));
  parts.push(turn.t('subscriptions:choose'));
  const choices = orderedTopics(turn.app).map((topic) => {
    const on = subscribed.has(topic.id);
    const short = topicShortTitle(topic, turn.language);
    return {
      title: turn.t(on ? 'subscriptions:on_choice' : 'subscriptions:off_choice', { topic: short }),
      payload: payload(on ? Command.unsubscribe : Command.subscribe, topic.id),
    };
  });
  await turn.say({ text: parts.join('\n\n'), quickReplies: withMenuButton(turn.language, choices) });
}

async function subscribeTo(turn: FlowTurn, arg: string): Promise<void> {
  const [id, confirmed] = arg.split(':');
  if (!isSubscribableTopic(id)) return showSubscriptions(turn);
  if (!(await hasConsent(turn.contactKey, 'news_subscription'))) {
    if (confirmed !== 'yes') {
      // Before the first subscription the person is told what is kept and why, and agrees.
      await turn.say({
        text: turn.t('consent:news_subscription.text', { topic: topicTitle(turn, id) }),
        quickReplies: withMenuButton(turn.language, [{ title: turn.t('subscriptions:agree_button'), payload: payload(Command.subscribe, id, 'yes') }]),
      });
      return;
    }
    await recordConsent(
      turn.contactKey,
      { purpose: 'news_subscription', granted: true, textVersion: consentVersion('news_subscription', turn.language) },
      turn.now(),
    );
  }
  await subscribe(turn.contactKey, id);
  await showSubscriptions(turn, turn.t('subscriptions:subscribed', { topic: topicTitle(turn, id) }));
}

async function unsubscribeFrom(turn: FlowTurn, id: string): Promise<void> {
  if (!isSubscribableTopic(id)) return showSubscriptions(turn);
  await unsubscribe(turn.contactKey, id);
  await showSubscriptions(turn, turn.t('subscriptions:unsubscribed', { topic: topicTitle(turn, id) }));
}

/**
 * News by topic: `NEWS` shows what the person receives and lets them switch topics on and
 * off; `SUB:<topic>` subscribes (the first time only after they agreed to the stated
 * purpose); `UNSUB:<topic>` unsubscribes.
 */
export function registerSubscriptions(_app: FlowApp, router: CommandRouter): void {
  router.payload(Command.news, async (turn) => showSubscriptions(turn));
  router.payload(Command.subscribe, async (turn, arg) => subscribeTo(turn, arg));
  router.payload(Command.unsubscribe, async (turn, id) => unsubscribeFrom(turn, id));
}
