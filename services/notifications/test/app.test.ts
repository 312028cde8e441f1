import { describe } from 'vitest'
import { itHasTheServiceSkeleton } from '@prost/test-support'
import { build } from './helper.js'

describe('notifications service skeleton', () => {
  itHasTheServiceSkeleton('notifications', '/api/notifications', () => build())
})
