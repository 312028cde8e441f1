/**
 * The bucketed listing walk (src/events/listing-page.ts) against a brute-force filter and sort of the
 * same events in memory: for random events (public, private, cancelled, undated, ongoing, in zones
 * from UTC−11 to UTC+14) and random filters and page sizes, walking every page gives exactly the
 * brute-force list, in order, and the cursors neither skip nor repeat an event.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { timeIdCursor, type TimeIdPosition } from '@prost/platform'
import type { ListEventsQuery, TimeOfDay } from '@prost/contracts'
import { EVENTS_COLLECTION } from '../src/events/events-repository.js'
import { withDerived } from '../src/events/event-rules.js'
import { queryTerms } from '../src/events/search-index.js'
import type { EventDoc } from '../src/events/event-document.js'
import { createBucketHints, type BucketHints } from '../src/events/bucket-hints.js'
import { ObjectId } from 'mongodb'
import { build, type TestApp } from './helper.js'

const HOUR = 3600_000
const DAY = 24 * HOUR
const NOW = new Date('2027-06-15T10:17:00Z')
const ZONES = ['UTC', 'Europe/Berlin', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/New_York']
const TITLE_WORDS = ['quiz', 'quizmaster', 'beer', 'bier', 'brunch', 'kino', 'Café']
const PLACE_WORDS = ['Kneipe', 'Hahn', 'Babylon', 'Einstein', 'Kiez', 'kino']
const PARTS: TimeOfDay[] = ['morning', 'afternoon', 'evening', 'night']

let app: TestApp

beforeAll(async () => {
  app = await build()
})

afterAll(async () => {
  await app.mongo.db.collection(EVENTS_COLLECTION).deleteMany({})
})

const option = fc.record({
  // Mostly near the listing's "now", some far ahead, a few long enough to run over several days.
  startOffsetMs: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: -40 * DAY, max: 90 * DAY }) },
    { weight: 1, arbitrary: fc.integer({ min: 90 * DAY, max: 5 * 365 * DAY }) },
  ),
  durationMs: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: HOUR / 2, max: 5 * HOUR }) },
    { weight: 1, arbitrary: fc.integer({ min: DAY, max: 14 * DAY }) },
  ),
})

const eventInput = fc.record({
  title: fc.array(fc.constantFrom(...TITLE_WORDS), { minLength: 1, maxLength: 3 }),
  place: fc.array(fc.constantFrom(...PLACE_WORDS), { minLength: 1, maxLength: 2 }),
  timeZone: fc.constantFrom(...ZONES),
  visibility: fc.constantFrom('public', 'public', 'public', 'private'),
  cancelled: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  options: fc.array(option, { minLength: 0, maxLength: 3 }),
  // Events sharing a start exercise the _id tie-break.
  sharedStart: fc.boolean(),
})

type Value<A> = A extends fc.Arbitrary<infer T> ? T : never

function toDoc(input: Value<typeof eventInput>, index: number): EventDoc {
  const base = (offset: number) => (input.sharedStart ? NOW.getTime() + 3 * DAY : NOW.getTime() + offset)
  const timeOptions = input.options.map((o, i) => {
    const startsAt = new Date(base(o.startOffsetMs) + i * (input.sharedStart ? DAY : 0))
    return { id: `${index}-${i}`, startsAt, endsAt: new Date(startsAt.getTime() + o.durationMs) }
  })
  const uniqueTimes = timeOptions.filter(
    (o, i) => timeOptions.findIndex((p) => p.startsAt.getTime() === o.startsAt.getTime()) === i,
  )
  return withDerived({
    _id: new ObjectId(),
    title: input.title.join(' '),
    description: '',
    timeZone: input.timeZone,
    visibility: input.visibility as EventDoc['visibility'],
    status: input.cancelled ? 'cancelled' : 'polling',
    organizer: { id: '64b000000000000000000001', name: 'Olga Organizer' },
    votingDeadline: null,
    cover: null,
    timeOptions: uniqueTimes,
    placeOptions: [{ id: `p${index}`, name: input.place.join(' '), address: 'Berlin' }],
    participants: [],
    invited: [],
    final: null,
    inviteToken: `token-${index}-${new ObjectId().toHexString()}`,
    version: 1,
    rev: 1,
    createdAt: NOW,
    updatedAt: NOW,
    outbox: [],
    hasOutbox: false,
  })
}

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10)

const range = fc.record({
  fromOffset: fc.option(fc.integer({ min: -45, max: 100 })),
  length: fc.integer({ min: -1, max: 70 }),
})
const timeOfDay = fc.constantFrom(...PARTS)
const q = fc.constantFrom('quiz', 'QUIZMASTER', 'bier', 'be', 'café brunch', 'kino quiz', 'nothing')
const place = fc.constantFrom('kneipe', 'hahn kiez', 'babylon', 'ki', 'nowhere')

/** Each filter shape alone (browse, date range, time of day, text, place) and random combinations. */
const filter = fc.oneof(
  fc.constant({}),
  fc.record({ range }),
  fc.record({ timeOfDay }),
  fc.record({ q }),
  fc.record({ place }),
  fc.record({ range, timeOfDay, q, place }, { requiredKeys: [] }),
)

interface Filter {
  range?: Value<typeof range>
  timeOfDay?: TimeOfDay
  q?: string
  place?: string
}

function toQuery(f: Filter): ListEventsQuery {
  const query: ListEventsQuery = {}
  if (f.range) {
    const from = f.range.fromOffset === null ? null : NOW.getTime() + f.range.fromOffset * DAY
    const fromOrNow = from ?? NOW.getTime()
    if (from !== null) query.from = isoDay(from)
    query.to = isoDay(fromOrNow + f.range.length * DAY)
  }
  if (f.timeOfDay) query.timeOfDay = f.timeOfDay
  if (f.q) query.q = f.q
  if (f.place) query.place = f.place
  return query
}

/** What the old single query meant, evaluated on every event in memory. */
function bruteForce(docs: EventDoc[], query: ListEventsQuery): string[] {
  const words = query.q ? queryTerms(query.q) : []
  const places = query.place ? queryTerms(query.place) : []
  let inRange: (doc: EventDoc) => boolean = (doc) => doc.lastAt >= NOW
  if (query.from || query.to) {
    const from = query.from ?? isoDay(NOW.getTime())
    const to = query.to!
    inRange = (doc) => doc.days.some((day) => day >= from && day <= to)
  }
  return docs
    .filter(
      (doc) =>
        doc.visibility === 'public' &&
        doc.status !== 'cancelled' &&
        inRange(doc) &&
        (!query.timeOfDay || doc.dayParts.includes(query.timeOfDay)) &&
        words.every((w) => doc.words.includes(w)) &&
        places.every((p) => doc.placeWords.includes(p)),
    )
    .sort(
      (a, b) =>
        a.sortAt.getTime() - b.sortAt.getTime() || (a._id.toHexString() < b._id.toHexString() ? -1 : 1),
    )
    .map((doc) => doc._id.toHexString())
}

async function walkAllPages(query: ListEventsQuery, limit: number, hints?: BucketHints) {
  const seen: string[] = []
  let after: TimeIdPosition | null = null
  for (let pages = 0; pages < 400; pages++) {
    const page = await app.eventsRepository.loadPage(query, after, limit, NOW, hints)
    expect(page.items.length).toBeLessThanOrEqual(limit)
    if (page.nextCursor) expect(page.items).toHaveLength(limit)
    seen.push(...page.items.map((item) => item.id))
    if (!page.nextCursor) return seen
    after = timeIdCursor.decode(page.nextCursor)
  }
  throw new Error('the cursor never ended')
}

/** Stores the events, walks every page of each filter and compares; returns how many it listed. */
async function listsEqualBruteForce(inputs: Value<typeof eventInput>[], filters: [Filter, number][]) {
  const events = app.mongo.db.collection<EventDoc>(EVENTS_COLLECTION)
  await events.deleteMany({})
  const docs = inputs.map(toDoc)
  if (docs.length) await events.insertMany(docs)
  let found = 0
  for (const [f, limit] of filters) {
    const query = toQuery(f)
    const listed = await walkAllPages(query, limit)
    expect(new Set(listed).size, 'a cursor repeated an event').toBe(listed.length)
    expect(listed, JSON.stringify({ query, limit })).toEqual(bruteForce(docs, query))
    found += listed.length
  }
  return found
}

/** NOW's UTC midnight `days` ahead, then `hours` on, as an offset from NOW. */
const nearMidnight = (days: number, hours: number) =>
  Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), NOW.getUTCDate() + days) + hours * HOUR - NOW.getTime()

/**
 * Events that start within 14 hours of the UTC midnights of a few days, in zones from UTC−11 to
 * UTC+14: where a date range's first local day begins before its UTC day (found through `spanDays`
 * or an `l+` key) and its last one ends after it (an `l-` key), events/browse-keys.ts.
 */
const nearMidnightEvent = eventInput.chain((input) =>
  fc
    .array(
      fc.record({
        startOffsetMs: fc
          .tuple(fc.integer({ min: -1, max: 6 }), fc.integer({ min: -14 * 4, max: 14 * 4 }))
          .map(([days, quarters]) => nearMidnight(days, quarters / 4)),
        durationMs: fc.oneof(
          { weight: 4, arbitrary: fc.integer({ min: HOUR / 2, max: 5 * HOUR }) },
          { weight: 1, arbitrary: fc.integer({ min: 10 * HOUR, max: 3 * DAY }) },
        ),
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map((options) => ({ ...input, sharedStart: false, options })),
)
const rangeNearMidnights = fc.record({
  fromOffset: fc.option(fc.integer({ min: 0, max: 6 }), { freq: 8 }),
  length: fc.integer({ min: -1, max: 4 }),
})
const rangeFilter = fc.record(
  { range: rangeNearMidnights, timeOfDay, q, place },
  { requiredKeys: ['range'] },
) as fc.Arbitrary<Filter>

/**
 * Many events in a few hours, most with the common words ("kneipe", "beer") and few with the rare
 * ones ("42", "quiz"), some words only on some days: a page replaces the longest query word as its
 * seek by a rarer one, and back, within one page (src/events/listing-seek.ts).
 */
const crowdedWordEvent = fc.record({
  title: fc.constantFrom<string[]>(
    ['beer'],
    ['beer'],
    ['beer'],
    ['beer', 'quiz'],
    ['quiz'],
    ['beer', 'kino'],
  ),
  place: fc.constantFrom<string[]>(['Kneipe', '7'], ['Kneipe', '7'], ['Kneipe', '42'], ['42'], ['Kiez']),
  timeZone: fc.constantFrom(...ZONES),
  visibility: fc.constantFrom('public', 'public', 'public', 'private'),
  cancelled: fc.integer({ min: 0, max: 9 }).map((n) => n < 1),
  options: fc.array(
    fc.record({
      startOffsetMs: fc
        .tuple(
          fc.integer({ min: 0, max: 3 }),
          fc.integer({ min: 17, max: 19 }),
          fc.integer({ min: 0, max: 3 }),
        )
        .map(([days, hour, quarter]) => nearMidnight(days, hour + quarter / 4)),
      durationMs: fc.constant(2 * HOUR),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  sharedStart: fc.constant(false),
})
const multiWordFilter = fc
  .tuple(
    fc.oneof(
      fc.record({ q: fc.constantFrom('beer quiz', 'quiz beer', 'beer kino') }),
      fc.record({ place: fc.constantFrom('kneipe 42', '42 kneipe', 'kneipe 7') }),
      fc.record({ q: fc.constant('beer'), place: fc.constantFrom('kneipe', '42') }),
    ),
    fc.record({ timeOfDay, range: rangeNearMidnights }, { requiredKeys: [] }),
    fc.boolean(),
  )
  .map(([words, rest, alone]): Filter => (alone ? words : { ...words, ...rest }))

describe('listing order and cursors (property)', () => {
  it('equal a brute-force sort and filter of the same events, page by page', async () => {
    let found = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventInput, { minLength: 0, maxLength: 200, size: 'max' }),
        fc.array(fc.tuple(filter, fc.integer({ min: 2, max: 9 })), { minLength: 1, maxLength: 3 }),
        async (inputs, filters) => {
          found += await listsEqualBruteForce(inputs, filters)
        },
      ),
      { numRuns: 15 },
    )
    // The filters are not all so narrow that every list is empty.
    expect(found).toBeGreaterThan(50)
  }, 120_000)

  it('equal it for date ranges whose first and last local days cross UTC midnights', async () => {
    let found = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(nearMidnightEvent, { minLength: 20, maxLength: 120 }),
        fc.array(
          fc.tuple(
            fc.oneof({ weight: 3, arbitrary: fc.record({ range: rangeNearMidnights }) }, rangeFilter),
            fc.integer({ min: 2, max: 9 }),
          ),
          { minLength: 2, maxLength: 4 },
        ),
        async (inputs, filters) => {
          found += await listsEqualBruteForce(inputs, filters)
        },
      ),
      { numRuns: 20 },
    )
    expect(found).toBeGreaterThan(200)
  }, 120_000)

  it('equal it for several words where one is far rarer than another', async () => {
    let found = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(crowdedWordEvent, { minLength: 40, maxLength: 160 }),
        fc.array(fc.tuple(multiWordFilter, fc.integer({ min: 2, max: 9 })), { minLength: 2, maxLength: 4 }),
        async (inputs, filters) => {
          found += await listsEqualBruteForce(inputs, filters)
        },
      ),
      // 30 runs: with 15, what they listed ranged from 177 to 417 (mean ~295), so the check below
      // failed now and then on data alone; 30 runs put 200 far below what they list.
      { numRuns: 30 },
    )
    expect(found).toBeGreaterThan(200)
  }, 120_000)
})

/** Hints that record which buckets the walks learned about and which they relied on. */
function watchedHints() {
  const hints = createBucketHints()
  const learned: string[] = []
  const used: string[] = []
  const watched: BucketHints = {
    atLeast(bucket) {
      const count = hints.atLeast(bucket)
      if (count > 0) used.push(bucket)
      return count
    },
    holds(bucket, count) {
      learned.push(bucket)
      hints.holds(bucket, count)
    },
  }
  return { watched, learned, used }
}

describe('bucket hints (src/events/bucket-hints.ts)', () => {
  // The property runs above share the service's hints, so later runs meet hints left by other events
  // at the same "now"; these check both ways on purpose: a hint is used, and a stale one changes no page.
  const event = (place: string[], startOffsetMs: number, index: number) =>
    toDoc(
      {
        title: ['beer'],
        place,
        timeZone: 'UTC',
        visibility: 'public',
        cancelled: false,
        options: [{ startOffsetMs, durationMs: HOUR }],
        sharedStart: false,
      },
      index,
    )

  it('walk a day found crowded by its hours at once, and list the same events once it has emptied', async () => {
    const events = app.mongo.db.collection<EventDoc>(EVENTS_COLLECTION)
    await events.deleteMany({})
    // 30 events on 2027-06-18 (UTC), then one a day for a week.
    const crowdedDay = Array.from({ length: 30 }, (_, i) => event(['Kneipe'], nearMidnight(3, 1 + i / 2), i))
    const later = Array.from({ length: 7 }, (_, i) => event(['Kneipe'], nearMidnight(4 + i, 12), 30 + i))
    await events.insertMany([...crowdedDay, ...later])

    const { watched, learned, used } = watchedHints()
    const dayKey = 'all|d:2027-06-18'
    expect(await walkAllPages({}, 5, watched)).toEqual(bruteForce([...crowdedDay, ...later], {}))
    expect(learned.some((bucket) => bucket.includes(dayKey))).toBe(true)

    // The day empties but for two events: the walk trusts the hint, reads the day hour by hour, and
    // still lists exactly what is there.
    await events.deleteMany({ _id: { $in: crowdedDay.slice(2).map((doc) => doc._id) } })
    expect(await walkAllPages({}, 5, watched)).toEqual(bruteForce([...crowdedDay.slice(0, 2), ...later], {}))
    expect(used.some((bucket) => bucket.includes(dayKey))).toBe(true)
  })

  it('skip peeking at a day with a word found there, and still list what has come there since', async () => {
    const events = app.mongo.db.collection<EventDoc>(EVENTS_COLLECTION)
    await events.deleteMany({})
    // 2027-06-16 (UTC) holds "kneipe" but no "42": its peek with "kneipe" finds some, with "42" none.
    const kneipeOnly = Array.from({ length: 6 }, (_, i) => event(['Kneipe', '7'], nearMidnight(1, 2 + i), i))
    const later = Array.from({ length: 6 }, (_, i) =>
      event(['Kneipe', '42'], nearMidnight(2 + i, 12), 10 + i),
    )
    await events.insertMany([...kneipeOnly, ...later])
    const query = { place: 'kneipe 42' }
    const dayWithKneipe = JSON.stringify({ browseKeys: 'all|d:2027-06-16', placeWords: 'kneipe' })

    const { watched, learned, used } = watchedHints()
    expect(await walkAllPages(query, 3, watched)).toEqual(bruteForce([...kneipeOnly, ...later], query))
    expect(learned).toContain(dayWithKneipe)

    // Two events with both words come to that day: the next walk takes "kneipe" there as known, peeks
    // with "42" only, and lists them.
    const arrived = [
      event(['Kneipe', '42'], nearMidnight(1, 20), 20),
      event(['Kneipe', '42'], nearMidnight(1, 21), 21),
    ]
    await events.insertMany(arrived)
    expect(await walkAllPages(query, 3, watched)).toEqual(
      bruteForce([...kneipeOnly, ...arrived, ...later], query),
    )
    expect(used).toContain(dayWithKneipe)
  })
})
