import { describe, expect, it } from 'vitest'
import { createEventDoc, replacePlaceOption, replaceTimeOption } from './event-rules.js'

const now = new Date('2026-12-01T12:00:00Z')
const at = (iso: string) => ({ startsAt: iso, durationMinutes: 120 })

function event() {
  return createEventDoc(
    {
      title: 'Beer',
      timeZone: 'Europe/Moscow',
      timeOptions: [at('2026-12-10T16:00:00Z'), at('2026-12-11T16:00:00Z')],
      placeOptions: [{ name: 'Pivnaya', address: 'Tverskaya 7', mapUrl: 'https://maps.example/a' }],
    },
    { id: 'organizer', name: 'Olga' },
    now,
  )
}

describe('replaceTimeOption', () => {
  it('gives a time whose start changed a new id, so the votes for the old time stop counting', () => {
    const doc = event()
    const old = doc.timeOptions[0]!
    const { changes, updated } = replaceTimeOption(doc, old.id, at('2026-12-10T17:00:00Z'), now)
    expect(updated.id).not.toBe(old.id)
    expect(updated.startsAt.toISOString()).toBe('2026-12-10T17:00:00.000Z')
    expect(updated.revisedFrom).toEqual({
      id: old.id,
      startsAt: old.startsAt,
      endsAt: old.endsAt,
      version: doc.version + 1,
    })
    expect(changes.timeOptions.map((o) => o.id)).toEqual([updated.id, doc.timeOptions[1]!.id])
  })

  it('keeps the id (and the votes) when the time stays the same', () => {
    const doc = event()
    const old = doc.timeOptions[1]!
    const { updated } = replaceTimeOption(doc, old.id, at(old.startsAt.toISOString()), now)
    expect(updated).toEqual(old)
  })

  it('treats a changed end as a different time too', () => {
    const doc = event()
    const old = doc.timeOptions[0]!
    const { updated } = replaceTimeOption(
      doc,
      old.id,
      { startsAt: old.startsAt.toISOString(), durationMinutes: 180 },
      now,
    )
    expect(updated.id).not.toBe(old.id)
  })
})

describe('replacePlaceOption', () => {
  it('gives a renamed or moved place a new id and remembers the old one', () => {
    const doc = event()
    const old = doc.placeOptions[0]!
    const renamed = replacePlaceOption(doc, old.id, { name: 'Pivnaya 2', address: 'Tverskaya 7' }).updated
    expect(renamed.id).not.toBe(old.id)
    expect(renamed.revisedFrom).toEqual({
      id: old.id,
      name: 'Pivnaya',
      address: 'Tverskaya 7',
      version: doc.version + 1,
    })
    const moved = replacePlaceOption(doc, old.id, { name: 'Pivnaya', address: 'Arbat 1' }).updated
    expect(moved.id).not.toBe(old.id)
  })

  it('keeps the id when only the map link or coordinates change', () => {
    const doc = event()
    const old = doc.placeOptions[0]!
    const { updated } = replacePlaceOption(doc, old.id, {
      name: 'Pivnaya',
      address: 'Tverskaya 7',
      mapUrl: 'https://maps.example/b',
      lat: 55.76,
      lon: 37.6,
    })
    expect(updated).toEqual({
      id: old.id,
      name: 'Pivnaya',
      address: 'Tverskaya 7',
      mapUrl: 'https://maps.example/b',
      lat: 55.76,
      lon: 37.6,
    })
  })
})
