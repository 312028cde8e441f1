import { beforeAll, describe, expect, it } from 'vitest'
import { bearer, build, tokens, type TestApp } from './helper.js'

let app: TestApp
let organizer: string
const ids: Record<string, string> = {}

/** An instant `days` ahead at a local Berlin hour (the test avoids DST edges by using 12:00-based offsets). */
function berlin(days: number, hour: number) {
  const d = new Date(Date.now() + days * 86_400_000)
  const day = d.toISOString().slice(0, 10)
  const utc = new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`)
  const offset =
    Number(
      new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', hour: 'numeric', hourCycle: 'h23' }).format(
        utc,
      ),
    ) - hour
  return { iso: new Date(utc.getTime() - offset * 3600_000).toISOString(), day }
}

beforeAll(async () => {
  app = await build()
  organizer = tokens().organizer
  const make = async (
    key: string,
    title: string,
    days: number,
    hour: number,
    place: string,
    visibility = 'public',
  ) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: bearer(organizer),
      payload: {
        title,
        timeZone: 'Europe/Berlin',
        visibility,
        timeOptions: [{ startsAt: berlin(days, hour).iso }],
        placeOptions: [{ name: place, address: 'Berlin' }],
      },
    })
    expect(res.statusCode).toBe(201)
    ids[key] = res.json().id
  }
  await make('quiz', 'Pub quiz night', 10, 19, 'Zum Goldenen Hahn')
  await make('brunch', 'Sunday brunch', 11, 10, 'Café Einstein')
  await make('cinema', 'Cinema and beer', 12, 20, 'Kino Babylon')
  await make('secret', 'Secret quiz', 10, 19, 'Hidden bar', 'private')
  for (let i = 0; i < 25; i++) await make(`filler${i}`, `Stammtisch ${i}`, 20 + i, 18, 'Eckkneipe')
})

const list = async (query: string) => {
  const res = await app.inject({ url: `/api/events?${query}` })
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as { items: { id: string; title: string; startsAt: string }[]; nextCursor: string | null }
}

describe('GET /api/events (guest browse and search)', () => {
  it('lists public events soonest first, never private ones', async () => {
    const page = await list('limit=50')
    const mine = page.items.filter((e) => Object.values(ids).includes(e.id))
    expect(mine.slice(0, 3).map((e) => e.id)).toEqual([ids.quiz, ids.brunch, ids.cinema])
    expect(mine.map((e) => e.id)).not.toContain(ids.secret)
    const starts = page.items.map((e) => Date.parse(e.startsAt))
    expect(starts).toEqual([...starts].sort((a, b) => a - b))
  })

  it('searches free text by word prefix, accents folded', async () => {
    expect((await list('q=QUIZ')).items.map((e) => e.id)).toEqual([ids.quiz])
    expect((await list('q=cine')).items.map((e) => e.id)).toEqual([ids.cinema])
    expect((await list('q=cafe')).items).toEqual([]) // place words are not title words
  })

  it('filters by place text', async () => {
    expect((await list('place=café einstein')).items.map((e) => e.id)).toEqual([ids.brunch])
    expect((await list('place=babylon')).items.map((e) => e.id)).toEqual([ids.cinema])
  })

  it('filters by date range and time of day in the event’s zone', async () => {
    const day = berlin(11, 10).day
    expect((await list(`from=${day}&to=${day}`)).items.map((e) => e.id)).toEqual([ids.brunch])
    const morning = (await list('timeOfDay=morning&limit=50')).items.map((e) => e.id)
    expect(morning).toContain(ids.brunch)
    expect(morning).not.toContain(ids.quiz)
    expect(
      (await list(`timeOfDay=evening&from=${berlin(10, 19).day}&to=${berlin(12, 20).day}`)).items.map(
        (e) => e.id,
      ),
    ).toEqual([ids.quiz, ids.cinema])
  })

  it('pages with a cursor without gaps or repeats', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page = await list(`q=stammtisch&limit=7${cursor ? `&cursor=${cursor}` : ''}`)
      seen.push(...page.items.map((e) => e.id))
      cursor = page.nextCursor
    } while (cursor)
    const expectedIds = Array.from({ length: 25 }, (_, i) => ids[`filler${i}`])
    expect(seen).toEqual(expectedIds)
  })
})
