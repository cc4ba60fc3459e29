// ESLint (flat config): the recommended JavaScript and typescript-eslint rules, without type
// information (fast enough to run in every `npm test`), plus the house limit of 150 characters a line.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Generated or ignored by git (.gitignore): bench bundles in .bench/, build output, dist/.
  { ignores: ['build/', 'dist/', 'node_modules/', 'cdk.out/', 'coverage/', '.bench/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { __dirname: 'readonly', require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', Buffer: 'readonly',
        performance: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: {
      // Strings stay whole (an error message or a fixture split over lines is harder to grep).
      'max-len': ['error', { code: 150, ignoreUrls: true, ignoreRegExpLiterals: true, ignoreStrings: true, ignoreTemplateLiterals: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests feed constructs deliberately ill-typed props and read manifests as loose JSON.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Loaded on first use, not at import: the schemas and models cost most of the gate's start-up
    // (lib/policy/README.md), and tzdata ships JSON without type declarations; diff.ts loads the app
    // only once its arguments are read, so a config that fails validation is reported like any error.
    files: [
      'lib/policy/schema/crd-schemas.ts', 'lib/policy/schema/core-models.ts', 'lib/cron/time-zone.ts', 'test/lib/policy/cli.test.ts', 'diff.ts',
    ],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // jest.config.js and the like are CommonJS.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
