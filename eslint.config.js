// @ts-check
// ESLint for fixline: typescript-eslint's strict and stylistic type-checked sets over all TypeScript
// (src/, test/, bench/, the root configs), each rule turned off or loosened below with the reason;
// eslint-config-prettier last, so that formatting is Prettier's alone (`npm run format`).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      'dist/**',
      'dist-web/**',
      'coverage/**',
      'data/**',
      // The console's and the web chat's old untyped scripts, being replaced by TypeScript pages.
      'src/console/public/**',
      'src/channels/webchat/public/**',
    ],
  },
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    extends: [js.configs.recommended, tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      // Each file is checked with the root tsconfig.json (one for the server and the pages: its DOM types
      // serve the pages; that the pages use no Node module is lint:deps' rule pages-run-in-the-browser).
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Numbers read naturally in messages and SQL; booleans, null, objects and arrays still do not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `(x) => doSomething(x)` is a callback's shorthand, and `return reply(...)` in a function that
      // itself returns void is an early exit: neither passes on a value anyone reads.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      // `const { media: _media, ...rest } = x` drops a key on purpose; `_` marks a parameter a signature needs.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `onnotice: () => {}` is how a callback is told to do nothing; empty named functions are still reported.
      '@typescript-eslint/no-empty-function': ['error', { allow: ['arrowFunctions'] }],
      // An async function without await implements a port that returns a Promise, and `async` turns its
      // throws into rejections, which callers' `.catch` relies on; floating and misused promises stay errors.
      '@typescript-eslint/require-await': 'off',
      // `env.X || fallback` treats an empty string (a variable set to nothing) as missing, on purpose.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true } }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // In a test or a benchmark a wrong `!` throws, and a throw fails the run: the narrowing `if` it would
      // take says nothing more. In src/ it stays an error: narrow instead.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // `let desk: Desk` is set in beforeAll, and `afterAll(() => desk?.stop())` must survive a beforeAll that
      // threw: the type cannot say "maybe never assigned", so this rule would remove the guard.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // vitest's asymmetric matchers (expect.any, expect.stringMatching) are typed `any`, and the fake
      // platforms read request bodies as loose JSON: in a test a wrong field fails the assertion anyway.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    // The browser pages (TypeScript + Preact for the console, plain TypeScript for the web chat page).
    files: ['src/console/**/*.{ts,tsx}', 'src/channels/webchat/page/**/*.ts'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  prettier,
);
