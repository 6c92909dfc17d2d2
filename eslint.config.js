// Lint keeps the rooms apart (see docs/ARCHITECTURE.md):
//   main/core   pure TypeScript: no Node, no Electron, no React
//   db          Node + SQLite: may use main/core, never electron, React or the handlers
//   main/api    handlers and the contract: Node, never electron or React
//   main/node   Node services and transports: never electron or React
//   main/electron  the thin shell: the only place electron may be imported
//   renderer    the browser: no Node modules, and from main only `import type` of the contract
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const noElectronOrReact = {
  paths: [
    { name: 'electron', message: 'Only main/electron may import electron.' },
    { name: 'react', message: 'React belongs to the renderer.' },
    { name: 'react-dom', message: 'React belongs to the renderer.' },
  ],
  patterns: [{ group: ['**/renderer/**'], message: 'Main-side code never imports the renderer.' }],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', 'test-output/', '.bench-data/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['db/**/*.ts', 'main/api/**/*.ts', 'main/node/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', noElectronOrReact] },
  },
  {
    files: ['db/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        ...noElectronOrReact,
        patterns: [
          ...noElectronOrReact.patterns,
          { group: ['**/main/api/**', '**/main/node/**', '**/main/electron/**'], message: 'db/ sits below the handlers: it may use main/core only.' },
        ],
      }],
    },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [...noElectronOrReact.paths, ...nodeBuiltins.map((name) => ({ name, message: 'main/core is pure TypeScript.' }))],
        patterns: [{ group: ['**/db/**', '**/main/api/**', '**/main/node/**', '**/main/electron/**', '**/renderer/**'], message: 'main/core depends on nothing of ours.' }],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [
          ...nodeBuiltins.map((name) => ({ name, message: 'The renderer runs in the browser: no Node modules.' })),
          { name: 'electron', message: 'The renderer talks to main only through window.counterpart.' },
          { name: 'better-sqlite3', message: 'The renderer never touches the database.' },
          { name: 'kysely', message: 'The renderer never touches the database.' },
        ],
        patterns: [
          { group: ['**/db/**', '**/main/node/**', '**/main/electron/**', '**/main/core/**'], message: 'The renderer only sees the contract.' },
          { group: ['**/main/api/**'], allowTypeImports: true, message: 'The renderer takes only types from the contract.' },
        ],
      }],
    },
  },
  {
    files: ['main/electron/preload.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['**/main/api/**', '!**/main/api/calls.js'], message: 'The sandboxed preload may only know the call names.' }],
      }],
    },
  },
);
