import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NO_VSCODE = { name: 'vscode', message: 'src/core never imports vscode: keep the engine editor-independent.' };

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
      'no-restricted-imports': ['error', { paths: [NO_VSCODE] }],
    },
  },
  {
    // Layers: the plan's vocabulary and documents (plan/) and the rules sit below the engine; the
    // project layer (project/: files, configurations and plans of a folder) sits above it.
    files: ['src/core/plan/**/*.ts', 'src/core/rules/**/*.ts', 'src/core/kb/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [NO_VSCODE],
          patterns: [{ regex: '^(\\.\\./)+(project|files)(/|$)', message: 'project/ and files/ sit above the engine.' }],
        },
      ],
    },
  },
  {
    files: ['src/core/plan/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [NO_VSCODE, 'node:fs', 'node:fs/promises'],
          patterns: [
            {
              regex: '^\\.\\./(project|files|engine|config|rules|parse)(/|$)',
              message: 'plan/ is pure: folder probing and analysis live in src/core/project/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/rules/**/*.ts', 'src/core/engine.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [NO_VSCODE],
          patterns: [
            {
              regex: '^(\\.\\.?/)+(plan|project|files)(/|$)',
              message: 'Rules see the plan through RuleContext.plan (src/core/project/ provides it).',
            },
          ],
        },
      ],
    },
  },
  {
    // The knowledge base sits above the syntax and semantic layers: kb/classify.ts fills the model's kb slots.
    files: ['src/core/parse/**/*.ts', 'src/core/semantic/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core never imports vscode: keep the engine editor-independent.' }],
          patterns: [{ group: ['**/kb', '**/kb/*'], message: 'parse/ and semantic/ never import kb/: the knowledge base imports them.' }],
        },
      ],
    },
  },
  {
    // Facts about a model or a tree live in its memo (src/core/memo.ts): a module-level WeakMap keyed
    // by them keeps every file's model alive through V8's young-generation collections.
    files: ['src/core/semantic/**/*.ts', 'src/core/kb/**/*.ts', 'src/core/rules/**/*.ts', 'src/core/parse/syntax.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='WeakMap']",
          message: 'Keep per-model and per-tree facts in model.memo or node.doc.memo (src/core/memo.ts), not in a WeakMap.',
        },
      ],
    },
  },
  {
    // The extension-host suite is plain CommonJS so it runs without a build (test-electron contract).
    files: ['test/integration/**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        TextEncoder: 'readonly',
        Buffer: 'readonly',
        suite: 'readonly',
        test: 'readonly',
        suiteSetup: 'readonly',
        suiteTeardown: 'readonly',
        setup: 'readonly',
        teardown: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
  },
);
