import { project } from '../../vitest.shared.js'

export default project({ test: { name: 'platform', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } })
