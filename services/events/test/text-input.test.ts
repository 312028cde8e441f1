/**
 * Text that the store cannot keep is refused where it enters: a NUL (PostgreSQL behind FerretDB
 * answered 500), other control characters, and lone surrogates (stored as U+FFFD, so the event read
 * back differed from the one the create call echoed). Valid text, emoji included, round-trips.
 * Forged listing cursors are 400s, not pages.
 */
import { describe, expect, it } from 'vitest'
import { TEXT_FORMATS } from '@prost/contracts'
import { FORGED_CURSORS } from '@prost/test-support'
import { bearer, beerEvent, buildWithEvent } from './helper.js'

const { app, t, event } = await buildWithEvent()

const ONE_LINE = TEXT_FORMATS['single-line-text'].message
const LINES = TEXT_FORMATS['multi-line-text'].message
const BAD = {
  NUL: 'a\u0000b',
  escape: 'a\u001b[2Jb',
  'C1 control': 'a\u0085b',
  'lone surrogate': 'zz-\ud800x',
  'lone low surrogate': '\udfffzz',
}

/** Every text field of the events service's request bodies: route, body with the text, and its path. */
function textFields(text: string) {
  const base = beerEvent()
  const place = { name: 'Bar', address: 'Street 1' }
  return [
    {
      method: 'POST',
      url: '/api/events',
      body: { ...base, title: text },
      path: '/body/title',
      message: ONE_LINE,
    },
    {
      method: 'POST',
      url: '/api/events',
      body: { ...base, description: text },
      path: '/body/description',
      message: LINES,
    },
    {
      method: 'POST',
      url: '/api/events',
      body: { ...base, placeOptions: [{ ...place, name: text }] },
      path: '/body/placeOptions/0/name',
      message: ONE_LINE,
    },
    {
      method: 'POST',
      url: '/api/events',
      body: { ...base, placeOptions: [{ ...place, address: text }] },
      path: '/body/placeOptions/0/address',
      message: ONE_LINE,
    },
    {
      method: 'PATCH',
      url: `/api/events/${event.id}`,
      body: { title: text },
      path: '/body/title',
      message: ONE_LINE,
    },
    {
      method: 'PATCH',
      url: `/api/events/${event.id}`,
      body: { description: text },
      path: '/body/description',
      message: LINES,
    },
    {
      method: 'POST',
      url: `/api/events/${event.id}/place-options`,
      body: { ...place, name: text },
      path: '/body/name',
      message: ONE_LINE,
    },
    {
      method: 'PUT',
      url: `/api/events/${event.id}/place-options/${event.placeOptions[0]!.id}`,
      body: { ...place, address: text },
      path: '/body/address',
      message: ONE_LINE,
    },
    {
      method: 'POST',
      url: `/api/events/${event.id}/invitations`,
      body: { userId: '64b000000000000000000003', name: text },
      path: '/body/name',
      message: ONE_LINE,
    },
    {
      method: 'POST',
      url: `/api/events/${event.id}/comments`,
      body: { text },
      path: '/body/text',
      message: LINES,
    },
    {
      method: 'POST',
      url: '/api/events/join',
      body: { inviteToken: event.inviteToken, displayName: text },
      path: '/body/displayName',
      message: ONE_LINE,
      guest: true,
    },
  ] as const
}

const send = (f: ReturnType<typeof textFields>[number]) =>
  app.inject({
    method: f.method,
    url: f.url,
    headers: { ...('guest' in f ? {} : bearer(t.organizer)), 'content-type': 'application/json' },
    payload: JSON.stringify(f.body),
  })

const snapshot = async () => {
  const [view, comments, mine] = await Promise.all([
    app.inject({ url: `/api/events/${event.id}`, headers: bearer(t.organizer) }),
    app.inject({ url: `/api/events/${event.id}/comments?limit=50`, headers: bearer(t.organizer) }),
    app.inject({ url: '/api/events/mine', headers: bearer(t.organizer) }),
  ])
  return JSON.stringify([view.json(), comments.json(), mine.json().items.length])
}

describe('text fields refuse what cannot be stored, with 400 problem+json', () => {
  for (const [name, text] of Object.entries(BAD)) {
    it(`refuses ${name} in every text field, writes nothing, and says why`, async () => {
      const before = await snapshot()
      for (const field of textFields(text)) {
        const res = await send(field)
        const label = `${field.method} ${field.url} ${field.path}`
        expect(res.statusCode, label).toBe(400)
        expect(res.headers['content-type'], label).toContain('application/problem+json')
        expect(res.json().errors, label).toEqual([{ path: field.path, message: field.message }])
      }
      expect(await snapshot()).toBe(before)
    })
  }

  it('refuses control characters in the listing search terms', async () => {
    for (const query of ['q=a%00b', 'place=a%00b', 'q=%1B', 'q=%C2%85']) {
      const res = await app.inject({ url: `/api/events?${query}` })
      expect(res.statusCode, query).toBe(400)
      expect(res.json().errors[0].message, query).toBe(ONE_LINE)
    }
  })

  it('stores emoji, other scripts and line breaks in a description exactly as sent', async () => {
    const title = 'Prost 🍺 Пиво, ¿qué? مرحبا'
    const description = 'First line 🍻\n\tindented second line'
    const created = await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: bearer(t.organizer),
      payload: {
        ...beerEvent(),
        title,
        description,
        placeOptions: [{ name: 'Бар «Пивная» 🍺', address: 'ул. Тверская, 7' }],
      },
    })
    expect(created.statusCode, created.body).toBe(201)
    const read = (
      await app.inject({ url: `/api/events/${created.json().id}`, headers: bearer(t.organizer) })
    ).json()
    expect(read.title).toBe(title)
    expect(read.description).toBe(description)
    expect(read.placeOptions[0].name).toBe('Бар «Пивная» 🍺')
    const comment = await app.inject({
      method: 'POST',
      url: `/api/events/${event.id}/comments`,
      headers: bearer(t.organizer),
      payload: { text: 'two\nlines 🍺' },
    })
    expect(comment.statusCode).toBe(201)
    const comments = (
      await app.inject({ url: `/api/events/${event.id}/comments?limit=50`, headers: bearer(t.organizer) })
    ).json()
    expect(comments.items.map((c: { text: string }) => c.text)).toContain('two\nlines 🍺')
  })
})

describe('listing cursors', () => {
  it('refuses a forged browse cursor with 400 problem+json', async () => {
    for (const cursor of FORGED_CURSORS) {
      const res = await app.inject({ url: `/api/events?cursor=${cursor}` })
      expect(res.statusCode, cursor).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.json().errors).toEqual([
        { path: '/querystring/cursor', message: 'is not a cursor this list gave out' },
      ])
    }
  })

  it('refuses a comment cursor that is not one it gave out', async () => {
    for (const cursor of [FORGED_CURSORS[0]!, '0123456789ABCDEF01234567', '0123456789abcdef012345678']) {
      const res = await app.inject({
        url: `/api/events/${event.id}/comments?cursor=${cursor}`,
        headers: bearer(t.organizer),
      })
      expect(res.statusCode, cursor).toBe(400)
      expect(res.json().errors[0].path).toBe('/querystring/cursor')
    }
  })
})
