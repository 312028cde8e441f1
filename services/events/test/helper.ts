/**
 * The events service on the real test stack (see @prost/platform/testing), the people and event its
 * tests share, and the calls most tests make on the way to what they test.
 */
import { expect } from 'vitest'
import { bearer, buildService, signTestToken, testBackends, uniqueName } from '@prost/platform/testing'
import { eventsService } from '../src/app.js'

export { bearer, signTestToken }

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

/** Creates the beer event (with `overrides`) as the user of `token`; the test fails unless it is created. */
export async function createEvent(app: TestApp, token: string, overrides: Record<string, unknown> = {}) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: bearer(token),
    payload: beerEvent(overrides),
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}

/** Joins by invite link: signed in with `token`, as a guest named `displayName`, or both (a guest coming back). */
export const joinByLink = (app: TestApp, inviteToken: string, as: { token?: string; displayName?: string }) =>
  app.inject({
    method: 'POST',
    url: '/api/events/join',
    headers: as.token ? bearer(as.token) : {},
    payload: { inviteToken, ...(as.displayName === undefined ? {} : { displayName: as.displayName }) },
  })

/** The organizer's pick of one time and one place: `finalize` decides the event, `reschedule` moves it. */
export const decide = (
  app: TestApp,
  token: string | undefined,
  eventId: string,
  step: 'finalize' | 'reschedule',
  pick: { timeOptionId: string; placeOptionId: string },
) =>
  app.inject({
    method: 'POST',
    url: `/api/events/${eventId}/${step}`,
    headers: token ? bearer(token) : {},
    payload: pick,
  })

/** The service, its tokens, and one beer event of the organizer's: for a file that tests around one event. */
export async function buildWithEvent() {
  const app = await build()
  const t = tokens()
  return { app, t, event: await createEvent(app, t.organizer) }
}
