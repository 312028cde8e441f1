import { describe, expect, it } from 'vitest'
import {
  coordinatesFromMapUrl,
  emptyForm,
  formFieldForServerPath,
  nextDays,
  sameTimeOn,
  toCreateEvent,
  validateEventForm,
  type EventFormValues,
} from './event-form'

const now = Date.parse('2030-06-01T10:00:00Z')
const form = (patch: Partial<EventFormValues> = {}): EventFormValues => ({
  ...emptyForm('Europe/Berlin', '2030-06-01'),
  title: 'Friday pints',
  ...patch,
})

describe('validateEventForm', () => {
  it('accepts a plain event', () => {
    expect(validateEventForm(form(), now)).toEqual({})
  })

  it('asks for a title and at least one time', () => {
    expect(validateEventForm(form({ title: '  ', times: [] }), now)).toEqual({
      title: 'v.required',
      times: 'v.timeNeeded',
    })
  })

  it('refuses times in the past and the same time twice', () => {
    const times = [
      { key: 'a', date: '2030-05-31', time: '19:00', hours: 2 },
      { key: 'b', date: '2030-06-02', time: '19:00', hours: 2 },
      { key: 'c', date: '2030-06-02', time: '19:00', hours: 3 },
    ]
    expect(validateEventForm(form({ times }), now)).toEqual({
      'times.0': 'v.timePast',
      'times.2': 'v.duplicate',
    })
  })

  it('checks place names, map links, the deadline and the cover', () => {
    const places = [{ key: 'p', name: '', address: '', mapUrl: 'maps.example.com/x' }]
    const cover = new File(['x'], 'cover.gif', { type: 'image/gif' })
    expect(validateEventForm(form({ places, deadline: '2030-06-03T12:00' }), now, cover)).toEqual({
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
      visibility: 'public',
      votingDeadline: '2030-06-02T10:00:00.000Z',
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
