import { readdirSync } from 'node:fs';

/**
 * Runs one benchmark: `npm run bench -- <name>` loads bench/<name>.ts and calls its `run`, which
 * prints progress as it goes and, as its last line, one JSON object with the figures.
 */
const folder = new URL('./', import.meta.url);
const available = readdirSync(folder)
  .filter((f) => f.endsWith('.ts') && f !== 'main.ts')
  .map((f) => f.slice(0, -'.ts'.length));
const name = process.argv[2];

if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name>; available: ${available.join(', ')}`);
  process.exitCode = 2;
} else {
  const bench = (await import(new URL(`./${name}.ts`, folder).href)) as { run(args: string[]): Promise<void> };
  await bench.run(process.argv.slice(3));
}
