/**
 * FerretDB v1 indexes an array as one B-tree value of at most 2,704 bytes, so an event's browse keys
 * must stay below it however many times it proposes (src/events/browse-keys.ts): the most keys an
 * event can have are 5 terms × 4 buckets plus one `l-` key for each of 30 time options (west of UTC;
 * east of it, one `l+` key at most). A poll that nears it is stored and listed, on the real store.
 */
import { describe, expect, it } from 'vitest'
import { ObjectId } from 'mongodb'
import { MAX_OPTIONS_PER_KIND } from '@prost/contracts'
import { EVENTS_COLLECTION } from '../src/events/events-repository.js'
import type { EventDoc } from '../src/events/event-document.js'
import { build, createEvent, tokens } from './helper.js'

const app = await build()
const HOUR = 3600_000
const utcMidnight = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())
}

describe('browse keys of the largest poll', () => {
  it('fit the store’s indexed array limit', async () => {
    // On Pago Pago (UTC−11) a start from 00:00Z to 10:59Z is local afternoon, evening or night of
    // the day before (an `l-` key each, on a new day each); 20:00Z is local morning the same day.
    const behind = Array.from({ length: MAX_OPTIONS_PER_KIND - 1 }, (_, i) => ({
      startsAt: new Date(utcMidnight(2 + i) + (i % 11) * HOUR).toISOString(),
      durationMinutes: 30,
    }))
    const morning = { startsAt: new Date(utcMidnight(40) + 20 * HOUR).toISOString(), durationMinutes: 30 }
    const event = await createEvent(app, tokens().organizer, {
      title: 'The longest poll',
      timeZone: 'Pacific/Pago_Pago',
      timeOptions: [...behind, morning],
    })
    const doc = await app.mongo.db
      .collection<EventDoc>(EVENTS_COLLECTION)
      .findOne({ _id: new ObjectId(event.id as string) })
    expect(doc?.dayParts).toHaveLength(4)
    expect(doc?.browseKeys).toHaveLength(5 * 4 + MAX_OPTIONS_PER_KIND - 1)
    // The first option starts after its local date's UTC day; only its `l-` key names it there.
    const firstLocalDay = new Date(utcMidnight(1)).toISOString().slice(0, 10)
    const page = await app.eventsRepository.loadPage(
      { from: firstLocalDay, to: firstLocalDay },
      null,
      20,
      new Date(),
    )
    expect(page.items.map((item) => item.id)).toEqual([event.id])
  })
})
