import type { Config } from './config/config.js';
import type { Feature } from './service.js';

/** The features a full service runs, in order: web chat, staff console, scheduled jobs. */
export function defaultFeatures(_config: Config): Feature[] {
  return [];
}
