// `npm start`: runs the build in dist/ (scripts/build.mjs), transpiled again first when a source of
// the server changed since (one line says so), so that an edit to src/ takes effect at this start.
// Running JavaScript rather than transpiling TypeScript at every start takes ~70 MB less memory.
import { ensureBuild } from './build.mjs';

try {
  const done = await ensureBuild();
  if (done.transpiled) process.stdout.write('  built the server from its changed sources (dist/src/)\n');
  if (done.template) process.stdout.write('  made the template for new data folders (dist/pglite-template/)\n');
} catch (error) {
  process.stderr.write(`fixline: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
await import('../dist/src/main.js');
