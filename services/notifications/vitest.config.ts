import { project } from '../../vitest.shared.js'

export default project({ test: { name: 'notifications', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } })
