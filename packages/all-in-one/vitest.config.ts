import { project } from '../../vitest.shared.js'

export default project({ test: { name: 'all-in-one', include: ['test/**/*.test.ts'] } })
