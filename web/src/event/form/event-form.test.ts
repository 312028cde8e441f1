import { describe, expect, it } from 'vitest'
import {
  CreateEventSchema,
  MAX_OPTIONS_PER_KIND,
  NewPlaceOptionSchema,
  type Board,
  type Event,
} from '@prost/contracts'
import {
  coordinatesFromMapUrl,
  editTimeRow,
  emptyForm,
  formFieldForServerPath,
  formFromEvent,
  keepClockTimesInZone,
  keepMomentsInZone,
  nextDays,
  nextTimeRow,
  sameTimeOn,
  toCreateEvent,
  toTimeOption,
  type EventFormValues,
} from './event-form'
import { validateEventForm } from './event-form-validation'
import { EVENT_LIMITS } from './event-limits'
import { voteResets } from './option-edits'

const now = Date.parse('2030-06-01T10:00:00Z')
const form = (patch: Partial<EventFormValues> = {}): EventFormValues => ({
  ...emptyForm('Europe/Berlin', '2030-06-01'),
  title: 'Friday pints',
  ...patch,
})

describe('validateEventForm', () => {
  it('accepts a plain event', async () => {
    expect(await validateEventForm(form(), now)).toEqual({})
  })

  it('asks for a title and at least one time', async () => {
    expect(await validateEventForm(form({ title: '  ', times: [] }), now)).toEqual({
      title: 'v.required',
      times: 'v.timeNeeded',
    })
  })

  it('refuses times in the past and the same time twice', async () => {
    const times = [
      { key: 'a', date: '2030-05-31', time: '19:00', hours: 2 },
      { key: 'b', date: '2030-06-02', time: '19:00', hours: 2 },
      { key: 'c', date: '2030-06-02', time: '19:00', hours: 3 },
    ]
    expect(await validateEventForm(form({ times }), now)).toEqual({
      'times.0': 'v.timePast',
      'times.2': 'v.duplicate',
    })
  })

  it('checks place names, map links, the deadline and the cover', async () => {
    const places = [{ key: 'p', name: '', address: '', mapUrl: 'maps.example.com/x' }]
    const cover = new File(['x'], 'cover.gif', { type: 'image/gif' })
    expect(await validateEventForm(form({ places, deadline: '2030-06-03T12:00' }), now, cover)).toEqual({
      'places.0.name': 'v.required',
      'places.0.mapUrl': 'v.url',
      deadline: 'v.deadlineAfter',
      cover: 'v.coverType',
    })
  })
})

describe('toCreateEvent', () => {
  it('turns wall-clock rows in the event zone into instants and durations', () => {
    const body = toCreateEvent(
      form({
        times: [{ key: 'a', date: '2030-06-02', time: '19:00', hours: 3 }],
        places: [
          {
            key: 'p',
            name: ' The Tap ',
            address: '',
            mapUrl: 'https://www.openstreetmap.org/?mlat=52.5&mlon=13.4',
          },
        ],
        deadline: '2030-06-02T12:00',
      }),
    )
    expect(body).toEqual({
      title: 'Friday pints',
      description: '',
      timeZone: 'Europe/Berlin',
      // The form's default: private unless the organizer picks public.
      visibility: 'private',
      votingDeadline: '2030-06-02T10:00:00.000Z',
      autoFinalize: false,
      nudgeHoursBeforeDeadline: 24,
      timeOptions: [{ startsAt: '2030-06-02T17:00:00.000Z', durationMinutes: 180 }],
      placeOptions: [
        {
          name: 'The Tap',
          mapUrl: 'https://www.openstreetmap.org/?mlat=52.5&mlon=13.4',
          lat: 52.5,
          lon: 13.4,
        },
      ],
    })
  })
})

describe('deadline settings', () => {
  const times = [{ key: 'a', date: '2030-06-02', time: '19:00', hours: 3 }]
  it('sends automatic finalize and the nudge only with a deadline; an empty nudge is off', () => {
    const withDeadline = toCreateEvent(
      form({ times, deadline: '2030-06-02T12:00', afterDeadline: 'auto', nudgeHours: '' }),
    )
    expect(withDeadline).toMatchObject({ autoFinalize: true, nudgeHoursBeforeDeadline: null })
    const without = toCreateEvent(form({ times, deadline: '', afterDeadline: 'auto', nudgeHours: '6' }))
    expect(without).not.toHaveProperty('autoFinalize')
    expect(without).not.toHaveProperty('nudgeHoursBeforeDeadline')
  })

  it('starts a new event with the organizer deciding and a 24 h nudge', () => {
    const base = { ...emptyForm('Europe/Berlin', '2030-06-01') }
    expect(base).toMatchObject({ afterDeadline: 'manual', nudgeHours: '24' })
  })
})

describe('same time on other days', () => {
  it('offers the following days and adds each once', () => {
    const values = form()
    const row = values.times[0]!
    expect(nextDays(row, 3)).toEqual(['2030-06-03', '2030-06-04', '2030-06-05'])
    const once = sameTimeOn(values, row, '2030-06-03')
    expect(once.map((r) => `${r.date} ${r.time}`)).toEqual(['2030-06-02 19:00', '2030-06-03 19:00'])
    expect(sameTimeOn({ ...values, times: once }, row, '2030-06-03')).toHaveLength(2)
  })
})

describe('map links and server paths', () => {
  it('reads coordinates from common map links', () => {
    expect(coordinatesFromMapUrl('https://www.google.com/maps/place/X/@52.5200,13.4050,17z')).toEqual({
      lat: 52.52,
      lon: 13.405,
    })
    expect(coordinatesFromMapUrl('https://www.openstreetmap.org/#map=18/55.7512/37.6184')).toEqual({
      lat: 55.7512,
      lon: 37.6184,
    })
    expect(coordinatesFromMapUrl('https://maps.example.com/?q=48.1,11.5')).toEqual({ lat: 48.1, lon: 11.5 })
    expect(coordinatesFromMapUrl('https://example.com/pub')).toBeNull()
  })

  it('maps problem paths onto form fields', () => {
    expect(formFieldForServerPath('timeOptions.1.startsAt')).toBe('times.1')
    expect(formFieldForServerPath('placeOptions.0.mapUrl')).toBe('places.0.mapUrl')
    expect(formFieldForServerPath('placeOptions.0')).toBe('places.0.name')
    expect(formFieldForServerPath('votingDeadline')).toBe('deadline')
    expect(formFieldForServerPath('title')).toBe('title')
  })
})

describe('limits from the contract', () => {
  it('are the schema’s own numbers', () => {
    expect(EVENT_LIMITS).toEqual({
      title: CreateEventSchema.properties.title.maxLength,
      description: CreateEventSchema.properties.description.maxLength,
      placeName: NewPlaceOptionSchema.properties.name.maxLength,
      placeAddress: NewPlaceOptionSchema.properties.address.maxLength,
      mapUrl: NewPlaceOptionSchema.properties.mapUrl.maxLength,
      options: MAX_OPTIONS_PER_KIND,
    })
  })

  it('refuses a title, place name or address over the limit, and too many times or places', async () => {
    const row = (i: number) => ({
      key: `t${i}`,
      date: `2030-07-${String(i + 1).padStart(2, '0')}`,
      time: '19:00',
      hours: 2,
    })
    const place = (i: number) => ({ key: `p${i}`, name: `Bar ${i}`, address: '', mapUrl: '' })
    const errors = await validateEventForm(
      form({
        title: 'x'.repeat(EVENT_LIMITS.title + 1),
        times: Array.from({ length: MAX_OPTIONS_PER_KIND + 1 }, (_, i) => row(i)),
        places: [
          {
            ...place(0),
            name: 'n'.repeat(EVENT_LIMITS.placeName + 1),
            address: 'a'.repeat(EVENT_LIMITS.placeAddress + 1),
          },
          ...Array.from({ length: MAX_OPTIONS_PER_KIND }, (_, i) => place(i + 1)),
        ],
      }),
      now,
    )
    expect(errors).toEqual({
      title: 'v.tooLong',
      times: 'v.tooManyTimes',
      places: 'v.tooManyPlaces',
      'places.0.name': 'v.tooLong',
      'places.0.address': 'v.tooLong',
    })
  })

  it('refuses what the contract’s formats refuse: control characters, a map link that is no link', async () => {
    const places = [{ key: 'p', name: 'The Tap', address: '', mapUrl: 'https://' }]
    expect(await validateEventForm(form({ title: 'Pints\tat seven', places }), now)).toEqual({
      title: 'v.pattern',
      'places.0.mapUrl': 'v.url',
    })
  })

  it('"same time on" stops at the maximum', () => {
    const times = Array.from({ length: MAX_OPTIONS_PER_KIND }, (_, i) => ({
      key: `t${i}`,
      date: `2030-07-${String(i + 1).padStart(2, '0')}`,
      time: '19:00',
      hours: 2,
    }))
    const values = form({ times })
    expect(sameTimeOn(values, times[0]!, '2030-08-15')).toHaveLength(MAX_OPTIONS_PER_KIND)
  })
})

describe('"+ Add a time"', () => {
  it('proposes the next free day at the last row’s time, never a copy', async () => {
    const values = form({
      times: [
        { key: 'a', date: '2030-06-02', time: '19:00', hours: 3 },
        { key: 'b', date: '2030-06-04', time: '18:30', hours: 2 },
        { key: 'c', date: '2030-06-03', time: '18:30', hours: 2 },
      ],
    })
    const next = nextTimeRow(values, '2030-06-01')
    expect(next).toMatchObject({ date: '2030-06-05', time: '18:30', hours: 2 })
    expect(await validateEventForm({ ...values, times: [...values.times, next] }, now)).toEqual({})
    expect(nextTimeRow(form({ times: [] }), '2030-06-01')).toMatchObject({
      date: '2030-06-02',
      time: '19:00',
      hours: 3,
    })
  })
})

describe('a time-zone change in the edit form', () => {
  const event: Event = {
    id: 'e'.repeat(24),
    title: 'Pints',
    description: '',
    timeZone: 'Europe/Moscow',
    visibility: 'public',
    hideResults: false,
    hideNames: false,
    status: 'polling',
    organizer: { id: 'o'.repeat(24), name: 'Olga' },
    votingDeadline: '2030-07-14T16:00:00.000Z',
    autoFinalize: false,
    nudgeHoursBeforeDeadline: 24,
    allowParticipantOptions: false,
    hasCover: false,
    // 19:00:30 Moscow for 100 minutes: neither seconds nor an odd length may read as an edit.
    timeOptions: [
      { id: 'a'.repeat(24), startsAt: '2030-07-15T16:00:30.000Z', endsAt: '2030-07-15T17:40:30.000Z' },
    ],
    placeOptions: [{ id: 'b'.repeat(24), name: 'The Tap', address: 'Main St 1' }],
    participants: [],
    invited: [],
    final: null,
    version: 1,
    createdAt: '2030-07-01T00:00:00Z',
    updatedAt: '2030-07-01T00:00:00Z',
  }
  const board = {
    timeOptions: [
      {
        id: 'a'.repeat(24),
        voters: { yes: [{ id: 'u1', name: 'A' }], maybe: [{ id: 'u2', name: 'B' }], no: [] },
      },
    ],
    placeOptions: [{ id: 'b'.repeat(24), voters: { yes: [{ id: 'u1', name: 'A' }], maybe: [], no: [] } }],
  } as unknown as Board

  it('keeps the instants: the same moments, read in the new zone', () => {
    const moved = keepMomentsInZone(formFromEvent(event), 'Europe/Berlin')
    expect(moved.timeZone).toBe('Europe/Berlin')
    expect(moved.times[0]).toMatchObject({ date: '2030-07-15', time: '18:00' })
    expect(moved.deadline).toBe('2030-07-14T18:00')
    expect(toTimeOption(moved.times[0]!, moved.timeZone)).toEqual({
      startsAt: '2030-07-15T16:00:30.000Z',
      durationMinutes: 100,
    })
    expect(voteResets(event, moved, board).size).toBe(0)
  })

  it('moves them only when asked to keep the clock times, and then counts the votes reset', () => {
    const clock = keepClockTimesInZone(
      keepMomentsInZone(formFromEvent(event), 'Europe/Berlin'),
      'Europe/Moscow',
    )
    expect(clock.times[0]).toMatchObject({ date: '2030-07-15', time: '19:00' })
    expect(clock.deadline).toBe('2030-07-14T19:00')
    expect(toTimeOption(clock.times[0]!, clock.timeZone).startsAt).toBe('2030-07-15T17:00:00.000Z')
    expect([...voteResets(event, clock, board).values()]).toEqual([2])
  })

  it('reads an edited row in the zone again', () => {
    const row = formFromEvent(event).times[0]!
    expect(editTimeRow(row, { hours: 2 }).instant).toBe(row.instant)
    expect(editTimeRow(row, { time: '20:00' }).instant).toBeUndefined()
  })

  it('resets votes for a new name or address, not for a map link or coordinates', () => {
    const values = formFromEvent(event)
    const place = values.places[0]!
    const withMap = {
      ...values,
      places: [{ ...place, mapUrl: 'https://www.openstreetmap.org/?mlat=55.7&mlon=37.6' }],
    }
    expect(voteResets(event, withMap, board).size).toBe(0)
    const renamed = { ...values, places: [{ ...place, address: 'Main St 2' }] }
    expect([...voteResets(event, renamed, board).values()]).toEqual([1])
    expect([...voteResets(event, renamed, undefined).values()]).toEqual([null]) // board unknown: "any votes"
  })
})

describe('capacity', () => {
  const places = [
    { key: 'p', name: 'The Tap', address: '', mapUrl: '', capacity: '12' },
    { key: 'q', name: 'Hall', address: '', mapUrl: '', capacity: '' },
  ]

  it('sends the event’s and each place’s capacity only when given', () => {
    const body = toCreateEvent(form({ capacity: '8', places }))
    expect(body.capacity).toBe(8)
    expect(body.placeOptions).toEqual([{ name: 'The Tap', capacity: 12 }, { name: 'Hall' }])
    expect(toCreateEvent(form()).capacity).toBeUndefined()
  })

  it('refuses a capacity below one or above the contract’s limit, and maps the server’s place path', async () => {
    const errors = await validateEventForm(
      form({ capacity: '0', places: [{ ...places[0]!, capacity: '100000' }] }),
      now,
    )
    expect(Object.keys(errors).sort()).toEqual(['capacity', 'places.0.capacity'])
    expect(formFieldForServerPath('placeOptions.0.capacity')).toBe('places.0.capacity')
  })
})
