/**
 * voting's internal reads (events' automatic finalize, the bot's nudges): behind INTERNAL_API_TOKEN,
 * 404 when the token is not configured, and the best choice follows the scoring rule on real ballots.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { bearer, TEST_INTERNAL_API_TOKEN } from '@prost/platform/testing'
import { build, type TestApp } from './helper.js'
import { oid, publishState, userToken, usualPoll } from './fixtures.js'

let app: TestApp
const { ann, bob, gus, state } = usualPoll()
const internal = { 'x-prost-internal-token': TEST_INTERNAL_API_TOKEN }

beforeAll(async () => {
  app = await build({ INTERNAL_API_TOKEN: TEST_INTERNAL_API_TOKEN })
  await publishState(app, state, 'event.created')
})

const vote = async (token: string, choices: Record<string, string>) => {
  const res = await app.inject({
    method: 'PUT',
    url: `/api/votes/${state.eventId}`,
    headers: bearer(token),
    payload: { choices },
  })
  expect(res.statusCode, res.body).toBe(200)
}

describe('GET /api/votes/internal/:eventId/best and /board', () => {
  it('answers the scored best time and place, and who has not voted', async () => {
    const [t1, t2, t3] = state.timeOptions.map((o) => o.id)
    const [kneipe, biergarten] = state.placeOptions.map((o) => o.id)
    // t1: yes + maybe + maybe = 2 (1 yes); t2: yes + yes = 2 (2 yes) → t2; t3: all no.
    // Kneipe: everyone no → never; Biergarten: one maybe → Biergarten.
    await vote(userToken(ann), { [t1!]: 'yes', [t2!]: 'yes', [t3!]: 'no', [kneipe!]: 'no' })
    await vote(userToken(bob), {
      [t1!]: 'maybe',
      [t2!]: 'yes',
      [t3!]: 'no',
      [kneipe!]: 'no',
      [biergarten!]: 'maybe',
    })
    const best = await app.inject({ url: `/api/votes/internal/${state.eventId}/best`, headers: internal })
    expect(best.statusCode, best.body).toBe(200)
    expect(best.json()).toEqual({
      eventId: state.eventId,
      eventVersion: state.version,
      timeOptionId: t2,
      placeOptionId: biergarten,
    })
    const board = await app.inject({ url: `/api/votes/internal/${state.eventId}/board`, headers: internal })
    expect(board.statusCode).toBe(200)
    expect(board.json().notVoted).toEqual([{ id: gus.id, name: gus.name }])
  })

  it('refuses callers without the token (401) and unknown events (404), as problem+json', async () => {
    for (const headers of [{}, { 'x-prost-internal-token': 'x'.repeat(40) }, bearer(userToken(ann))]) {
      const res = await app.inject({ url: `/api/votes/internal/${state.eventId}/best`, headers })
      expect(res.statusCode).toBe(401)
      expect(res.headers['content-type']).toContain('application/problem+json')
    }
    const unknown = await app.inject({ url: `/api/votes/internal/${oid()}/board`, headers: internal })
    expect(unknown.statusCode).toBe(404)
    const bad = await app.inject({ url: '/api/votes/internal/not-an-id/best', headers: internal })
    expect(bad.statusCode).toBe(400)
  })

  it('does not exist where INTERNAL_API_TOKEN is not set', async () => {
    const off = await build()
    const res = await off.inject({ url: `/api/votes/internal/${state.eventId}/best`, headers: internal })
    expect(res.statusCode).toBe(404)
  })
})
