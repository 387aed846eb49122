/**
 * The layering of src/, checked by `npm run lint:deps` (dependency-cruiser, run in .ci/run) and
 * drawn in the README (Architecture). From the bottom up; a unit imports only units of lower
 * tiers, and units of one tier do not import each other unless the tier says `siblings: true`.
 * So every import between top-level folders goes down, and the folders cannot form a cycle
 * (`no-folder-cycles` below also checks the folders nested in them).
 *
 *   domain       pure rules: no I/O, `now` is a parameter
 *   engines      flows/ (the conversation engine) and triage/ (text → facts), pure over their data
 *   catalog      reads the data files (flows/, lexicons, contracts) into the engines' shapes; it sits
 *                above the engines because it builds their inputs
 *   ports        every interface the application needs from outside (store, console store,
 *                attempts, blob store, channel module, transport), types only; the one place they live
 *   app          the use cases, over the ports
 *   settings     config.ts (parsed once) and paths.ts (the project folder); adapters read their part
 *   edge-kit     web/ (errors → responses, the body reader: shared by http/ and the channels'
 *                webhooks), files/ (the blob store) and ui/ (what the browser pages share: styles)
 *   adapters     auth/, storage/, channels/, llm/ (the optional LLM triage over the openai SDK):
 *                each implements ports, none imports another
 *   web-surface  http/ (mounts the channels' webhooks and the console) and console/ (static files)
 *   composition  server.ts, main.ts, launch.ts, background.ts, background-worker.ts, background-thread.ts,
 *                background-messages.ts, startup-errors.ts, logging.ts, tsx-worker.mjs, web-build.ts, compose/, conversation-tests/
 *                (a whole desk in memory, and the conversation tests that drive it), and cli/ (command-line
 *                entry points: they build what they need, as main.ts does); nothing imports it
 *
 * Exceptions: none at present. One, if ever needed, is a `pathNot` on the rule it breaks with a
 * comment here saying why, and a sentence in the README (Architecture).
 */
const tiers = [
  { name: 'domain', units: ['domain/'] },
  { name: 'engines', units: ['flows/', 'triage/'] },
  { name: 'catalog', units: ['catalog/'] },
  { name: 'ports', units: ['ports/'] },
  { name: 'app', units: ['app/'] },
  { name: 'settings', units: ['config.ts', 'paths.ts'], siblings: true },
  { name: 'edge-kit', units: ['web/', 'files/', 'ui/'] },
  { name: 'adapters', units: ['auth/', 'storage/', 'channels/', 'llm/'] },
  { name: 'web-surface', units: ['http/', 'console/'] },
  {
    name: 'composition',
    siblings: true,
    units: [
      'server.ts',
      'main.ts',
      'launch.ts',
      'background.ts',
      'background-worker.ts',
      'background-thread.ts',
      'background-messages.ts',
      'startup-errors.ts',
      'logging.ts',
      'tsx-worker.mjs',
      'web-build.ts',
      'compose/',
      'cli/',
      'conversation-tests/',
    ],
  },
];

/** The path pattern of units under src/: a folder and everything in it, or one file. */
const pattern = (units) => `^src/(${units.map((u) => u.replace(/[.]/g, '[.]') + (u.endsWith('/') ? '' : '$')).join('|')})`;

const layerRules = tiers.flatMap((tier, i) => {
  const higher = tiers.slice(i + 1).flatMap((t) => t.units);
  const rules = [];
  if (higher.length > 0) {
    rules.push({
      name: `${tier.name}-imports-only-below`,
      comment: `${tier.name} (${tier.units.join(', ')}) imports nothing from a higher tier (see the top of .dependency-cruiser.cjs).`,
      severity: 'error',
      from: { path: pattern(tier.units) },
      to: { path: pattern(higher) },
    });
  }
  if (!tier.siblings && tier.units.length > 1) {
    for (const unit of tier.units) {
      rules.push({
        name: `${tier.name}-siblings-independent`,
        comment: `${unit} does not import the other units of its tier (${tier.units.join(', ')}).`,
        severity: 'error',
        from: { path: pattern([unit]) },
        to: { path: pattern(tier.units.filter((u) => u !== unit)) },
      });
    }
  }
  return rules;
});

const everything = pattern(tiers.flatMap((t) => t.units));

module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment: 'Folders of src/ form no cycle: if a imports b (directly or not), b does not import a.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycles',
      comment: 'No cycle between files either.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'every-file-has-a-tier',
      comment: 'A new folder or file at the top of src/ gets a tier above before it is used.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: everything },
    },
    {
      name: 'pure-core-does-no-io',
      comment: 'domain, flows and triage do no I/O: no files, network, processes or databases.',
      severity: 'error',
      from: { path: '^src/(domain|flows|triage)/' },
      to: {
        path: '^(node:)?(fs|fs/promises|net|dns|http|https|http2|child_process|worker_threads|dgram)$|(^|/)node_modules/(postgres|@electric-sql/pglite|drizzle-orm|hono|@hono/node-server|pino|telegraf|@line/bot-sdk|openai)/',
      },
    },
    {
      name: 'pages-run-in-the-browser',
      comment:
        'The browser pages (console/, ui/, channels/webchat/page/) import no Node module and no server package: they are bundled for the browser by Vite.',
      severity: 'error',
      from: { path: '^src/(console|ui|channels/webchat/page)/' },
      to: {
        path: '^(node:)?(fs|fs/promises|path|os|crypto|net|dns|http|https|http2|child_process|worker_threads|dgram|stream|buffer|util)$|(^|/)node_modules/(postgres|@electric-sql/pglite|drizzle-orm|hono|@hono/node-server|pino|telegraf|@line/bot-sdk|yaml)/',
      },
    },
    {
      name: 'ports-are-types-only',
      comment: 'src/ports/ holds interfaces; it imports types only (and nothing runs on import).',
      severity: 'error',
      from: { path: pattern(['ports/']) },
      to: { dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
