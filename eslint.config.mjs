import tseslint from 'typescript-eslint';

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
    files: ['src/core/**/*.ts', 'src/protocol/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['vscode'], patterns: ['**/vscode/**', '**/webview/**'] }] },
  },
  {
    files: ['webview/**/*.ts', 'webview/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { paths: ['vscode'], patterns: ['**/src/core/**', '**/src/vscode/**', 'node:*'] }] },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', 'test/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
