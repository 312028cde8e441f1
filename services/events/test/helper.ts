/** The events service on the real test stack (see @prost/platform/testing), and the people and event its tests share. */
import { buildService, signTestToken, testBackends, uniqueName } from '@prost/platform/testing'
import { eventsService } from '../src/app.js'

export { bearer, signTestToken } from '@prost/platform/testing'

/** The service with its own cover bucket and a quick outbox sweep; `env` adds to and overrides that. */
export function build(env: Record<string, string> = {}) {
  const { minio } = testBackends()
  return buildService(eventsService, {
    MINIO_ENDPOINT: minio.endPoint,
    MINIO_PORT: String(minio.port),
    MINIO_ACCESS_KEY: minio.accessKey,
    MINIO_SECRET_KEY: minio.secretKey,
    MINIO_BUCKET: uniqueName('covers').replace(/_/g, '-').toLowerCase(),
    OUTBOX_SWEEP_MS: '300',
    ...env,
  })
}

export type TestApp = Awaited<ReturnType<typeof build>>

/** Access tokens as the accounts service would issue them. */
export function tokens() {
  const user = (sub: string, name: string) => signTestToken({ sub, kind: 'user', role: 'user', name })
  return {
    organizer: user('64b000000000000000000001', 'Olga Organizer'),
    friend: user('64b000000000000000000002', 'Fred Friend'),
    stranger: user('64b000000000000000000003', 'Stan Stranger'),
    admin: signTestToken({ sub: '64b000000000000000000009', kind: 'user', role: 'admin', name: 'Ada Admin' }),
  }
}

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
      {
        name: 'Klunkerkranich',
        address: 'Karl-Marx-Straße 66, Berlin',
        mapUrl: 'https://www.openstreetmap.org/?mlat=52.48&mlon=13.43',
      },
      { name: 'Prater Biergarten', address: 'Kastanienallee 7, Berlin', lat: 52.54, lon: 13.41 },
    ],
    ...overrides,
  }
}
