import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium; the tests never download a browser of their own. */
export const chromiumPath = process.env.KARVAN_CHROMIUM ?? '/usr/bin/chromium';

// playwright-core gives each launch a fresh, temporary --user-data-dir of its own.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`no browser at ${chromiumPath}: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}
