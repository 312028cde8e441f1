import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', 'web/e2e/screenshots/**', 'charts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through loadConfig (packages/platform/src/config.ts).' },
      ],
    },
  },
  {
    // Config loading, start-up scripts (the tracing preload reads the standard OTEL_* variables before
    // any service config exists) and tests may read the environment.
    files: ['packages/platform/src/config.ts', 'packages/platform/src/server.ts', 'packages/platform/src/tracing/preload.ts', 'packages/platform/src/testing/**', 'scripts/**', 'test/**', '**/test/**', '**/*.test.ts', '**/vitest.config.ts', '**/bench/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
)
