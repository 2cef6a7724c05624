import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.real-vscode/**', '.vscode-test/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // The engine is pure: it never reaches for the editor API.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core never imports vscode: keep the engine editor-independent.' }] }],
    },
  },
  {
    // The knowledge base sits above the syntax and semantic layers: kb/classify.ts fills the model's kb slots.
    files: ['src/core/parse/**/*.ts', 'src/core/semantic/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core never imports vscode: keep the engine editor-independent.' }],
        patterns: [{ group: ['**/kb', '**/kb/*'], message: 'parse/ and semantic/ never import kb/: the knowledge base imports them.' }],
      }],
    },
  },
  {
    // The extension-host suite is plain CommonJS so it runs without a build (test-electron contract).
    files: ['test/integration/**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', TextEncoder: 'readonly', Buffer: 'readonly',
        suite: 'readonly', test: 'readonly', suiteSetup: 'readonly', suiteTeardown: 'readonly', setup: 'readonly', teardown: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly', console: 'readonly', Buffer: 'readonly', fetch: 'readonly', URL: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
      },
    },
  },
);
