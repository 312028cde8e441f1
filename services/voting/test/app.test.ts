import { describe, expect, it } from 'vitest'
import { itHasTheServiceSkeleton } from '@prost/test-support'
import { build } from './helper.js'

describe('voting service skeleton', () => {
  itHasTheServiceSkeleton('voting', '/api/votes', () => build())

  it('documents the ballot route with its bearer security and every answer', async () => {
    const app = await build()
    const spec = (await app.inject({ url: '/docs/json' })).json()
    expect(spec.paths['/api/votes/{eventId}'].put.security).toEqual([{ bearer: [] }])
    expect(Object.keys(spec.paths['/api/votes/{eventId}'].put.responses)).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '429',
      '503',
    ])
  })
})
