import { project } from '../../vitest.shared.js'

export default project({ test: { name: 'events', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } })
