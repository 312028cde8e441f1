/**
 * A generated corpus of malformed and hostile requests across every public route of accounts,
 * events, voting and notifications. Every request here is invalid in at least one way that must make
 * the service refuse it (4xx problem+json) without writing anything; a few read routes get odd but
 * valid input and may answer 2xx (`expect: 'read'`), still as JSON data, never HTML.
 *
 * Requests are sent by an actor who would otherwise be allowed (the organizer for organizer routes),
 * so the refusal comes from the hostile part, not from a missing token.
 */
import { FORGED_CURSORS } from '@prost/test-support'
import type { World } from './world.js'

export interface HostileRequest {
  /** Short label: route and what is wrong. */
  name: string
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  headers?: Record<string, string>
  /** A thunk for the big ones, so the corpus does not hold hundreds of megabytes at once. */
  body?: string | Buffer | (() => string | Buffer)
  token?: string
  /** reject: must be 4xx. read: a read route with odd but acceptable input (2xx JSON or 4xx). */
  expect: 'reject' | 'read'
  /** Set when the request once hit a bug this corpus found (see REGRESSIONS); the main test leaves these out. */
  regression?: Regression
}

/**
 * Bugs this corpus found, all fixed; each keeps its own regression test in hostile-input.test.ts,
 * named by the answer it must give now.
 */
export const REGRESSIONS = {
  'cover-multipart-without-boundary':
    'refuses PUT /api/events/:id/cover with Content-Type "multipart/form-data" and no boundary with a 4xx problem (it answered 500)',
  'infinite-event-version':
    'refuses PUT /api/votes/:eventId with "eventVersion": 1e309 (JSON overflow to Infinity) and writes no ballot (it passed the integer schema: 200, ballot written)',
  'router-errors-not-problem-json':
    'answers Fastify router errors (%ff%fe in a path, a >200-char parameter) with a 4xx problem+json (they answered application/json, and 414)',
} as const
export type Regression = keyof typeof REGRESSIONS

type Json = Record<string, unknown>

interface NumberRange {
  min: number
  max: number
  integer?: boolean
}

/** Only numbers the field's schema refuses go into the corpus (a valid one would be written). */
const outOfRange = (n: unknown, r: NumberRange) =>
  typeof n !== 'number' ||
  !Number.isFinite(n) ||
  n < r.min ||
  n > r.max ||
  (r.integer === true && !Number.isInteger(n))

interface BodyRoute {
  method: HostileRequest['method']
  path: string
  token?: string
  /** A body the route would accept. */
  valid: Json
  /** Fields the schema requires. */
  required: string[]
  /** Fields that hold numbers and their range (get huge / fractional / negative numbers outside it). */
  numbers?: Record<string, NumberRange>
  /** Fields that hold dates (get malformed dates). */
  dates?: string[]
  /** Fields that hold time zones (get unknown zones). */
  zones?: string[]
  /** Fields where null is a valid value (e.g. clearing a deadline). */
  nullable?: string[]
}

export const MONGO_OPERATORS: unknown[] = [
  { $gt: '' },
  { $ne: null },
  { $where: 'sleep(1000) || true' },
  { $regex: '.*' },
  { $in: ['a', 'b'] },
  { $exists: true },
]

const WRONG_TYPES: unknown[] = [42, true, null, [], ['x'], {}, 1e308]
const HUGE_NUMBERS: unknown[] = [1e308, 2 ** 64, -(2 ** 64), -1, 1.5, '12', Number.MAX_SAFE_INTEGER + 2]
/** Raw JSON number texts JSON.stringify cannot produce. */
const RAW_NUMBERS = ['1e309', '18446744073709551616', '-0.0000000000000000000001', '1' + '0'.repeat(400)]
const BAD_DATES = [
  '2030-13-45T25:61:00Z',
  '2030-02-30T18:00:00Z',
  'tomorrow',
  '',
  '0000-00-00T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '2030-01-01',
  '2030-01-01T18:00:00',
  '1970-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2030-01-01T18:00:00+25:00',
]
const BAD_ZONES = [
  'Mars/Olympus',
  'UTC+99',
  'Etc/GMT+14',
  '../../etc/passwd',
  'Europe/Berlin\u0000',
  '',
  'A'.repeat(65),
  '<script>',
]
const BAD_IDS = [
  '..%2F..%2Fetc%2Fpasswd',
  '..%252F..%252Fetc%252Fpasswd',
  'not-an-id',
  '%7B%22%24gt%22%3A%22%22%7D',
  '%24where',
  '__proto__',
  'constructor',
  '0123456789ABCDEF01234567',
  '0123456789abcdef0123456',
  '0123456789abcdef012345678',
  '%00',
  '%ff%fe',
  'a'.repeat(300),
  '000000000000000000000000',
]

/**
 * Characters no text field may hold: C0 controls (line feed and tab are allowed only where text has
 * lines, so they are not here), DEL, C1 controls, the Unicode line and paragraph separators, and
 * unpaired surrogates. PostgreSQL behind FerretDB refuses U+0000 (it answered 500), and a lone
 * surrogate is stored as U+FFFD (read back differently from what the create call echoed).
 */
export const CONTROL_TEXTS = [
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000b',
  '\u000c',
  '\r',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0080',
  '\u0085',
  '\u009f',
  '\u2028',
  '\u2029',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff\ud800',
]
const codePoints = (text: string) =>
  Array.from(
    { length: text.length },
    (_, i) => `U+${text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`,
  ).join(' ')
/** `text` with `bad` in its middle, so neither trimming nor a prefix check can hide it. */
const spliced = (text: string, bad: string) => `${text.slice(0, 1)}${bad}${text.slice(1)}`

const json = (value: unknown) => JSON.stringify(value)
const jsonHeaders = { 'content-type': 'application/json' }

function bodyMutations(route: BodyRoute): HostileRequest[] {
  const out: HostileRequest[] = []
  const add = (
    name: string,
    body: string | Buffer | (() => string | Buffer),
    headers: Record<string, string> = jsonHeaders,
  ) =>
    out.push({
      name: `${route.method} ${route.path}: ${name}`,
      method: route.method,
      path: route.path,
      token: route.token,
      headers,
      body,
      expect: 'reject',
    })
  const fields = Object.keys(route.valid)

  for (const field of route.required) {
    const { [field]: _dropped, ...rest } = route.valid
    add(`missing ${field}`, json(rest))
  }
  for (const field of fields) {
    const current = route.valid[field]
    for (const wrong of WRONG_TYPES) {
      if (json(wrong) === json(current)) continue
      if (wrong === null && route.nullable?.includes(field)) continue
      if (typeof wrong === 'number' && typeof current === 'number') continue
      if (typeof current === 'object' && current !== null && !Array.isArray(current) && json(wrong) === '{}')
        continue
      add(`${field} = ${json(wrong)}`, json({ ...route.valid, [field]: wrong }))
    }
    for (const op of MONGO_OPERATORS) add(`${field} = ${json(op)}`, json({ ...route.valid, [field]: op }))
    add(`${field} = 1 MB string`, () => json({ ...route.valid, [field]: 'x'.repeat(1024 * 1024 - 100) }))
  }
  for (const [field, range] of Object.entries(route.numbers ?? {})) {
    for (const n of HUGE_NUMBERS)
      if (outOfRange(n, range)) add(`${field} = ${json(n)}`, json({ ...route.valid, [field]: n }))
    for (const raw of RAW_NUMBERS) {
      if (!outOfRange(JSON.parse(raw), range)) continue
      add(
        `${field} = raw ${raw.slice(0, 24)}`,
        json({ ...route.valid, [field]: 0 }).replace(`"${field}":0`, `"${field}":${raw}`),
      )
      // JSON numbers beyond double range parse to Infinity, which Ajv counts as an integer.
      if (field === 'eventVersion' && !Number.isFinite(JSON.parse(raw)))
        out[out.length - 1]!.regression = 'infinite-event-version'
    }
  }
  for (const field of route.dates ?? []) {
    for (const d of BAD_DATES) add(`${field} = ${json(d)}`, json({ ...route.valid, [field]: d }))
  }
  // Every text field (names, titles, tokens, emails, zones alike) with each control character.
  for (const field of fields) {
    const current = route.valid[field]
    if (typeof current !== 'string') continue
    for (const bad of CONTROL_TEXTS)
      add(`${field} with ${codePoints(bad)}`, json({ ...route.valid, [field]: spliced(current, bad) }))
  }
  for (const field of route.zones ?? []) {
    for (const z of BAD_ZONES) add(`${field} = ${json(z)}`, json({ ...route.valid, [field]: z }))
  }
  add('extra field isAdmin', json({ ...route.valid, isAdmin: true }))
  add('extra field role', json({ ...route.valid, role: 'admin' }))
  add('extra $set key', json({ ...route.valid, $set: { role: 'admin' } }))
  add('extra dotted key', json({ ...route.valid, 'a.b': 1 }))
  add('__proto__ key', `{"__proto__":{"role":"admin","isAdmin":true},${json(route.valid).slice(1)}`)
  add('nested __proto__', `{${json(route.valid).slice(1, -1)},"x":{"__proto__":{"polluted":1}}}`)
  add(
    'constructor.prototype key',
    `{"constructor":{"prototype":{"polluted":1}},${json(route.valid).slice(1)}`,
  )
  add('body is an array', json([route.valid]))
  add('body is a string', json('hello'))
  add('body is null', 'null')
  add('truncated JSON', json(route.valid).slice(0, -3))
  add('empty JSON body', '')
  add('duplicate keys with operator last', `${json(route.valid).slice(0, -1)},"${fields[0]}":{"$gt":""}}`)
  add('2 MB body', () => json({ ...route.valid, padding: 'x'.repeat(2 * 1024 * 1024) }))
  add(
    'invalid UTF-8 bytes and extra field',
    Buffer.concat([
      Buffer.from(`{${json(route.valid).slice(1, -1)},"zz":"`),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
      Buffer.from('"}'),
    ]),
  )
  add(
    'invalid UTF-8 bytes and operator',
    Buffer.concat([
      Buffer.from(`{${json(route.valid).slice(1, -1)},"${fields[0]}":{"$gt":"`),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('"}}'),
    ]),
  )
  add('text/plain content type', json(route.valid), { 'content-type': 'text/plain' })
  add('form content type', new URLSearchParams(route.valid as Record<string, string>).toString(), {
    'content-type': 'application/x-www-form-urlencoded',
  })
  add(
    'xml content type',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    {
      'content-type': 'application/xml',
    },
  )
  add('multipart content type', '--b\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--b--\r\n', {
    'content-type': 'multipart/form-data; boundary=b',
  })
  add('json with charset=latin1', json({ ...route.valid, zz: 1 }), {
    'content-type': 'application/json; charset=latin1',
  })
  add('content-type json but JSONP', `callback(${json(route.valid)})`)
  return out
}

/** Variants of the Authorization header that must all be refused on an authenticated route. */
function tokenVariants(world: World): { name: string; headers: Record<string, string> }[] {
  const t = world.tokens
  return [
    { name: 'no token', headers: {} },
    { name: 'forged token', headers: { authorization: `Bearer ${t.forged}` } },
    { name: 'expired token', headers: { authorization: `Bearer ${t.expired}` } },
    { name: 'alg none token', headers: { authorization: `Bearer ${t.algNone}` } },
    { name: 'forged admin token', headers: { authorization: `Bearer ${t.forgedAdmin}` } },
    { name: 'garbage token', headers: { authorization: `Bearer ${t.garbage}` } },
    { name: 'basic auth', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } },
    { name: 'bearer without token', headers: { authorization: 'Bearer ' } },
    { name: 'token with operator text', headers: { authorization: 'Bearer {"$gt":""}' } },
  ]
}

export function buildCorpus(world: World): HostileRequest[] {
  const org = world.organizer.token
  const part = world.participant.token
  const pub = world.publicEvent
  const priv = world.privateEvent
  const future = new Date(Date.now() + 20 * 86_400_000).toISOString()
  const corpus: HostileRequest[] = []

  /* ---------- bodies: every route that takes one, sent by an actor who may call it */
  const bodyRoutes: BodyRoute[] = [
    {
      method: 'POST',
      path: '/api/auth/register',
      valid: {
        email: 'new.person@prost.test',
        password: 'correct horse battery',
        displayName: 'New',
        timeZone: 'Europe/Berlin',
        language: 'en',
      },
      required: ['email', 'password', 'displayName'],
      zones: ['timeZone'],
    },
    {
      method: 'POST',
      path: '/api/auth/login',
      valid: { email: world.participant.email, password: 'wrong but long' },
      required: ['email', 'password'],
    },
    {
      method: 'POST',
      path: '/api/auth/refresh',
      valid: { refreshToken: 'A'.repeat(43) },
      required: ['refreshToken'],
    },
    {
      method: 'POST',
      path: '/api/auth/logout',
      valid: { refreshToken: 'A'.repeat(43) },
      required: ['refreshToken'],
    },
    {
      method: 'POST',
      path: '/api/auth/telegram',
      valid: {
        id: 12345,
        first_name: 'Tele',
        auth_date: Math.floor(Date.now() / 1000),
        hash: 'a'.repeat(64),
      },
      required: ['id', 'first_name', 'auth_date', 'hash'],
      numbers: {
        id: { min: 1, max: Infinity, integer: true },
        auth_date: { min: 0, max: Infinity, integer: true },
      },
    },
    {
      method: 'PATCH',
      path: '/api/auth/me',
      token: part,
      valid: { displayName: 'Pat', timeZone: 'Europe/Berlin', language: 'ru' },
      required: [],
      zones: ['timeZone'],
    },
    {
      method: 'POST',
      path: '/api/events',
      token: org,
      valid: {
        title: 'Beer',
        description: 'Pils\nand Weizen',
        timeZone: 'Europe/Berlin',
        visibility: 'public',
        votingDeadline: future,
        capacity: 8,
        timeOptions: [],
        placeOptions: [],
      },
      required: ['title', 'timeZone'],
      nullable: ['capacity'],
      numbers: { capacity: { min: 1, max: 500, integer: true } },
      dates: ['votingDeadline'],
      zones: ['timeZone'],
    },
    {
      method: 'PATCH',
      path: `/api/events/${pub.id}`,
      token: org,
      valid: {
        title: 'Beer!',
        description: 'More',
        timeZone: 'Europe/Berlin',
        visibility: 'public',
        votingDeadline: future,
        capacity: 8,
      },
      required: [],
      nullable: ['votingDeadline', 'capacity'],
      numbers: { capacity: { min: 1, max: 500, integer: true } },
      dates: ['votingDeadline'],
      zones: ['timeZone'],
    },
    {
      method: 'POST',
      path: `/api/events/${pub.id}/time-options`,
      token: org,
      valid: { startsAt: future, durationMinutes: 90 },
      required: ['startsAt'],
      numbers: { durationMinutes: { min: 5, max: 20160, integer: true } },
      dates: ['startsAt'],
    },
    {
      method: 'PUT',
      path: `/api/events/${pub.id}/time-options/${pub.timeOptionIds[0]}`,
      token: org,
      valid: { startsAt: future, endsAt: new Date(Date.now() + 20 * 86_400_000 + 3_600_000).toISOString() },
      required: ['startsAt'],
      dates: ['startsAt', 'endsAt'],
    },
    {
      method: 'POST',
      path: `/api/events/${pub.id}/place-options`,
      token: org,
      valid: {
        name: 'Pub',
        address: 'Street 1',
        mapUrl: 'https://maps.example/x',
        lat: 52.5,
        lon: 13.4,
        capacity: 20,
      },
      required: ['name'],
      numbers: {
        lat: { min: -90, max: 90 },
        lon: { min: -180, max: 180 },
        capacity: { min: 1, max: 500, integer: true },
      },
    },
    {
      method: 'PUT',
      path: `/api/events/${pub.id}/place-options/${pub.placeOptionIds[0]}`,
      token: org,
      valid: { name: 'Pub 2', lat: -45, lon: 100 },
      required: ['name'],
      numbers: { lat: { min: -90, max: 90 }, lon: { min: -180, max: 180 } },
    },
    {
      method: 'POST',
      path: `/api/events/${pub.id}/finalize`,
      token: org,
      valid: { timeOptionId: pub.timeOptionIds[0], placeOptionId: pub.placeOptionIds[0] },
      required: ['timeOptionId', 'placeOptionId'],
    },
    {
      method: 'POST',
      path: `/api/events/${pub.id}/reschedule`,
      token: org,
      valid: { timeOptionId: pub.timeOptionIds[0], placeOptionId: pub.placeOptionIds[0] },
      required: ['timeOptionId', 'placeOptionId'],
    },
    {
      method: 'POST',
      path: `/api/events/${pub.id}/invitations`,
      token: org,
      valid: { userId: world.outsider.id, name: 'Outsider' },
      required: ['userId', 'name'],
    },
    {
      method: 'POST',
      path: '/api/events/join',
      valid: { inviteToken: pub.inviteToken, displayName: 'Guest' },
      required: ['inviteToken'],
    },
    {
      method: 'POST',
      path: `/api/events/${pub.id}/comments`,
      token: part,
      valid: { text: 'Hello' },
      required: ['text'],
    },
    {
      method: 'PUT',
      path: `/api/votes/${priv.id}`,
      token: part,
      valid: { choices: { [priv.timeOptionIds[0]!]: 'no' }, eventVersion: 1 },
      required: ['choices'],
      numbers: { eventVersion: { min: 0, max: Infinity, integer: true } },
    },
  ]
  for (const route of bodyRoutes) corpus.push(...bodyMutations(route))

  /* ---------- text nested in a body: the places of a new event */
  for (const bad of CONTROL_TEXTS) {
    for (const field of ['name', 'address']) {
      const place = {
        name: 'Pub',
        address: 'Street 1',
        [field]: spliced(field === 'name' ? 'Pub' : 'Street 1', bad),
      }
      corpus.push({
        name: `POST /api/events: placeOptions[0].${field} with ${codePoints(bad)}`,
        method: 'POST',
        path: '/api/events',
        token: org,
        headers: jsonHeaders,
        body: json({ title: 'Beer', timeZone: 'Europe/Berlin', timeOptions: [], placeOptions: [place] }),
        expect: 'reject',
      })
    }
  }

  /* ---------- ballots: hostile choice maps */
  const ballotChoices: unknown[] = [
    { [priv.timeOptionIds[0]!]: 'YES' },
    { [priv.timeOptionIds[0]!]: { $gt: '' } },
    { $where: 'yes' },
    { 'not-an-option': 'yes' },
    { [priv.timeOptionIds[0]!]: '<script>alert(1)</script>' },
    Object.fromEntries(Array.from({ length: 61 }, (_, i) => [i.toString(16).padStart(24, '0'), 'yes'])),
  ]
  for (const choices of ballotChoices) {
    corpus.push({
      name: `PUT /api/votes: choices ${json(choices).slice(0, 40)}`,
      method: 'PUT',
      path: `/api/votes/${priv.id}`,
      token: part,
      headers: jsonHeaders,
      body: json({ choices }),
      expect: 'reject',
    })
  }
  corpus.push({
    name: 'PUT /api/votes: raw __proto__ in choices',
    method: 'PUT',
    path: `/api/votes/${priv.id}`,
    token: part,
    headers: jsonHeaders,
    body: `{"choices":{"__proto__":{"${priv.timeOptionIds[0]}":"yes"}}}`,
    expect: 'reject',
  })

  /* ---------- covers: not multipart, not an image, script in SVG, 2 MB of zeros */
  const coverPath = `/api/events/${pub.id}/cover`
  const multipart = (filename: string, type: string, content: Buffer | string) => {
    const boundary = 'prostboundary'
    return {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
        ),
        Buffer.from(content),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    }
  }
  const covers = [
    multipart(
      'x.svg',
      'image/svg+xml',
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ),
    multipart('x.html', 'image/png', '<html><script>alert(1)</script></html>'),
    multipart('../../../etc/passwd', 'image/jpeg', 'root:x:0:0'),
    multipart('x.gif', 'image/gif', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')),
    multipart('zeros.png', 'image/png', Buffer.alloc(2 * 1024 * 1024)),
    multipart('big.png', 'image/png', Buffer.alloc(6 * 1024 * 1024)),
    {
      headers: { 'content-type': 'multipart/form-data; boundary=prostboundary' },
      body: '--prostboundary\r\nbroken',
    },
    { headers: { 'content-type': 'multipart/form-data' }, body: 'no boundary' },
    { headers: jsonHeaders, body: json({ file: 'data:image/png;base64,AAAA' }) },
    { headers: { 'content-type': 'image/png' }, body: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
  ]
  covers.forEach((c, i) =>
    corpus.push({
      name: `PUT cover #${i} (${c.headers['content-type']})`,
      method: 'PUT',
      path: coverPath,
      token: org,
      headers: c.headers,
      body: c.body,
      expect: 'reject',
      regression:
        c.headers['content-type'] === 'multipart/form-data' ? 'cover-multipart-without-boundary' : undefined,
    }),
  )

  /* ---------- every authenticated route x hostile tokens */
  const authRoutes: { method: HostileRequest['method']; path: string; body?: Json }[] = [
    { method: 'GET', path: '/api/auth/me' },
    { method: 'PATCH', path: '/api/auth/me', body: { displayName: 'Hacked' } },
    { method: 'GET', path: '/api/auth/users?q=org' },
    { method: 'GET', path: '/api/auth/admin/users' },
    { method: 'POST', path: `/api/auth/admin/users/${world.participant.id}/disable` },
    { method: 'POST', path: `/api/auth/admin/users/${world.participant.id}/enable` },
    { method: 'GET', path: '/api/events/mine' },
    {
      method: 'POST',
      path: '/api/events',
      body: { title: 'x', timeZone: 'UTC', timeOptions: [], placeOptions: [] },
    },
    { method: 'PATCH', path: `/api/events/${priv.id}`, body: { title: 'Hacked' } },
    { method: 'POST', path: `/api/events/${priv.id}/time-options`, body: { startsAt: future } },
    {
      method: 'PUT',
      path: `/api/events/${priv.id}/time-options/${priv.timeOptionIds[0]}`,
      body: { startsAt: future },
    },
    { method: 'DELETE', path: `/api/events/${priv.id}/time-options/${priv.timeOptionIds[0]}` },
    { method: 'POST', path: `/api/events/${priv.id}/place-options`, body: { name: 'x' } },
    {
      method: 'PUT',
      path: `/api/events/${priv.id}/place-options/${priv.placeOptionIds[0]}`,
      body: { name: 'x' },
    },
    { method: 'DELETE', path: `/api/events/${priv.id}/place-options/${priv.placeOptionIds[0]}` },
    {
      method: 'POST',
      path: `/api/events/${priv.id}/finalize`,
      body: { timeOptionId: priv.timeOptionIds[0], placeOptionId: priv.placeOptionIds[0] },
    },
    {
      method: 'POST',
      path: `/api/events/${priv.id}/reschedule`,
      body: { timeOptionId: priv.timeOptionIds[0], placeOptionId: priv.placeOptionIds[0] },
    },
    { method: 'POST', path: `/api/events/${priv.id}/cancel` },
    { method: 'POST', path: `/api/events/${priv.id}/join` },
    {
      method: 'POST',
      path: `/api/events/${priv.id}/invitations`,
      body: { userId: world.outsider.id, name: 'x' },
    },
    { method: 'POST', path: `/api/events/${priv.id}/invite-link` },
    { method: 'POST', path: `/api/events/${priv.id}/comments`, body: { text: 'x' } },
    { method: 'DELETE', path: `/api/events/${priv.id}/cover` },
    { method: 'DELETE', path: `/api/events/${priv.id}/participants/${world.participant.id}` },
    { method: 'POST', path: `/api/events/${priv.id}/leave` },
    { method: 'PUT', path: `/api/votes/${priv.id}`, body: { choices: { [priv.timeOptionIds[0]!]: 'no' } } },
    { method: 'GET', path: `/api/votes/${priv.id}/ballot` },
    { method: 'GET', path: '/api/notifications/me' },
    { method: 'POST', path: '/api/telegram/link' },
    { method: 'DELETE', path: '/api/telegram/link' },
  ]
  for (const route of authRoutes) {
    for (const variant of tokenVariants(world)) {
      corpus.push({
        name: `${route.method} ${route.path}: ${variant.name}`,
        method: route.method,
        path: route.path,
        headers: { ...(route.body ? jsonHeaders : {}), ...variant.headers },
        body: route.body ? json(route.body) : undefined,
        expect: 'reject',
      })
    }
  }
  // Read routes of private data with a hostile token: refused, or (optional auth) treated as refused.
  for (const path of [
    `/api/events/${priv.id}`,
    `/api/votes/${priv.id}`,
    `/api/events/${priv.id}/comments`,
    `/api/events/${priv.id}/ics`,
  ]) {
    for (const variant of tokenVariants(world).slice(1)) {
      corpus.push({
        name: `GET ${path}: ${variant.name}`,
        method: 'GET',
        path,
        headers: variant.headers,
        expect: 'reject',
      })
    }
  }

  /* ---------- ids in params: traversal, operators, wrong shapes */
  const idRoutes: {
    method: HostileRequest['method']
    path: (id: string) => string
    token?: string
    body?: Json
  }[] = [
    { method: 'GET', path: (id) => `/api/events/${id}` },
    { method: 'PATCH', path: (id) => `/api/events/${id}`, token: org, body: { title: 'x' } },
    { method: 'POST', path: (id) => `/api/events/${id}/cancel`, token: org },
    { method: 'POST', path: (id) => `/api/events/${id}/join`, token: part },
    { method: 'GET', path: (id) => `/api/events/${id}/comments` },
    { method: 'GET', path: (id) => `/api/events/${id}/ics` },
    { method: 'GET', path: (id) => `/api/events/${id}/cover` },
    { method: 'DELETE', path: (id) => `/api/events/${pub.id}/time-options/${id}`, token: org },
    {
      method: 'PUT',
      path: (id) => `/api/events/${pub.id}/place-options/${id}`,
      token: org,
      body: { name: 'x' },
    },
    { method: 'DELETE', path: (id) => `/api/events/${id}/participants/${world.participant.id}`, token: org },
    { method: 'DELETE', path: (id) => `/api/events/${pub.id}/participants/${id}`, token: org },
    { method: 'POST', path: (id) => `/api/events/${id}/leave`, token: part },
    { method: 'GET', path: (id) => `/api/votes/${id}` },
    { method: 'PUT', path: (id) => `/api/votes/${id}`, token: part, body: { choices: {} } },
    { method: 'POST', path: (id) => `/api/auth/admin/users/${id}/disable`, token: world.admin.token },
    { method: 'POST', path: (id) => `/api/telegram/webhook/${id}` },
  ]
  for (const route of idRoutes) {
    for (const id of BAD_IDS) {
      corpus.push({
        name: `${route.method} ${route.path(':id')} with id ${id.slice(0, 30)}`,
        method: route.method,
        path: route.path(id),
        token: route.token,
        headers: route.body ? jsonHeaders : undefined,
        body: route.body ? json(route.body) : undefined,
        expect: 'reject',
        regression: id === '%ff%fe' || id.length > 200 ? 'router-errors-not-problem-json' : undefined,
      })
    }
  }

  /* ---------- query strings */
  const badQueries = [
    'q[$gt]=',
    'q=',
    'q=a&q=b',
    'limit=1e308',
    'limit=18446744073709551616',
    'limit=-1',
    'limit=0',
    'limit=abc',
    'cursor=..%2F..%2Fetc',
    'cursor=%7B%22%24gt%22%3A%22%22%7D',
    'from=2030-02-30',
    'from=yesterday',
    'to=2030-13-01',
    'timeOfDay=noon',
    'place=' + 'x'.repeat(101),
    '__proto__[polluted]=1',
    'constructor[prototype][polluted]=1',
    'unknown=1',
    '%ff=%fe',
    'q=a%00b',
    'q=%1B%5B2J',
    'q=a%C2%85b',
    'place=a%E2%80%A8b',
    'place=%7F',
    ...FORGED_CURSORS.map((c) => `cursor=${c}`),
  ]
  for (const q of badQueries) {
    corpus.push({
      name: `GET /api/events?${q.slice(0, 40)}`,
      method: 'GET',
      path: `/api/events?${q}`,
      expect: 'reject',
    })
  }
  for (const q of ['q=', 'q[$ne]=x', 'q=' + 'x'.repeat(81), 'q=a&extra=1', 'q=a%00', 'q=%1Bb', 'q=a%C2%9F']) {
    corpus.push({
      name: `GET /api/auth/users?${q.slice(0, 30)}`,
      method: 'GET',
      path: `/api/auth/users?${q}`,
      token: part,
      expect: 'reject',
    })
  }
  for (const q of [
    'limit=0',
    'limit=1e308',
    'cursor=%24gt',
    'cursor=' + 'A'.repeat(150),
    'cursor=0123456789ABCDEF01234567',
    `cursor=${FORGED_CURSORS[0]}`,
  ]) {
    corpus.push({
      name: `GET /api/auth/admin/users?${q.slice(0, 30)}`,
      method: 'GET',
      path: `/api/auth/admin/users?${q}`,
      token: world.admin.token,
      expect: 'reject',
    })
    corpus.push({
      name: `GET comments?${q.slice(0, 30)}`,
      method: 'GET',
      path: `/api/events/${pub.id}/comments?${q}`,
      expect: 'reject',
    })
  }
  // Odd but valid reads: answered as JSON data.
  for (const q of [
    'q=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    'q=%24where',
    'place=..%2F..%2Fetc%2Fpasswd',
    'q=%F0%9F%8D%BA',
  ]) {
    corpus.push({ name: `GET /api/events?${q}`, method: 'GET', path: `/api/events?${q}`, expect: 'read' })
  }
  corpus.push({
    name: 'GET /api/auth/users?q=<script>',
    method: 'GET',
    path: '/api/auth/users?q=%3Cscript%3E',
    token: part,
    expect: 'read',
  })

  /* ---------- the Telegram webhook: no secret configured, wrong secrets, hostile updates */
  for (const secret of ['', 'x', 'a'.repeat(257), '%2e%2e%2f']) {
    corpus.push({
      regression: secret.length > 200 ? 'router-errors-not-problem-json' : undefined,
      name: `POST webhook secret ${secret.slice(0, 10)}`,
      method: 'POST',
      path: `/api/telegram/webhook/${secret}`,
      headers: { ...jsonHeaders, 'x-telegram-bot-api-secret-token': secret || 'x' },
      body: json({ update_id: 1, message: { text: '/start {"$gt":""}', chat: { id: 1 } } }),
      expect: 'reject',
    })
  }

  /* ---------- methods and paths that do not exist */
  for (const [method, path] of [
    ['DELETE', `/api/events/${pub.id}`],
    ['PUT', '/api/events'],
    ['DELETE', '/api/auth/me'],
    ['PATCH', `/api/votes/${priv.id}`],
    ['GET', '/api/events/../../../etc/passwd'],
    ['GET', '/api/events/%2e%2e/%2e%2e/etc/passwd'],
    ['GET', '/api/votes/..%2F..%2F..%2Fetc%2Fpasswd/ballot'],
    ['GET', '/api/auth/..%2F..%2Fadmin/users'],
    ['POST', '/api/notifications/me'],
  ] as const) {
    corpus.push({ name: `${method} ${path}`, method, path, token: org, expect: 'reject' })
  }
  return corpus
}
