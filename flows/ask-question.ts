import type { FlowApp } from './engine/app.js';
import type { CommandRouter } from './engine/router.js';
import { addIntakeFlow, type IntakeOptions } from './intake.js';
import { Command } from './shared/payloads.js';

export const ASK_FLOW = 'ask';

/**
 * Ask a question: `ASK` starts with the choice of topic, `ASK:<topic>` with the topic given
 * (from a topic page). A search that found nothing good starts it with the person's words
 * filled in and the likely topic suggested. The ticket is routed by the routing rules.
 */
export function registerAskQuestion(app: FlowApp, router: CommandRouter): void {
  addIntakeFlow(app, { id: ASK_FLOW, asksTopic: true }, 'question');
  router.payload(Command.ask, async (turn, topic) => {
    const options: IntakeOptions = topic ? { topic } : {};
    await turn.startFlow(ASK_FLOW, options);
  });
}
