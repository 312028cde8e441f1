import { defineConfig } from 'vitest/config'

// One run over every workspace (each has its own vitest.config.ts) plus the root suites in test/.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'services/*/vitest.config.ts', 'test/*/vitest.config.ts', 'web/vitest.config.ts', 'web/e2e/vitest.config.ts'],
  },
})
