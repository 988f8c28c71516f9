import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Node-only parts of the engine: the renderer may use the IPC contract and pure modules only.
const NODE_ONLY_ENGINE = [
  '**/shared/registry/**',
  '**/shared/store/**',
  '**/shared/copy*',
  '**/shared/credentials/**',
  '**/shared/settings/**',
  '**/shared/bundle/**',
  '**/shared/offline/**',
  '**/shared/plugins/**',
  '**/shared/docker/**',
  '**/shared/system/**',
  '**/shared/services/**',
  '**/shared/stream/**',
  '**/shared/serve/**',
  '**/shared/inspect*',
  '**/shared/progress-tracker*',
  '**/cli/**',
  '**/electron/**',
];
const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'zlib', 'stream', 'stream/*'];
const NO_ELECTRON = { name: 'electron', message: 'Only electron/ may import electron: it throws outside the Electron runtime.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    // Type-aware rules for the TypeScript sources (tsconfig.json via the project service): a promise
    // nobody awaits loses its rejection, and a promise where a void callback is expected runs unchecked.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
    },
  },
  {
    // Tests, benchmarks and scripts talk to the terminal and poke at untyped JSON.
    files: ['test/**', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['shared/**', 'cli/**', 'test/**', 'bench/**', 'scripts/**'],
    ignores: ['test/electron/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [NO_ELECTRON] }] },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [NO_ELECTRON, { name: 'dockerode', message: 'Docker is reached through IPC, not from the renderer.' }],
          patterns: [
            { group: NODE_ONLY_ENGINE, message: 'Node-only engine module: call it through window.api (IPC) instead.' },
            { group: NODE_BUILTINS, message: 'The renderer has no Node.js: call the engine through IPC.' },
          ],
        },
      ],
    },
  },
  {
    // Raw ipcMain/ipcRenderer only in the two binding files.
    files: ['electron/**'],
    ignores: ['electron/main/index.ts', 'electron/main/ipc-bind.ts', 'electron/preload/index.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'Use the typed bindings in electron/main/ipc-bind.ts.' }] }],
    },
  },
);
