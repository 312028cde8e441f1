import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Offline checks of docker/, charts/, argocd/ and terraform/: no Docker engine, no cluster, no network.
export default defineConfig({
  test: {
    name: 'deploy',
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/deploy/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
