/** Builds the events service on a real stack (FerretDB, Redis, RabbitMQ) for app.inject() tests. */
import { afterAll } from 'vitest'
import { createSigner } from 'fast-jwt'
import type { AccessClaims } from '@prost/platform'
import { createServer, loadConfig } from '@prost/platform'
import { testBackends, uniqueName } from '@prost/test-support'
import { eventsApp } from '../src/app.js'
import { EventsConfigSchema } from '../src/config.js'

export const TEST_JWT_SECRET = 'events-test-secret-0123456789abcdef-0123456789'

/** Signs access tokens the way the accounts and events services do (same secret and algorithm). */
export const signToken = (claims: AccessClaims, expiresInSeconds = 900) =>
  createSigner({ key: TEST_JWT_SECRET, algorithm: 'HS256', expiresIn: expiresInSeconds * 1000 })(claims)

export async function build(env: Record<string, string> = {}) {
  const backends = testBackends()
  const config = loadConfig(EventsConfigSchema, {
    MONGODB_URL: backends.mongoUrl,
    MONGODB_DB: uniqueName('events'),
    REDIS_URL: backends.redisUrl,
    AMQP_URL: backends.amqpUrl,
    MINIO_ENDPOINT: backends.minio.endPoint,
    MINIO_PORT: String(backends.minio.port),
    MINIO_ACCESS_KEY: backends.minio.accessKey,
    MINIO_SECRET_KEY: backends.minio.secretKey,
    MINIO_BUCKET: uniqueName('covers').replace(/_/g, '-').toLowerCase(),
    OUTBOX_SWEEP_MS: '300',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'warn',
    ...env,
  })
  const app = await createServer({ name: 'events', config, metrics: false, logger: false })
  await app.register(eventsApp, { config })
  await app.ready()
  afterAll(async () => {
    await app.close()
  })
  return app
}

export type TestApp = Awaited<ReturnType<typeof build>>

/** Access tokens as the accounts service would issue them. */
export async function tokens(_app?: TestApp) {
  const user = (sub: string, name: string) => signToken({ sub, kind: 'user', role: 'user', name })
  return {
    organizer: user('64b000000000000000000001', 'Olga Organizer'),
    friend: user('64b000000000000000000002', 'Fred Friend'),
    stranger: user('64b000000000000000000003', 'Stan Stranger'),
    admin: signToken({ sub: '64b000000000000000000009', kind: 'user', role: 'admin', name: 'Ada Admin' }),
  }
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

const inDays = (days: number, hourUtc: number) => {
  const d = new Date(Date.now() + days * 86_400_000)
  d.setUTCHours(hourUtc, 0, 0, 0)
  return d.toISOString()
}

/** A typical event: three evenings, two bars. */
export function beerEvent(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Friday beer at the canal',
    description: 'Pils, Weizen, and arguing about football',
    timeZone: 'Europe/Berlin',
    visibility: 'public',
    timeOptions: [
      { startsAt: inDays(3, 17), durationMinutes: 180 },
      { startsAt: inDays(4, 17), endsAt: inDays(4, 20) },
      { startsAt: inDays(5, 18) },
    ],
    placeOptions: [
      { name: 'Klunkerkranich', address: 'Karl-Marx-Straße 66, Berlin', mapUrl: 'https://www.openstreetmap.org/?mlat=52.48&mlon=13.43' },
      { name: 'Prater Biergarten', address: 'Kastanienallee 7, Berlin', lat: 52.54, lon: 13.41 },
    ],
    ...overrides,
  }
}
