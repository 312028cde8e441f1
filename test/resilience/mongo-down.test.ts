/**
 * The database goes away under each service in turn: a Toxiproxy link in front of the shared
 * FerretDB is cut. Every request that needs the database answers 503 problem+json with Retry-After
 * (not 500, not a hang) and /readyz says 503; when the link is restored the same process serves
 * again without being restarted.
 */
import { afterAll, describe, it, vi, type ExpectStatic } from 'vitest'
import { ObjectId } from 'mongodb'
import { newEnvelope } from '@prost/platform'
import { signTestToken } from '@prost/platform/testing'
import {
  call,
  createPublicEvent,
  newEventBody,
  pollingEvent,
  removePrivateQueues,
  serviceEnv,
  startServiceInstance,
  testBackends,
  toxicLink,
  urlOf,
  userToken,
  type JsonAnswer,
  type ServiceApp,
  type ServiceName,
} from '@prost/test-support'

/** What one service is asked while its database is away, and how it shows it is back. */
interface Scenario {
  service: ServiceName
  /** Settings of the service's own. */
  env?: Record<string, string>
  /**
   * Makes what the requests need while the database is up. Returns the requests that need the
   * database, each of which must answer 503 while it is cut, and a check that the service reads and
   * writes again, which must pass (it is retried) once the link is back.
   */
  prepare(
    base: string,
    app: ServiceApp,
    /** The running test's own expect: the four scenarios run concurrently. */
    expect: ExpectStatic,
  ): Promise<{
    needingTheDatabase: Record<string, () => Promise<JsonAnswer>>
    servesAgain: () => Promise<void>
  }>
}

const scenarios: Scenario[] = [
  {
    service: 'accounts',
    async prepare(base, _app, expect) {
      const email = `mongo.${new ObjectId().toHexString()}@prost.test`
      const password = 'correct horse battery'
      const registered = await call<{ accessToken: string }>(base, 'POST', '/api/auth/register', {
        body: { email, password, displayName: 'Mongo Tester' },
      })
      expect(registered.status, registered.text).toBe(201)
      const token = registered.json.accessToken
      return {
        needingTheDatabase: {
          'read my profile': () => call(base, 'GET', '/api/auth/me', { token }),
          'change my profile': () =>
            call(base, 'PATCH', '/api/auth/me', { token, body: { displayName: 'While down' } }),
          'log in': () => call(base, 'POST', '/api/auth/login', { body: { email, password } }),
        },
        async servesAgain() {
          const read = await call<{ displayName: string }>(base, 'GET', '/api/auth/me', { token })
          expect(read.status, read.text).toBe(200)
          expect(read.json.displayName).toBe('Mongo Tester')
          const write = await call(base, 'PATCH', '/api/auth/me', {
            token,
            body: { displayName: 'After restore' },
          })
          expect(write.status, write.text).toBe(200)
        },
      }
    },
  },
  {
    service: 'events',
    // No cache: every read must reach the database, so the test sees what the database does.
    env: { CACHE_ENABLED: 'false' },
    async prepare(base, _app, expect) {
      const token = userToken('Mongo Tester')
      const id = await createPublicEvent(base, token, 'Mongo beer')
      return {
        needingTheDatabase: {
          'read an event': () => call(base, 'GET', `/api/events/${id}`),
          'list events': () => call(base, 'GET', '/api/events?limit=5'),
          'create an event': () =>
            call(base, 'POST', '/api/events', { token, body: newEventBody('While down') }),
          'edit an event': () =>
            call(base, 'PATCH', `/api/events/${id}`, { token, body: { title: 'While down' } }),
        },
        async servesAgain() {
          const read = await call<{ title: string }>(base, 'GET', `/api/events/${id}`)
          expect(read.status, read.text).toBe(200)
          expect(read.json.title).toBe('Mongo beer')
          const write = await call(base, 'PATCH', `/api/events/${id}`, {
            token,
            body: { title: 'After restore' },
          })
          expect(write.status, write.text).toBe(200)
        },
      }
    },
  },
  {
    service: 'voting',
    async prepare(base, app, expect) {
      const voter = { id: new ObjectId().toHexString(), name: 'Mongo Tester' }
      const event = pollingEvent({ id: new ObjectId().toHexString(), name: 'Organizer' }, [voter])
      const token = signTestToken({ sub: voter.id, kind: 'user', role: 'user', name: voter.name })
      // Voting learns about events from messages: announce one and wait until its read model has it.
      await app.amqp.publish(newEnvelope('event.created', 1, event))
      const board = () => call(base, 'GET', `/api/votes/${event.eventId}`, { token })
      await expect.poll(async () => (await board()).status, { timeout: 15_000 }).toBe(200)
      const vote = (answer: 'yes' | 'no') =>
        call(base, 'PUT', `/api/votes/${event.eventId}`, {
          token,
          body: { choices: { [event.timeOptions[0]!.id]: answer } },
        })
      return {
        needingTheDatabase: {
          'read the board': board,
          'read my ballot': () => call(base, 'GET', `/api/votes/${event.eventId}/ballot`, { token }),
          vote: () => vote('no'),
        },
        async servesAgain() {
          const read = await board()
          expect(read.status, read.text).toBe(200)
          const write = await vote('yes')
          expect(write.status, write.text).toBe(200)
        },
      }
    },
  },
  {
    service: 'notifications',
    async prepare(base, _app, expect) {
      const token = userToken('Mongo Tester')
      const mine = () => call(base, 'GET', '/api/notifications/me', { token })
      expect((await mine()).status).toBe(200)
      return {
        needingTheDatabase: {
          'read my notifications': mine,
          'set my message language': () =>
            call(base, 'PUT', '/api/notifications/me/language', { token, body: { language: 'ru' } }),
          'start linking Telegram': () => call(base, 'POST', '/api/telegram/link', { token }),
        },
        async servesAgain() {
          const read = await mine()
          expect(read.status, read.text).toBe(200)
          const write = await call(base, 'POST', '/api/telegram/link', { token })
          expect(write.status, write.text).toBe(200)
        },
      }
    },
  },
]

const isProblem = (res: { headers: Headers }) =>
  (res.headers.get('content-type') ?? '').startsWith('application/problem+json')

// The four services run side by side (each behind its own link), so the suite waits out one
// outage, not four in a row.
describe.concurrent('a service with its database cut off', () => {
  const started: {
    link: Awaited<ReturnType<typeof toxicLink>>
    app?: ServiceApp
    env: Record<string, string>
  }[] = []

  afterAll(async () => {
    for (const { link, app, env } of started) {
      await link.restore().catch(() => undefined)
      await app?.close()
      await link.remove()
      await removePrivateQueues(env)
    }
  })

  for (const { service, env: ownEnv, prepare } of scenarios) {
    it(
      `${service}: answers 503 problem+json with Retry-After and is not ready while the database is away, and recovers by itself`,
      { timeout: 90_000 },
      async ({ expect }) => {
        const mongo = new URL(testBackends().mongoUrl)
        const link = await toxicLink(`${mongo.hostname}:${mongo.port}`)
        const env = serviceEnv(service, {
          MONGODB_URL: `mongodb://127.0.0.1:${link.port}/`,
          RATE_LIMIT_MAX: '100000',
          ...ownEnv,
        })
        const running: (typeof started)[number] = { link, env }
        started.push(running)
        const app = await startServiceInstance(service, env)
        running.app = app

        const base = urlOf(app)
        const { needingTheDatabase, servesAgain } = await prepare(base, app, expect)
        expect((await call(base, 'GET', '/readyz')).status).toBe(200)

        await link.cut()
        const cutAt = Date.now()
        const names = Object.keys(needingTheDatabase)
        const answers = await Promise.all(Object.values(needingTheDatabase).map((send) => send()))
        const elapsed = Date.now() - cutAt
        const ready = await call<{ status: string }>(base, 'GET', '/readyz')
        console.log(
          `[mongo-down] ${service} while cut: ${answers.map((a, i) => `${names[i]} ${a.status} ${a.headers.get('content-type')} retry-after ${a.headers.get('retry-after')}`).join(', ')} in ${elapsed} ms; readyz ${ready.status} ${ready.json?.status}`,
        )
        answers.forEach((answer, i) => {
          const what = `${service}: ${names[i]}`
          expect(answer.status, `${what}: ${answer.text}`).toBe(503)
          expect(isProblem(answer), what).toBe(true)
          expect(Number(answer.headers.get('retry-after')), `${what}: Retry-After`).toBeGreaterThan(0)
          expect(answer.text, what).not.toMatch(/Mongo|ECONNREFUSED|at .+:\d+:\d+/)
        })
        expect(ready.status).toBe(503)
        expect(ready.json.status).toBe('unavailable')

        await link.restore()
        const restoredAt = Date.now()
        // The last answer goes into the failure: it names the dependency that kept the service unready.
        let readiness = ''
        await expect
          .poll(
            async () => {
              const answer = await call(base, 'GET', '/readyz')
              readiness = answer.text
              return answer.status
            },
            { timeout: 30_000, interval: 200, message: 'readiness after the restore' },
          )
          .toBe(200)
          .catch((error: Error) => {
            throw new Error(`${service} still unready 30 s after the restore: ${readiness}`, { cause: error })
          })
        await vi.waitFor(servesAgain, { timeout: 30_000, interval: 200 })
        console.log(
          `[mongo-down] ${service} recovered ${Date.now() - restoredAt} ms after the restore, same process`,
        )
      },
    )
  }
})
