import { defineConfig } from 'drizzle-kit';

/** `npm run db:generate` writes a migration for changes to src/storage/schema.ts. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/storage/schema.ts',
  out: './migrations',
});
