// ESLint for the server (src/), the web UI (web/src/), the browser tests (e2e/), the benchmarks (bench/)
// and the launcher (bin/), run by `npm run lint` (then dependency-cruiser for the layering rules, see
// .dependency-cruiser.cjs).
//
// Rule set: typescript-eslint's strictTypeChecked and stylisticTypeChecked, with type information from
// each directory's own tsconfig (projectService). Strict is affordable here because the code already
// compiles under `strict` with noUncheckedIndexedAccess; what the checker cannot see and these rules do
// is what they are for: promises nobody awaits or whose rejection nobody handles (no-floating-promises,
// no-misused-promises), a switch over a union that misses a member (switch-exhaustiveness-check), a
// condition the types say is always true or false (no-unnecessary-condition), `any` leaking from
// JSON.parse or a library (no-unsafe-*), `undefined` or an object printed into a message a user reads
// (restrict-template-expressions, no-base-to-string). The few options changed below are the project's
// deliberate style, each with its reason; nothing is switched off for particular files.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['**/dist/**', 'node_modules/**', 'e2e/artifacts/**', 'data/**', 'coverage/**'] },
  {
    files: ['src/**/*.ts', 'web/src/**/*.{ts,tsx}', 'e2e/**/*.ts', 'bench/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.strictTypeChecked, ...tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      // Each file is checked with the nearest tsconfig.json: src/ the server's, web/ the UI's (DOM, JSX,
      // bundler resolution), e2e/ and bench/ their own.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Messages are Chinese sentences with counts in them (`共 ${n} 条`): a number in a template is the
      // point. Anything else (undefined, null, an object, a union with them) is still reported.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `onClick={() => setOpen(true)}` and `.forEach((x) => set.add(x))`: a one-expression arrow whose
      // value nobody uses is the house style for handlers; a void expression used as a value elsewhere is
      // still reported.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // This rule asks for `x!` where the code writes `x as T`; strict's no-non-null-assertion forbids
      // `x!`. The two contradict each other, and the project prefers neither silently: keep the latter.
      '@typescript-eslint/non-nullable-type-assertion-style': 'off',
      // `string[]` for simple element types, `Array<{ … }>`/`ReadonlyArray<A | B>` where the element type
      // is long, as the code is written.
      '@typescript-eslint/array-type': ['error', { default: 'array-simple' }],
      // React calls an event handler and ignores what it returns, so `onClick={async () => …}` is how the
      // UI starts a request (the handlers catch their own errors). Promises passed where any other
      // callback is expected are still checked.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // Database rows and parsed JSON (dumps, imports, federation payloads) are typed as declared, not as
      // checked: `Number(row.id)` or `String(value)` around them is a guard kept on purpose (a bigint
      // column is a number only because db/connect.ts installs pg parsers for int8 and numeric; SQLite,
      // a dump read back or another province's answer are not bound by the declaration). The rule would
      // remove such guards on the strength of the declared type alone.
      '@typescript-eslint/no-unnecessary-type-conversion': 'off',
      // `env.FAZHI_DB || 'data/fazhi.db'`, `values.phone?.trim() || undefined`: an empty string means
      // "not given" throughout (environment variables, trimmed form fields, query parameters). And
      // `disabled || preparing` is a boolean or, which ?? would change (false ?? true is false). Numbers
      // are still asked to use ?? (a 0 is a value).
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true, boolean: true } }],
      // Fastify tells a hook that throws or returns from one that calls `done` by whether it is async:
      // `app.addHook('preValidation', async (request) => { … throw … })` is a synchronous check written
      // the way Fastify wants it, and route handlers that answer without awaiting are the same.
      '@typescript-eslint/require-await': 'off',
      // Unused arguments are kept when they document a callback's shape; prefix them with _ to say so.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    // The rules of hooks and the dependency lists. The plugin's other recommended rules check code for
    // the React Compiler, which the UI does not use; they report the data-loading pattern every page
    // follows (an effect that sets `loading`, fetches, sets the data) as an error.
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The launcher is plain JavaScript run by Node (no type information to use).
    files: ['bin/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
);
