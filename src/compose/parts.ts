import type { Logger } from 'pino';
import type { Counters } from '../ports/counters.js';
import type { Store } from '../ports/store.js';
import { type Catalog, loadCatalog } from '../catalog/catalog.js';
import { DataFileError } from '../domain/data-files.js';
import type { ChannelModule } from '../ports/channel-module.js';
import { createChannels } from '../channels/registry.js';
import { type Config, llmSettings } from '../config.js';
import { FileBlobStore } from '../files/blob-store.js';
import { writableFolder } from '../files/folders.js';
import { type Database, type DatabaseOptions, openDatabase } from '../storage/database.js';
import { PGLITE_TEMPLATE_DIR } from '../paths.js';
import { drizzleLlmCallLog, drizzleStore } from '../storage/store.js';
import { DatabaseBlobStore } from '../storage/blob-store.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { LlmCallLog } from '../ports/llm-calls.js';
import type { FactExtractor } from '../triage/extractor.js';
import { createExtractor } from '../llm/index.js';

/** What both threads build from the settings: data files, photos, database, repositories, channels. */
export interface Parts {
  readonly catalog: Catalog;
  /** Photos: in the database (PHOTOS_STORE=database, the default on PostgreSQL) or the photos folder. */
  readonly blobs: BlobStore;
  readonly database: Database;
  readonly store: Store;
  /** The channels the settings turn on (or those a test gave). */
  readonly channels: readonly ChannelModule[];
  /** Free text → facts: the word lists, or the LLM over them when LLM_BASE_URL, LLM_API_KEY and LLM_MODEL are set. */
  readonly extractor: FactExtractor;
  /** Where the LLM triage's calls are kept (llm_calls); drained before the database closes. */
  readonly callLog: LlmCallLog;
  readonly clock: () => Date;
}

export interface PartsOptions {
  readonly log: Logger;
  /** Where the database's statement and transaction counters go (/metrics). */
  readonly counters: Counters;
  /** Instead of the system clock (tests). */
  readonly clock?: () => Date;
  /** Instead of the channels the settings turn on (tests). */
  readonly channels?: readonly ChannelModule[];
  /** How this thread opens the database (the receiving thread migrates; the background thread does not). */
  readonly database?: Pick<DatabaseOptions, 'migrate' | 'ingestPoolSize' | 'loadDataDir' | 'onStaleLock'>;
  /** Check that the photos folder can be written before the database opens (the receiving thread). */
  readonly checkFolders?: boolean;
}

const systemClock = (): Date => new Date();

/** Reads the data files of FLOWS_DIR; refuses, naming file and problem, when one is invalid. */
async function composeCatalog(config: Config): Promise<Catalog> {
  const { catalog, problems } = await loadCatalog(config.FLOWS_DIR);
  if (!catalog) throw new DataFileError(problems);
  return catalog;
}

/** Builds the parts from the settings, in order: data files, photos folder, database, store, channels. */
export async function composeParts(config: Config, options: PartsOptions): Promise<Parts> {
  const { log, counters } = options;
  const catalog = await composeCatalog(config);
  const files = new FileBlobStore(config.attachmentsDir);
  // Checked before the database opens: a photos folder fixline cannot write fails the start, not the first photo.
  if (options.checkFolders && config.photosStore === 'files') await writableFolder(config.attachmentsDir);
  const database = await openDatabase({
    onStatement: () => counters.inc('fixline_db_statements_total'),
    ...(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.DATA_DIR, template: PGLITE_TEMPLATE_DIR }),
    poolSize: config.DATABASE_POOL_SIZE,
    ...options.database,
  });
  try {
    const store = drizzleStore(database, {
      onTransaction: () => counters.inc('fixline_db_transactions_total'),
      placesTtlMs: config.PLACES_CACHE_MS,
      // PGlite runs one statement at a time: nothing to gather there.
      turnGatherMs: config.DATABASE_URL ? config.TURN_GATHER_MS : 0,
      ingestGatherMs: config.DATABASE_URL ? config.INGEST_GATHER_MS : 0,
    });
    const blobs = config.photosStore === 'database' ? new DatabaseBlobStore(database.db, files) : files;
    const channels = options.channels ?? createChannels(config, log);
    const callLog = drizzleLlmCallLog(database, log);
    return {
      catalog,
      blobs,
      database,
      store,
      channels,
      extractor: createExtractor(llmSettings(config), catalog, { log, counters, callLog }),
      callLog,
      clock: options.clock ?? systemClock,
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
