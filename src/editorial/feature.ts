import type { ConsolePage } from '../console/index.js';
import type { Feature, ServiceCore } from '../feature.js';
import { createContentPages } from './console/routes.js';

/** The content editing feature: its console pages, bound to the service's published content at setup. */
export interface EditorialFeature extends Feature {
  /** Add to the console's pages (`createConsoleFeature(config, { pages: [feature.page] })`). */
  readonly page: ConsolePage;
}

/**
 * Content editing in the console (`/console/content`): drafts, review, publication, versions,
 * and the unanswered questions. Register it before the console feature, and its `page` with it.
 */
export function createEditorialFeature(options: { timezone: string; contentDir?: string }): EditorialFeature {
  let service: ServiceCore | undefined;
  const setUp = (): ServiceCore => {
    if (!service) throw new Error('The editorial feature was not set up');
    return service;
  };
  const page = createContentPages({
    contentDir: options.contentDir,
    timezone: options.timezone,
    library: () => setUp().content,
    wakeOutbox: () => setUp().outboxWorker.wake(),
  });
  return {
    name: 'editorial',
    page,
    setup(core) {
      service = core;
    },
  };
}
