import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

const boundary = (message, patterns) => ({
  'no-restricted-imports': [
    'error',
    { patterns: patterns.map((group) => ({ group, message, allowTypeImports: true })) },
  ],
});

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'bench/data/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  // Dependency direction (see conventions): ui → state → {model, metrics, charts, db}; metrics → sql.
  {
    files: ['src/**/*'],
    ignores: ['src/db/**'],
    rules: boundary('Only src/db/ talks to DuckDB-WASM: go through the Engine.', [
      ['@duckdb/duckdb-wasm', '@duckdb/duckdb-wasm/*', 'parquet-wasm', 'parquet-wasm/*'],
    ]),
  },
  {
    files: ['src/ui/**/*'],
    rules: boundary('UI components take props and call back; data access belongs in src/state/.', [
      ['@duckdb/duckdb-wasm', '@duckdb/duckdb-wasm/*', '**/db/*', '**/sql/*'],
    ]),
  },
  {
    files: ['src/model/**/*', 'src/metrics/**/*', 'src/sql/**/*', 'src/charts/**/*'],
    ignores: ['**/*.test.ts'],
    rules: boundary('Pure layers do not reach up into state, UI or the engine.', [
      ['**/state/*', '**/ui/*', '**/db/*', '@duckdb/duckdb-wasm'],
    ]),
  },
);
