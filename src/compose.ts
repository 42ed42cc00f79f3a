// The composition root of a full service: every part that holds state is built here, once per
// service, and handed to the parts that use it. Nothing a service configures lives in a module.
import { buildChannelParts } from './channels/build.js';
import type { ChannelParts } from './channels/registry.js';
import { createWebChatChannel, loadWebChatSettings } from './channels/webchat/index.js';
import type { Config } from './config/config.js';
import { defaultFeatures } from './features.js';
import type { Feature } from './feature.js';
import { createTicketContext, type TicketContext } from './services/tickets/index.js';
import { composeAnswerWithRating } from '../flows/satisfaction.js';

/** The channels and features of one full service, ready for `startService`. */
export interface ServiceParts {
  channels: (config: Config) => ChannelParts[];
  features: Feature[];
  /** The ticket services' context, shared by the flows, console, jobs and reports of this service. */
  tickets: TicketContext;
}

/**
 * Builds the parts of one full service from its configuration. The web chat is built once: its
 * sending parts and its page share one hub, so a line sent to a visitor wakes only this
 * service's streams. The ticket context is built once too (calendar and time limits read from
 * the content files), with answers that carry the rating question. Throws `ConfigError` for a
 * malformed setting or content file.
 */
export function composeService(config: Config): ServiceParts {
  const webchat = createWebChatChannel(config, { settings: loadWebChatSettings(process.env, config) });
  const tickets = createTicketContext({ composeAnswer: composeAnswerWithRating });
  return {
    channels: (current) => buildChannelParts(current, webchat.parts),
    features: defaultFeatures(config, webchat.feature, tickets),
    tickets,
  };
}
