import { project } from '../../vitest.shared.js'

export default project({ test: { name: 'accounts', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } })
