// Makes dist/pglite-template/ (a migrated, empty PGlite data folder that a fresh DATA_DIR starts as a copy of) unless it is of the present migrations.
import { PGLITE_TEMPLATE_DIR } from '../paths.js';
import { MIGRATIONS_FOLDER } from '../storage/database.js';
import { buildPgliteTemplate, isTemplateFresh } from '../storage/pglite-template.js';

try {
  if (await isTemplateFresh(PGLITE_TEMPLATE_DIR, MIGRATIONS_FOLDER)) {
    console.log('build:template: dist/pglite-template/ is up to date');
  } else {
    await buildPgliteTemplate(PGLITE_TEMPLATE_DIR, MIGRATIONS_FOLDER);
    console.log('build:template: made dist/pglite-template/ (a migrated data folder for fresh DATA_DIRs)');
  }
} catch (error) {
  console.error(`build:template: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
