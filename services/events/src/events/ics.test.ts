import { describe, expect, it } from 'vitest'
import ICAL from 'ical.js'
import type { Event } from '@prost/contracts'
import { eventToIcs } from './ics.js'
import { escapeText, foldLine } from './icalendar.js'

const octets = (line: string) => Buffer.byteLength(line, 'utf8')
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const physicalLines = (ics: string) => ics.split('\r\n').slice(0, -1)

function finalizedEvent(
  overrides: Partial<Event> = {},
  place: Partial<NonNullable<Event['final']>['place']> = {},
): Event {
  const id = '665f1c2ab3c4d5e6f7a8b9c0'
  return {
    id,
    title: 'Friday beer',
    description: '',
    timeZone: 'Europe/Moscow',
    visibility: 'private',
    hideResults: false,
    hideNames: false,
    status: 'finalized',
    organizer: { id: '665f1c2ab3c4d5e6f7a8b9c1', name: 'Anna' },
    votingDeadline: null,
    autoFinalize: false,
    nudgeHoursBeforeDeadline: null,
    allowParticipantOptions: false,
    hasCover: false,
    timeOptions: [],
    placeOptions: [],
    participants: [],
    invited: [],
    final: {
      timeOptionId: '665f1c2ab3c4d5e6f7a8b9c2',
      placeOptionId: '665f1c2ab3c4d5e6f7a8b9c3',
      startsAt: '2031-06-13T12:45:30.000Z',
      endsAt: '2031-06-13T15:10:05.000Z',
      place: {
        id: '665f1c2ab3c4d5e6f7a8b9c3',
        name: 'Klunkerkranich',
        address: 'Karl-Marx-Straße 66, Berlin',
        ...place,
      },
    },
    version: 7,
    createdAt: '2031-06-01T10:00:00.000Z',
    updatedAt: '2031-06-02T11:22:33.000Z',
    ...overrides,
  }
}

// The Apple calendar extensions are TEXT (escaped like SUMMARY); ical.js reads unknown X- names raw.
for (const name of ['x-wr-calname', 'x-wr-timezone'])
  ICAL.design.icalendar.property[name] = { defaultType: 'text' }

/** Parses with ical.js, which refuses a malformed file as a whole. */
function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics))
  const vevent = calendar.getFirstSubcomponent('vevent')
  if (!vevent) throw new Error('no VEVENT')
  return { calendar, vevent, event: new ICAL.Event(vevent) }
}

describe('eventToIcs', () => {
  const awkward =
    'Prost 🍺, ICS; "quoted" back\\slash: Grüße из «Пивной» 🎉 — a title long enough to need folding 🍻'
  const organizer = 'Probe "Org": Anna; Bär, 🍺'

  it('is read back by a real parser with every value intact', () => {
    const ics = eventToIcs(
      finalizedEvent(
        {
          title: awkward,
          description: 'Bring cash;\nno cards, sorry\\',
          organizer: { id: 'o', name: organizer },
        },
        {
          name: 'Бар «Пивная»',
          address: 'ул. Тверская, 7; вход 2',
          lat: 55.7612,
          lon: 37.6095,
          mapUrl: 'https://maps.example/p?q=1,2',
        },
      ),
      'https://prost.example/',
    )
    const { calendar, vevent, event } = parse(ics)

    expect(event.summary).toBe(awkward)
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(awkward)
    expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe('Europe/Moscow')
    expect(event.description).toBe(
      'Bring cash;\nno cards, sorry\\\n\nhttps://maps.example/p?q=1,2\n\nhttps://prost.example/events/665f1c2ab3c4d5e6f7a8b9c0',
    )
    expect(event.location).toBe('Бар «Пивная», ул. Тверская, 7; вход 2')
    expect(event.uid).toBe('665f1c2ab3c4d5e6f7a8b9c0@prost')
    expect(event.sequence).toBe(7)
    expect(event.startDate.toJSDate().toISOString()).toBe('2031-06-13T12:45:30.000Z')
    expect(event.endDate.toJSDate().toISOString()).toBe('2031-06-13T15:10:05.000Z')
    expect(event.startDate.second).toBe(30)

    const org = vevent.getFirstProperty('organizer')!
    // A DQUOTE cannot appear inside a quoted parameter at all; everything else of the name survives.
    expect(org.getParameter('cn')).toBe("Probe 'Org': Anna; Bär, 🍺")
    expect(org.getFirstValue()).toBe('https://prost.example/events/665f1c2ab3c4d5e6f7a8b9c0')
    expect(vevent.getFirstPropertyValue('url')).toBe('https://prost.example/events/665f1c2ab3c4d5e6f7a8b9c0')
    expect(vevent.getFirstPropertyValue('geo')).toEqual([55.7612, 37.6095])
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED')
    expect((vevent.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().toISOString()).toBe(
      '2031-06-02T11:22:33.000Z',
    )
  })

  it('ends every line with CRLF and keeps every physical line within 75 octets', () => {
    const ics = eventToIcs(
      finalizedEvent(
        { title: `${'🍺'.repeat(40)} ${'Пиво'.repeat(30)}`, description: 'ж'.repeat(500) },
        { name: 'é'.repeat(200) },
      ),
      'https://prost.example',
    )
    expect(ics.endsWith('\r\n')).toBe(true)
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    const lines = physicalLines(ics)
    expect(lines.some((l) => l.startsWith(' '))).toBe(true) // it did fold
    for (const line of lines) expect(octets(line)).toBeLessThanOrEqual(75)
    expect(ics).not.toContain('\uFFFD')
    expect(parse(ics).event.summary).toBe(`${'🍺'.repeat(40)} ${'Пиво'.repeat(30)}`)
  })

  it('writes only well-formed content lines: NAME, parameters, then a colon', () => {
    // The shape the product owners' acceptance probe checks after unfolding.
    const contentLine = /^[A-Za-z0-9-]+(;[A-Za-z0-9-]+=("[^"]*"|[^";:,]*)(,("[^"]*"|[^";:,]*))*)*:/
    const ics = eventToIcs(
      finalizedEvent({ title: awkward, organizer: { id: 'o', name: organizer } }),
      'https://prost.example',
    )
    const unfolded = ics
      .replace(/\r\n[ \t]/g, '')
      .split('\r\n')
      .filter(Boolean)
    expect(unfolded.filter((l) => !contentLine.test(l))).toEqual([])
    expect(unfolded).toContain('DTSTART:20310613T124530Z')
    expect(unfolded).toContain('DTEND:20310613T151005Z')
  })

  it('names no participant or voter, whatever the privacy settings (only the organizer)', () => {
    const people = ['Boris Secretvoter', 'Gala Hiddenname'].map((name, i) => ({
      id: `665f1c2ab3c4d5e6f7a8b9d${i}`,
      kind: 'user' as const,
      name,
      joinedAt: '2031-06-01T10:00:00.000Z',
    }))
    for (const privacy of [
      { hideResults: true, hideNames: false },
      { hideResults: false, hideNames: true },
    ]) {
      const ics = eventToIcs(finalizedEvent({ ...privacy, participants: people }), 'https://prost.example')
      for (const p of people) expect(ics).not.toContain(p.name.split(' ')[1])
      expect(ics).not.toMatch(/^ATTENDEE/m)
      expect(ics).toContain('CN="Anna"')
    }
  })

  it('leaves GEO out without coordinates and marks a cancelled event', () => {
    const { vevent } = parse(eventToIcs(finalizedEvent({ status: 'cancelled' }), 'https://prost.example'))
    expect(vevent.getFirstProperty('geo')).toBeNull()
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED')
  })
})

describe('foldLine', () => {
  it('never splits a UTF-8 sequence or a surrogate pair', () => {
    for (const filler of ['a', 'ж', '€', '🍺', 'a🍺', 'жa€']) {
      for (let pad = 0; pad < 5; pad++) {
        const line = `SUMMARY:${'x'.repeat(pad)}${filler.repeat(60)}`
        const folded = foldLine(line)
        const parts = folded.split('\r\n')
        for (const part of parts) {
          expect(octets(part)).toBeLessThanOrEqual(75)
          expect(part).not.toMatch(loneSurrogate)
        }
        expect(folded.replace(/\r\n /g, '')).toBe(line)
      }
    }
  })

  it('leaves a line of exactly 75 octets alone', () => {
    const line = `X:${'a'.repeat(73)}`
    expect(foldLine(line)).toBe(line)
    expect(foldLine(`${line}b`)).toBe(`${line}\r\n b`)
  })
})

describe('escapeText', () => {
  it('escapes backslash, semicolon, comma and line breaks, and drops other controls', () => {
    expect(escapeText('a\\b;c,d\r\ne\nf\rg\u0000h\ti')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng' + 'h\ti')
  })
})
