/**
 * The database goes away: a Toxiproxy link in front of the shared FerretDB is cut. The events service
 * answers 503 problem+json (not 500, not a hang) and /readyz says 503; when the link is restored it
 * serves again without being restarted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testBackends, toxicLink, uniqueName } from '@prost/test-support'
import type { ProstServer } from '@prost/platform'
import { addressOf, baseEnv, call, startService, until } from '../security/stack.js'
import { newEventBody, userToken } from './load.js'

let link: Awaited<ReturnType<typeof toxicLink>>
let app: ProstServer
let base: string

beforeAll(async () => {
  const mongo = new URL(testBackends().mongoUrl)
  link = await toxicLink(`${mongo.hostname}:${mongo.port}`)
  app = await startService('events', {
    ...baseEnv(),
    MONGODB_URL: `mongodb://127.0.0.1:${link.port}/`,
    MONGODB_DB: uniqueName('res_mongo_events'),
    RATE_LIMIT_MAX: '100000',
    // No cache: every read must reach the database, so the test sees what the database does.
    CACHE_ENABLED: 'false',
  })
  base = `http://${addressOf(app)}`
})

afterAll(async () => {
  await link?.restore().catch(() => undefined)
  await app?.close()
  await link?.remove()
})

const isProblem = (res: { headers: Headers }) =>
  (res.headers.get('content-type') ?? '').startsWith('application/problem+json')

describe('events with its database cut off', () => {
  it(
    'answers 503 problem+json and is not ready while the database is away, and recovers by itself',
    { timeout: 60_000 },
    async () => {
      const token = userToken('Mongo Tester')
      const created = await call<{ id: string }>(base, 'POST', '/api/events', {
        token,
        body: newEventBody('Mongo beer'),
      })
      expect(created.status, created.text).toBe(201)
      const id = created.json.id
      expect((await call(base, 'GET', '/readyz')).status).toBe(200)

      await link.cut()
      const started = Date.now()
      const answers = await Promise.all([
        call(base, 'GET', `/api/events/${id}`),
        call(base, 'GET', '/api/events?limit=5'),
        call(base, 'POST', '/api/events', { token, body: newEventBody('While down') }),
        call(base, 'PATCH', `/api/events/${id}`, { token, body: { title: 'While down' } }),
      ])
      const elapsed = Date.now() - started
      const ready = await call<{ status: string }>(base, 'GET', '/readyz')
      console.log(
        `[mongo-down] answers while cut: ${answers.map((a) => `${a.status} ${a.headers.get('content-type')}`).join(', ')} in ${elapsed} ms; readyz ${ready.status} ${ready.json?.status}`,
      )
      for (const answer of answers) {
        expect(answer.status, answer.text).toBe(503)
        expect(isProblem(answer)).toBe(true)
        expect(answer.text).not.toMatch(/Mongo|ECONNREFUSED|at .+:\d+:\d+/)
      }
      expect(ready.status).toBe(503)
      expect(ready.json.status).toBe('unavailable')

      await link.restore()
      const recoveredIn = Date.now()
      await until(
        async () => (await call(base, 'GET', '/readyz')).status === 200,
        30_000,
        'readiness after the restore',
      )
      const read = await until(
        async () => {
          const res = await call<{ id: string; title: string }>(base, 'GET', `/api/events/${id}`)
          return res.status === 200 ? res : undefined
        },
        30_000,
        'reads after the restore',
      )
      expect(read.json.title).toBe('Mongo beer')
      const write = await call(base, 'PATCH', `/api/events/${id}`, {
        token,
        body: { title: 'After restore' },
      })
      expect(write.status, write.text).toBe(200)
      console.log(`[mongo-down] recovered ${Date.now() - recoveredIn} ms after the restore, same process`)
    },
  )
})
