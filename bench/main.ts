import { readdirSync } from 'node:fs';

/** Runs one benchmark, `bench/<name>.ts`; each prints one JSON object as its last line. */
const names = readdirSync(new URL('.', import.meta.url))
  // Helper modules of a benchmark are named after it with a suffix (planner-instances.ts).
  .filter((file) => file.endsWith('.ts') && file !== 'main.ts' && !file.includes('-'))
  .map((file) => file.slice(0, -'.ts'.length));
const name = process.argv[2];
if (!name || !names.includes(name)) {
  console.error(`usage: npm run bench -- <name>, where <name> is one of: ${names.join(', ')}`);
  process.exit(2);
}
await import(`./${name}.ts`);
