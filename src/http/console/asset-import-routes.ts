import { type Context, Hono } from 'hono';
import { applyImport, type ImportCatalog, UnreadableFile } from '../../app/asset-import/apply.js';
import { requirePermission } from '../../app/permissions.js';
import type { Store } from '../../ports/store.js';
import { HttpError } from '../../web/errors.js';
import { readBody } from '../../web/read-body.js';
import type { ConsoleEnv } from './context.js';

/** The largest equipment list accepted. */
export const MAX_IMPORT_FILE_BYTES = 10 * 1024 * 1024;
/** Room for the multipart envelope around the file (boundaries, part headers). */
const ENVELOPE_BYTES = 64 * 1024;
const MAX_NAME = 200;
// eslint-disable-next-line no-control-regex -- control characters are taken out of a file's name
const CONTROL = /[\u0000-\u001f\u007f]/g;

const tooLarge = () => new HttpError(413, 'file_too_large', `the file is larger than ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB`);

/** The `file` field of a multipart/form-data body, read with a byte limit (413 as soon as it is passed). */
async function uploadedFile(c: Context<ConsoleEnv>): Promise<{ name: string; bytes: Uint8Array }> {
  const type = c.req.header('content-type') ?? '';
  if (!/^multipart\/form-data;/i.test(type))
    throw new HttpError(400, 'not_multipart', 'send the file as multipart/form-data, field "file"');
  let body: Buffer;
  try {
    body = await readBody(c, MAX_IMPORT_FILE_BYTES + ENVELOPE_BYTES);
  } catch (error) {
    if (error instanceof HttpError && error.status === 413) throw tooLarge();
    throw error;
  }
  let form: FormData;
  try {
    form = await new Response(new Blob([new Uint8Array(body)]), { headers: { 'content-type': type } }).formData();
  } catch {
    throw new HttpError(400, 'bad_multipart', 'the multipart/form-data body could not be read');
  }
  const file = form.get('file');
  if (!file || typeof file === 'string') throw new HttpError(400, 'no_file', 'the form has no file in the field "file"');
  if (file.size > MAX_IMPORT_FILE_BYTES) throw tooLarge();
  const name = file.name.normalize('NFC').replace(CONTROL, '').trim().slice(0, MAX_NAME) || 'upload';
  return { name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/**
 * POST /assets/import[?dryRun=1] (multipart, field `file`: CSV or XLSX, at most 10 MB): the preview
 * (dry run) or the applied import — 422 when applying a file with problems (nothing written);
 * GET /assets/imports: the latest 50 applied imports. Both need assets.manage.
 */
export function assetImportRoutes(store: Store, catalog: ImportCatalog, clock: () => Date): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.post('/assets/import', async (c) => {
    const agent = c.get('signedIn').agent;
    requirePermission(agent, 'assets.manage');
    const dryRun = ['1', 'true'].includes(c.req.query('dryRun') ?? '');
    const file = await uploadedFile(c);
    try {
      const result = await applyImport(store, catalog, { file, agentId: agent.id, now: clock(), dryRun });
      return c.json(result, !dryRun && !result.applied ? 422 : 200);
    } catch (error) {
      if (error instanceof UnreadableFile) throw new HttpError(400, `unreadable_file`, `${file.name}: ${error.message}`);
      throw error;
    }
  });
  app.get('/assets/imports', async (c) => {
    requirePermission(c.get('signedIn').agent, 'assets.manage');
    const imports = await store.read.assets.imports.recentImports(50);
    return c.json({ imports: imports.map((i) => ({ ...i, at: i.at.toISOString() })) });
  });
  return app;
}
