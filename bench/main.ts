import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const name = process.argv[2];
const file = name ? fileURLToPath(new URL(`./${name}.ts`, import.meta.url)) : '';
if (!name || !/^[a-z0-9-]+$/.test(name) || !existsSync(file)) {
  console.error('usage: npm run bench -- <name>   (runs bench/<name>.ts)');
  process.exit(2);
}
await import(file);
