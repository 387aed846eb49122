/**
 * The layering of src/, checked by `npm run lint:deps` (dependency-cruiser, run in .ci/run).
 *
 * From the bottom up; a folder may import its own layer's other folders (without cycles) and any
 * layer below it, never one above:
 *
 *   1. domain     src/domain/              pure rules: no I/O, `now` is a parameter
 *   2. engines    src/flows/, src/triage/  the flow engine and triage, pure over their data
 *   3. catalog    src/catalog/             reads the data files (flows/, problems/, lexicons) into
 *                                          the engines' shapes
 *   4. ports      src/ports/               every interface the application needs from the outside
 *                                          (store, console store, channel module, transport, ...),
 *                                          types only; the one place they live
 *   5. app        src/app/                 the application: use cases over the ports
 *   6. settings   src/config.ts,           the parsed configuration and where the project's files
 *                 src/paths.ts             are; adapters read their part of it
 *   7. adapters   src/web/ (request plumbing shared by http and the channel webhooks),
 *                 src/files/, src/auth/, src/storage/, src/channels/, src/http/, src/console/
 *   8. composition src/server.ts, main.ts, launch.ts, pipeline-worker.ts, pipeline-thread.ts,
 *                 background.ts, startup-errors.ts, logging.ts, pipeline-messages.ts, src/compose/,
 *                 and src/cli/ (command-line entry points build what they need like main.ts does)
 *
 * Nothing imports composition. There are no exceptions at present; one, if ever needed, is a
 * `pathNot` on the rule it breaks with a comment here and a sentence in the README (Architecture).
 */
const layers = {
  domain: '^src/domain/',
  engines: '^src/(flows|triage)/',
  catalog: '^src/catalog/',
  ports: '^src/ports/',
  app: '^src/app/',
  settings: '^src/(config|paths)[.]ts$',
  adapters: '^src/(web|files|auth|storage|channels|http|console)/',
  composition: '^src/((server|main|launch|pipeline-worker|pipeline-thread|background|startup-errors|logging|pipeline-messages)[.]ts$|compose/|cli/)',
};

/** Paths of every layer above the given one. */
function above(name) {
  const order = Object.keys(layers);
  return order.slice(order.indexOf(name) + 1).map((n) => layers[n]);
}

/** One rule per layer: it imports nothing from a layer above it. */
const layerRules = Object.keys(layers)
  .filter((name) => name !== 'composition')
  .map((name) => ({
    name: `${name}-imports-only-below`,
    comment: `${name} (${layers[name]}) may import only its own layer and those below it (see the top of this file).`,
    severity: 'error',
    from: { path: layers[name] },
    to: { path: above(name) },
  }));

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
      name: 'composition-is-the-top',
      comment: 'Only composition builds the whole; nothing below imports it.',
      severity: 'error',
      from: { pathNot: layers.composition },
      to: { path: layers.composition },
    },
    {
      name: 'pure-core-does-no-io',
      comment: 'domain, flows and triage do no I/O: no files, network, processes or databases.',
      severity: 'error',
      from: { path: '^src/(domain|flows|triage)/' },
      to: { path: '^(node:)?(fs|fs/promises|net|http|https|child_process|worker_threads|dgram)$|^(postgres|@electric-sql/pglite|drizzle-orm|hono|@hono/node-server|pino)($|/)', dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'ports-are-types-only',
      comment: 'src/ports/ holds interfaces; it imports types only (and nothing runs on import).',
      severity: 'error',
      from: { path: layers.ports },
      to: { dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    exclude: { path: '^src/console/public/' },
  },
};
