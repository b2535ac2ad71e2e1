/**
 * Layering rules, checked by `npm run lint` (dependency-cruiser over src/ and web/src/).
 *
 * The rules keep the parts of the system that say *what* the law and the report require (kind
 * definitions, procedure rules, indicator definitions, report composition) free of *how* it is stored,
 * served or rendered, so they can be read, tested and reused (the CLI, the web UI, federation) without
 * a database, a server or a DOCX writer. Each rule below names what it protects.
 *
 * Type-only imports count: a "pure" module that takes a `Db` or an `AppContext`, even as a type, is
 * coupled to the database. Tests (*.test.ts) and the test helpers (src/testing/) may use anything.
 */

/** The pure modules: definitions and rules, and the report's composition. Each imports only others of this list. */
const PURE = [
  // Small helpers the definitions use: dates and errors, ids, org levels.
  '^src/core/(dates|errors|ids|random)\\.ts$',
  '^src/org/levels\\.ts$',
  // Kind definitions: the areas' ledgers, and the field and kind types with their validation.
  '^src/areas/',
  '^src/ledger/(kind|fields|validation)\\.ts$',
  // Procedure rules: the statutory steps and deadlines, and the working-day calendar they count on.
  // (due.ts, compliance.ts, service.ts and settings.ts apply them to stored records: services.)
  '^src/procedures/(procedure|calendar)\\.ts$',
  // Indicator definitions: the definition types, the periods, the collected registry, the monthly plan.
  // (conditions.ts compiles conditions to SQL; sql.ts, service.ts, town-defined.ts and monthly/store.ts read the database.)
  '^src/indicators/(definition|period|registry)\\.ts$',
  '^src/indicators/monthly/plan\\.ts$',
  // Report composition: the report model, templates, composition, wording, formatting and the draft
  // checker's rules. (builder.ts gathers the figures from the database for compose(); service.ts,
  // report-view.ts, frozen.ts, draft-check.ts and draft-check/aliases.ts are services.)
  '^src/report/(model|compose|clauses|format|drafting|leader-duty|unit-wording|template-schema|default-template|county-template|check|template-from|report-date)\\.ts$',
  '^src/report/draft-check/(vocabulary|corpus)\\.ts$',
  // The contract shared with the web UI.
  '^src/shared/',
];
const TESTS = ['\\.test\\.ts$', '^src/testing/'];

/** Modules that serve HTTP, touch the database, or render documents. */
const HTTP = ['^src/http/', '^node_modules/(fastify|@fastify|fastify-type-provider-zod)/'];
const DATABASE = ['^src/db/', '^node_modules/(kysely|better-sqlite3|pg|pg-[a-z-]+)/'];
const RENDERER = ['^src/report/render/', '^node_modules/(docx|exceljs)/'];

/** Packages a pure module may use: validation and the holiday calendar. Node's built-ins are allowed too. */
const PURE_PACKAGES = ['^node_modules/(zod|chinese-days)/'];

module.exports = {
  forbidden: [
    {
      // Definitions and composition do not serve HTTP, query the database or write documents.
      name: 'pure-no-infrastructure',
      comment:
        'Kind definitions, procedure rules, indicator definitions and report composition import no HTTP, database or renderer module: ' +
        'they say what is required, not how it is stored, served or rendered.',
      severity: 'error',
      from: { path: PURE, pathNot: TESTS },
      to: { path: [...HTTP, ...DATABASE, ...RENDERER] },
    },
    {
      // …nor through something else: every import of a pure module is itself pure, so the rule above holds transitively.
      name: 'pure-imports-only-pure',
      comment:
        'A pure module (definitions, rules, composition) imports only other pure modules, zod, chinese-days and Node built-ins, ' +
        'so nothing it pulls in reaches the database, the server or a renderer.',
      severity: 'error',
      from: { path: PURE, pathNot: TESTS },
      to: { pathNot: [...PURE, ...PURE_PACKAGES], dependencyTypesNot: ['core'] },
    },
    {
      // Renderers turn a composed report into a document and nothing else.
      name: 'renderer-only-report-model',
      comment: 'Renderers (src/report/render/) import only the report model (src/report/model.ts and the pure modules it uses) and their document libraries.',
      severity: 'error',
      from: { path: '^src/report/render/', pathNot: TESTS },
      to: { pathNot: ['^src/report/render/', '^src/report/model\\.ts$', '^node_modules/docx/'], dependencyTypesNot: ['core'] },
    },
    {
      // Routes translate HTTP to service calls; the services own the queries.
      name: 'routes-no-database',
      comment: 'Routes (src/http/routes/) import no database module (src/db/) and not Kysely: queries belong in the services, which check scope.',
      severity: 'error',
      from: { path: '^src/http/routes/', pathNot: TESTS },
      to: { path: DATABASE },
    },
    {
      // The browser bundle may share types and schemas with the server only through the contract.
      name: 'web-only-shared-contract',
      comment: 'The web UI (web/src/) imports nothing from the server (src/) except the shared contract (src/shared/).',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      // The contract is a leaf: the server and the UI both import it, it imports neither.
      name: 'shared-only-zod',
      comment: 'The shared contract (src/shared/) imports nothing but zod and itself.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { pathNot: ['^src/shared/', '^node_modules/zod/'] },
    },
    {
      // Modules that load each other run in an order that depends on who imported first: a value used
      // before its module finished loading is undefined (or a TDZ error). Cycles made only of `import type`
      // do not load anything and are left out: the services name each other's types through AppContext,
      // which in turn lists the services.
      name: 'no-circular',
      comment: 'No circular dependencies at run time (a cycle in which every import is type-only is allowed).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves to a file or an installed package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^web/dist/', 'node_modules'] },
    // Count `import type` too (see the top of this file).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
