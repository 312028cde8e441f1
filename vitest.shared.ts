/** Settings every test project shares: the @prost/test-support alias and generous real-server timeouts. */
import { fileURLToPath } from 'node:url'
import { defineProject, mergeConfig, type UserWorkspaceConfig } from 'vitest/config'

export const shared: UserWorkspaceConfig = {
  resolve: {
    alias: { '@prost/test-support': fileURLToPath(new URL('./test/support/index.ts', import.meta.url)) },
  },
  test: { testTimeout: 30_000, hookTimeout: 60_000, restoreMocks: true },
}

export const project = (config: UserWorkspaceConfig) => defineProject(mergeConfig(shared, config))
