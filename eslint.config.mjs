import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Module boundaries (docs/architecture.md). Code outside a module imports only its index.ts;
// src/platform imports no module, no worker and not the app. Import paths are relative, so
// each rule matches the path as written from its directory.
const otherModuleInternals = {
  // ../<other>/<file> from src/modules/<m>/<file>.ts (../<other> is its index.ts: allowed)
  regex: '^\\.\\./(?!\\.)[^/]+/.+',
  message: "Import another module through its index.ts ('../<module>'), never its files (docs/architecture.md).",
};
/** A module's files, named from a directory `up` levels below src/ (0: src/*.ts). */
const moduleInternals = (up) => ({
  regex: `^${up === 0 ? '\\./' : '(\\.\\./){' + up + '}'}modules/[^/]+/.+`,
  message: "Import a module through its index.ts ('.../modules/<module>'), never its files (docs/architecture.md).",
});
const boundaries = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'src/generated/',
      'coverage/',
      '.data/',
      'bench/results/',
      'sdk/dist/',
      'sdk/schema.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        NodeJS: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src/platform/**/*.ts'],
    rules: boundaries({
      regex: '^(\\.\\./)+(modules|workers|app|main|api|worker)(/|$)',
      message: 'src/platform is cross-cutting: it imports no module, worker or app; take what it needs as a parameter.',
    }),
  },
  {
    files: ['src/modules/*/**/*.ts'],
    rules: boundaries(otherModuleInternals, moduleInternals(2), {
      regex: '^(\\.\\./)+(workers|app|main|api|worker)(/|$)',
      message: 'A module does not import the workers or the app.',
    }),
  },
  {
    files: ['src/modules/*.ts'],
    rules: boundaries({
      regex: '^\\./[^/]+/.+',
      message: "Import a module through its index.ts ('./<module>'), never its files (docs/architecture.md).",
    }),
  },
  { files: ['src/workers/**/*.ts'], rules: boundaries(moduleInternals(1)) },
  { files: ['src/*.ts'], rules: boundaries(moduleInternals(0)) },
);
