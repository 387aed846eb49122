// `npm run build:web`: builds the browser pages into dist-web/ (vite.config.ts) unless they are built from the present sources.
import { ensureWebBuild } from '../web-build.js';

try {
  console.log((await ensureWebBuild()) === 'built' ? 'build:web: built the pages into dist-web/' : 'build:web: dist-web/ is up to date');
} catch (error) {
  console.error(`build:web: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
