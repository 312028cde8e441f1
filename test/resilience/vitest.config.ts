import { project } from '../../vitest.shared.js'

export default project({
  test: { name: 'resilience', include: ['*.test.ts'], fileParallelism: false, testTimeout: 60_000 },
})
