import type { TurnContext } from 'botbuilder';
import { Dialog, DialogTurnStatus, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import type { FlowApp } from './app.js';
import { FlowTurn } from './turn.js';

/** What a step decides after the person answered (or right after it was entered). */
export type StepOutcome =
  /** Enter another step of this flow (its prompt is sent). */
  | { kind: 'goto'; step: string }
  /** Keep waiting on this step without asking again (the handler already answered). */
  | { kind: 'stay' }
  /** Ask this step's question again. */
  | { kind: 'repeat' }
  /** The flow is finished (the handler has said the last word). */
  | { kind: 'end' }
  /** Leave this flow and start another one. */
  | { kind: 'switch'; flow: string; options?: object }
  /** Not an answer for this flow: leave it and let the message be handled as if no flow were waiting. */
  | { kind: 'escape' };

export const step = {
  goto: (name: string): StepOutcome => ({ kind: 'goto', step: name }),
  stay: (): StepOutcome => ({ kind: 'stay' }),
  repeat: (): StepOutcome => ({ kind: 'repeat' }),
  end: (): StepOutcome => ({ kind: 'end' }),
  switchTo: (flow: string, options?: object): StepOutcome => ({ kind: 'switch', flow, options }),
  escape: (): StepOutcome => ({ kind: 'escape' }),
};

/** One step of a flow. `V` is the flow's answers so far; it is stored as JSON between turns. */
export interface FlowStep<V> {
  /** Runs when the step is entered: usually asks its question. Returning an outcome moves on without waiting. */
  enter(turn: FlowTurn, values: V): Promise<StepOutcome | void>;
  /** Handles the person's next message while this step waits. Without it, the step never waits. */
  answer?(turn: FlowTurn, values: V): Promise<StepOutcome>;
}

/** A flow: its id, first step, initial answers (from the options it was started with) and steps. */
export interface FlowDefinition<V extends object, O extends object = object> {
  id: string;
  first: string;
  init(options: O, turn: FlowTurn): V;
  steps: Record<string, FlowStep<V>>;
}

interface FlowState<V> {
  step: string;
  values: V;
  /** When the person last moved this flow on (epoch ms). */
  touchedAt: number;
}

/** A flow idle this long is dropped: a message days later is a new conversation, not an answer. */
export const FLOW_IDLE_LIMIT_MS = 24 * 60 * 60 * 1000;
/** Guards against steps that keep moving on without ever waiting. */
const MAX_HOPS = 25;

/**
 * Runs a {@link FlowDefinition} as a botbuilder dialog inside Botkit's dialog set, so its state
 * is stored with the conversation (MongoDB), interrupts run before it, and `hears` runs only
 * when no flow is waiting. Each message reaches the waiting step's `answer`; phrases are built
 * at send time, so a language switch mid-flow takes effect at once.
 */
class FlowDialog<V extends object, O extends object = object> extends Dialog {
  constructor(
    private readonly app: FlowApp,
    private readonly definition: FlowDefinition<V, O>,
  ) {
    super(definition.id);
  }

  override async beginDialog(dc: DialogContext, options?: O): Promise<DialogTurnResult> {
    const turn = FlowTurn.of(this.app, dc.context, dc);
    const state = dc.activeDialog!.state as FlowState<V>;
    state.step = this.definition.first;
    state.values = this.definition.init((options ?? {}) as O, turn);
    state.touchedAt = turn.now().getTime();
    return this.enterStep(dc, turn, state, this.definition.first, 0);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.context.activity.type !== 'message') return Dialog.EndOfTurn;
    const turn = FlowTurn.of(this.app, dc.context, dc);
    const state = dc.activeDialog!.state as FlowState<V>;
    const current = this.definition.steps[state.step];
    if (!current?.answer || turn.now().getTime() - (state.touchedAt ?? 0) > FLOW_IDLE_LIMIT_MS) {
      return this.follow(dc, turn, state, step.escape(), 0);
    }
    state.touchedAt = turn.now().getTime();
    return this.follow(dc, turn, state, await current.answer(turn, state.values), 0);
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const state = instance.state as FlowState<V>;
    const current = this.definition.steps[state.step];
    // Only steps that wait are ever current between turns; entering them again just asks again.
    if (current) await current.enter(FlowTurn.of(this.app, context), state.values);
  }

  private async enterStep(dc: DialogContext, turn: FlowTurn, state: FlowState<V>, name: string, hops: number): Promise<DialogTurnResult> {
    const next = this.definition.steps[name];
    if (!next) throw new Error(`flow ${this.id} has no step "${name}"`);
    state.step = name;
    const outcome = await next.enter(turn, state.values);
    if (outcome) return this.follow(dc, turn, state, outcome, hops + 1);
    if (!next.answer) return this.follow(dc, turn, state, step.end(), hops + 1);
    return Dialog.EndOfTurn;
  }

  private async follow(dc: DialogContext, turn: FlowTurn, state: FlowState<V>, outcome: StepOutcome, hops: number): Promise<DialogTurnResult> {
    if (hops > MAX_HOPS) throw new Error(`flow ${this.id} moved ${hops} steps without waiting for the person (at "${state.step}")`);
    switch (outcome.kind) {
      case 'goto':
        return this.enterStep(dc, turn, state, outcome.step, hops);
      case 'repeat':
        return this.enterStep(dc, turn, state, state.step, hops);
      case 'stay':
        return Dialog.EndOfTurn;
      case 'end':
        return dc.endDialog();
      case 'switch':
        await dc.cancelAllDialogs();
        return dc.beginDialog(outcome.flow, outcome.options);
      case 'escape':
        await dc.cancelAllDialogs();
        // `empty` tells the turn runner that no flow took the message, so `hears` and the fallback see it.
        return { status: DialogTurnStatus.empty };
    }
  }
}

/** Adds a flow to the controller's dialog set. */
export function addFlow<V extends object, O extends object = object>(app: FlowApp, definition: FlowDefinition<V, O>): void {
  app.controller.dialogSet.add(new FlowDialog(app, definition));
}
