import { project } from '../../vitest.shared.js'

export default project({ test: { name: 'security', include: ['*.test.ts'], fileParallelism: false } })
