import tseslint from 'typescript-eslint';

// Schemas are written with zod/mini: classic zod's method API cannot be tree-shaken and doubled the
// webview bundle (README, Development). `npm run zod:mini -- <files>` rewrites classic chains.
const classicZod = ['zod', 'zod/v4', 'zod/v4/classic'].map((name) => ({ name, message: "Use `import * as z from 'zod/mini'` (functional API: z.optional(x), x.check(z.minimum(0)), z.extend(…))." }));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.ci/vscode-e2e/**', '.vscode-test/**', 'examples/**', 'test/fixtures/**/*.js', 'test/fixtures/workspaces/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: classicZod }] },
  },
  {
    files: ['src/core/**/*.ts', 'src/protocol/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['vscode', ...classicZod], patterns: ['**/vscode/**', '**/webview/**'] }] },
  },
  {
    files: ['webview/**/*.ts', 'webview/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { paths: ['vscode', ...classicZod], patterns: ['**/src/core/**', '**/src/vscode/**', 'node:*'] }] },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', 'test/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
