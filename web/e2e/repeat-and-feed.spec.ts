/**
 * Issue 16 in real browsers through HAProxy, in English and Russian: a guest proposes a place and
 * everyone sees who proposed it; the organizer duplicates the event and starts (and stops) a series;
 * the personal calendar feed URL is shown, answers text/calendar, and a new one kills the old.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launch, openPage, screenshots, seriousA11yViolations } from './browser.js'

const baseUrl = inject('baseUrl')
const run = Date.now().toString(36)
const password = 'repeat repeat repeat'
let browser: Browser

interface Person {
  email: string
  token: string
  language: 'en' | 'ru'
}
interface Seeded {
  id: string
  inviteToken: string
  title: string
  timeOptions: { startsAt: string }[]
}
const people: Partial<Record<'en' | 'ru', Person>> = {}
const events: Partial<Record<'en' | 'ru', Seeded>> = {}

async function api<T>(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const res = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  })
  const text = await res.text()
  return { status: res.status, text, json: (text.startsWith('{') ? JSON.parse(text) : undefined) as T }
}

/** An organizer in the given language, and a private event of theirs that lets participants propose. */
async function seed(language: 'en' | 'ru') {
  const email = `repeat-${language}-${run}@example.com`
  const displayName = language === 'en' ? 'Olga Organizer' : 'Ольга Организатор'
  const registered = await api<{ accessToken: string }>('/api/auth/register', {
    method: 'POST',
    body: { email, password, displayName, language },
  })
  expect(registered.status, registered.text).toBe(201)
  const token = registered.json.accessToken
  people[language] = { email, token, language }
  const evening = (days: number) => {
    const d = new Date(Date.now() + days * 86_400_000)
    d.setUTCHours(17, 0, 0, 0)
    return d.toISOString()
  }
  const title = language === 'en' ? `Quiz night ${run}` : `Квиз ${run}`
  const created = await api<Seeded>('/api/events', {
    method: 'POST',
    token,
    body: {
      title,
      timeZone: 'Europe/Berlin',
      visibility: 'private',
      allowParticipantOptions: true,
      timeOptions: [{ startsAt: evening(3), durationMinutes: 180 }],
      placeOptions: [{ name: 'The Foamy Tap', address: 'Main St 1' }],
    },
  })
  expect(created.status, created.text).toBe(201)
  events[language] = created.json
}

async function signIn(page: Page, person: Person) {
  await page.goto('/login')
  await page.getByLabel(/Email|Эл. почта/).fill(person.email)
  await page.getByLabel(/Password|Пароль/).fill(password)
  await page.locator('main form button[type=submit]').click()
  await page.locator('.nav .link-button').waitFor()
}

const WORDS = {
  en: {
    name: 'Anna',
    place: 'A place',
    placeName: 'Place name',
    propose: 'Propose',
    proposedBy: 'proposed by Anna',
    weeks: 'Move the times by (weeks)',
    duplicate: 'Duplicate',
    start: 'Start the series',
    every: /Every \w+ at \d\d:\d\d \(Europe\/Berlin\)/,
    stop: 'Stop the series',
    stopped: 'Stopped: no more polls.',
    show: 'Show my calendar link',
    link: 'Calendar link (https)',
    rotate: 'Make a new link',
  },
  ru: {
    name: 'Анна',
    place: 'Место',
    placeName: 'Название места',
    propose: 'Предложить',
    proposedBy: 'предложил(а) Анна',
    weeks: 'Сдвинуть время на (недель)',
    duplicate: 'Дублировать',
    start: 'Запустить серию',
    every: /Каждую неделю: .+, \d\d:\d\d \(Europe\/Berlin\)/,
    stop: 'Остановить серию',
    stopped: 'Серия остановлена',
    show: 'Показать ссылку на календарь',
    link: 'Ссылка на календарь (https)',
    rotate: 'Создать новую ссылку',
  },
} as const

beforeAll(async () => {
  await Promise.all([seed('en'), seed('ru')])
  browser = await launch()
})

afterAll(async () => {
  await browser?.close()
})

describe.each(['en', 'ru'] as const)('repeat meetups and the calendar feed (%s)', (language) => {
  const words = WORDS[language]
  const locale = language === 'en' ? 'en-GB' : 'ru-RU'

  it('lets a guest propose a place, and shows who proposed it', async () => {
    const event = events[language]!
    const guest = await openPage(browser, { locale, timezoneId: 'Europe/Berlin' })
    await guest.goto(`/join/${event.inviteToken}`)
    await guest.getByLabel(/Your name|Ваше имя/).fill(words.name)
    await guest.locator('main form button[type=submit]').click()
    await guest.waitForURL(`${baseUrl}/events/${event.id}`)
    const panel = guest.getByRole('region', {
      name: new RegExp(language === 'en' ? 'Propose an option' : 'Предложить вариант'),
    })
    await panel.getByLabel(words.place, { exact: true }).check()
    await panel.getByLabel(words.placeName).fill(`${words.name}’s garden`)
    await panel.getByRole('button', { name: words.propose, exact: true }).click()
    // On the board (the voting service's copy, live), under the new place, not just in the panel.
    const board = guest.locator('section.board')
    await board.getByText(`${words.name}’s garden`).first().waitFor()
    await board.getByText(words.proposedBy).first().waitFor()
    const stored = await api<{ placeOptions: { name: string; proposedBy?: { name: string } }[] }>(
      `/api/events/${event.id}`,
      { token: people[language]!.token },
    )
    expect(stored.json.placeOptions.at(-1)).toMatchObject({ proposedBy: { name: words.name } })
    expect(await seriousA11yViolations(guest)).toEqual([])
    await screenshots(guest, `propose-option-${language}`)
    await guest.context().close()
  })

  it('lets the organizer duplicate the event and start and stop a series', async () => {
    const event = events[language]!
    const page = await openPage(browser, { locale, timezoneId: 'Europe/Berlin' })
    await signIn(page, people[language]!)
    await page.goto(`/events/${event.id}`)
    const panel = page.getByRole('region', { name: /Repeat this meetup|Повторить встречу/ })
    await panel.getByLabel(words.weeks).fill('2')
    await screenshots(page, `repeat-panel-${language}`)
    await panel.getByRole('button', { name: new RegExp(words.duplicate) }).click()
    await page.waitForURL((url) => url.pathname.startsWith('/events/') && !url.pathname.endsWith(event.id))
    const copyId = new URL(page.url()).pathname.split('/').at(-1)!
    const copy = await api<{ title: string; timeOptions: { startsAt: string }[] }>(`/api/events/${copyId}`, {
      token: people[language]!.token,
    })
    expect(copy.json.title).toBe(event.title)
    expect(Date.parse(copy.json.timeOptions[0]!.startsAt) - Date.parse(event.timeOptions[0]!.startsAt)).toBe(
      14 * 86_400_000,
    )

    await page.goto(`/events/${event.id}`)
    await panel.getByRole('button', { name: words.start }).click()
    await panel.getByText(words.every).waitFor()
    // Still there after a reload: the page asks which series were started from this event.
    await page.reload()
    await panel.getByText(words.every).waitFor()
    await screenshots(page, `series-started-${language}`)
    await panel.getByRole('button', { name: new RegExp(words.stop) }).click()
    await panel.getByText(words.stopped).waitFor()
    await page.context().close()
  })

  it('shows the calendar feed URL, which answers text/calendar until a new one replaces it', async () => {
    const page = await openPage(browser, { locale, timezoneId: 'Europe/Berlin' })
    await signIn(page, people[language]!)
    await page.goto('/me/events')
    await page.getByRole('button', { name: words.show }).click()
    const field = page.getByLabel(words.link)
    await field.waitFor()
    const url = await field.inputValue()
    expect(url).toMatch(/\/api\/events\/calendar\/[A-Za-z0-9_-]+\.ics$/)
    const feed = await fetch(`${baseUrl}${new URL(url).pathname}`)
    expect(feed.headers.get('content-type')).toContain('text/calendar')
    const body = await feed.text()
    expect(body).toContain('BEGIN:VCALENDAR')
    expect(body).toContain(events[language]!.title)
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshots(page, `calendar-feed-${language}`)

    await page.getByRole('button', { name: new RegExp(words.rotate) }).click()
    await expect.poll(() => field.inputValue()).not.toBe(url)
    expect((await fetch(`${baseUrl}${new URL(url).pathname}`)).status).toBe(404)
    await page.context().close()
  })
})
