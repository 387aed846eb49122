import { defineConfig } from 'drizzle-kit';

/** `npm run db:generate` writes a migration for changes to the tables (src/storage/schema/*.ts, re-exported by src/storage/schema.ts). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/storage/schema.ts',
  out: './migrations',
});
