import { describe, expect, it } from 'vitest'
import { itHasTheServiceSkeleton } from '@prost/test-support'
import { build } from './helper.js'

describe('accounts service skeleton', () => {
  itHasTheServiceSkeleton('accounts', '/api/auth', () => build())

  it('documents every auth route with the auth tag, a summary and problem answers', async () => {
    const app = await build()
    const spec = (await app.inject({ url: '/docs/json' })).json()
    const operations = Object.entries(
      spec.paths as Record<
        string,
        Record<string, { tags?: string[]; summary?: string; responses: Record<string, unknown> }>
      >,
    )
      .filter(([path]) => path.startsWith('/api/auth/') && !/\/(healthz|readyz)$/.test(path))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({ route: `${method} ${path}`, ...op })),
      )
    expect(operations.map((op) => op.route).sort()).toEqual([
      'get /api/auth/admin/users',
      'get /api/auth/me',
      'get /api/auth/providers',
      'get /api/auth/users',
      'patch /api/auth/me',
      'post /api/auth/admin/users/{id}/disable',
      'post /api/auth/admin/users/{id}/enable',
      'post /api/auth/login',
      'post /api/auth/logout',
      'post /api/auth/refresh',
      'post /api/auth/register',
      'post /api/auth/telegram',
      'post /api/auth/telegram/webapp',
    ])
    // Internal routes are left out of the public docs.
    expect(Object.keys(spec.paths).filter((path) => path.includes('/internal/'))).toEqual([])
    for (const op of operations) {
      expect(op.tags, op.route).toEqual(['auth'])
      expect(op.summary, op.route).toBeTruthy()
      expect(
        Object.keys(op.responses).some((status) => status.startsWith('4')),
        op.route,
      ).toBe(true)
    }
  })
})
