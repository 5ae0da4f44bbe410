import { buildWebApp, webBuildState } from '../../src/cli/web-build.js';

/** The browser tests drive the built app: rebuild it once per run when its sources changed since. */
export default async function setup() {
  if (webBuildState() !== 'fresh') await buildWebApp();
}
