import { defineConfig } from 'drizzle-kit';

// drizzle-kit only generates SQL from the schema; the server applies it at start (src/db/migrate.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
});
