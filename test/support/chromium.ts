import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, which `.ci/run` installs; browser tests are skipped where it is missing. */
export const CHROMIUM = '/usr/bin/chromium';

/** True when the browser tests can run here. */
export const hasChromium = existsSync(CHROMIUM);

/** Starts a headless Chromium for a browser test, quiet: no network of its own, no updates, no first-run pages. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
