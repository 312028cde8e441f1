import { project } from '../../vitest.shared.js'

export default project({ test: { name: 'voting', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } })
