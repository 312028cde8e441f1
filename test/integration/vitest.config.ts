import { project } from '../../vitest.shared.js'

export default project({ test: { name: 'integration', include: ['*.test.ts'] } })
