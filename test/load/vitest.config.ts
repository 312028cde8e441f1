import { fileURLToPath } from 'node:url'
import { project } from '../../vitest.shared.js'

// The JMeter smoke: the real plan, headless, against the four services behind a private HAProxy.
export default project({
  test: {
    name: 'load',
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/load/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
})
