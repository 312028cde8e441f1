/**
 * Look and feel: the dark scheme (and its contrast), the guests' introduction in English and
 * Russian, covers that stay in their slot, the Telegram page on a phone, the language switch saved
 * to the profile, the live indicator going offline, and screenshots of it all in both languages and
 * both schemes.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import type { NotificationsMe } from '@prost/contracts'
import { DESKTOP, PHONE, launch, screenshots, seriousA11yViolations } from './browser.js'

const baseUrl = inject('baseUrl')
const run = Date.now().toString(36)
const word = `Lantern${run}`
const email = `looks-${run}@example.com`
const password = 'looks looks looks'
let browser: Browser
let eventId = ''
const contexts: BrowserContext[] = []

async function api<T>(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const headers: Record<string, string> = {}
  if (init.body !== undefined && !(init.body instanceof FormData))
    headers['content-type'] = 'application/json'
  if (init.token) headers.authorization = `Bearer ${init.token}`
  const res = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body:
      init.body instanceof FormData
        ? init.body
        : init.body === undefined
          ? undefined
          : JSON.stringify(init.body),
  })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T }
}

async function logIn(): Promise<string> {
  const res = await api<{ accessToken: string }>('/api/auth/login', {
    method: 'POST',
    body: { email, password },
  })
  expect(res.status).toBe(200)
  return res.body.accessToken
}

async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: DESKTOP,
    locale: 'en-GB',
    ...options,
  })
  context.setDefaultTimeout(45_000)
  contexts.push(context)
  return context.newPage()
}

/** Signs in through the log-in form, as a person would. */
async function signIn(page: Page) {
  await page.goto('/login')
  await page.getByLabel(/Email|Эл. почта/).fill(email)
  await page.getByLabel(/Password|Пароль/).fill(password)
  await page.locator('main form button[type=submit]').click()
  await page.locator('.nav .link-button').waitFor()
}

/** A tall photo-like PNG (600×1600), drawn by Chromium so nothing binary lives in the repo. */
async function tallCover(): Promise<Blob> {
  const page = await newPage()
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 600
    canvas.height = 1600
    const g = canvas.getContext('2d')!
    const gradient = g.createLinearGradient(0, 0, 0, 1600)
    gradient.addColorStop(0, '#f2a516')
    gradient.addColorStop(1, '#4a2c0f')
    g.fillStyle = gradient
    g.fillRect(0, 0, 600, 1600)
    return canvas.toDataURL('image/png')
  })
  await page.context().close()
  return new Blob([Buffer.from(dataUrl.split(',')[1]!, 'base64')], { type: 'image/png' })
}

/** A public event with a tall cover and votes of every kind on its board. */
async function seed() {
  const registered = await api<{ accessToken: string }>('/api/auth/register', {
    method: 'POST',
    body: { email, password, displayName: 'Lena Looks', language: 'en' },
  })
  expect(registered.status).toBe(201)
  const token = registered.body.accessToken
  const start = new Date(Date.now() + 4 * 86_400_000)
  start.setUTCHours(17, 0, 0, 0)
  const created = await api<{
    id: string
    version: number
    timeOptions: { id: string }[]
    placeOptions: { id: string }[]
  }>('/api/events', {
    method: 'POST',
    token,
    body: {
      title: `${word} cover night`,
      description: 'Lanterns, pretzels and a very tall cover picture.',
      timeZone: 'Europe/Berlin',
      visibility: 'public',
      timeOptions: [
        { startsAt: start.toISOString(), durationMinutes: 180 },
        { startsAt: new Date(start.getTime() + 86_400_000).toISOString(), durationMinutes: 180 },
      ],
      placeOptions: [
        { name: 'The Lantern Tap', address: 'Hauptstraße 1' },
        { name: 'Biergarten am See', mapUrl: 'https://www.openstreetmap.org/?mlat=52.5&mlon=13.4' },
      ],
    },
  })
  expect(created.status).toBe(201)
  eventId = created.body.id
  const form = new FormData()
  form.append('file', await tallCover(), 'cover.png')
  const cover = await api<{ version: number }>(`/api/events/${eventId}/cover`, {
    method: 'PUT',
    token,
    body: form,
  })
  expect(cover.status).toBe(200)
  // The organizer joined by creating; vote yes / if need be / no so the board shows every colour.
  const [t1, t2] = created.body.timeOptions.map((o) => o.id)
  const [p1, p2] = created.body.placeOptions.map((o) => o.id)
  const choices = { [t1!]: 'yes', [t2!]: 'maybe', [p1!]: 'no', [p2!]: 'yes' }
  // The voting service learns about the event a moment after it exists: the (idempotent) vote is
  // taken once it does.
  const vote = () =>
    api(`/api/votes/${eventId}`, {
      method: 'PUT',
      token,
      body: { choices, eventVersion: cover.body.version },
    })
  await vi.waitFor(async () => expect((await vote()).status).toBe(200), { timeout: 60_000, interval: 500 })
}

/** What the Telegram page shows, with the long URLs real bot messages carry and every delivery state. */
function telegramFixture(): NotificationsMe {
  const longMap = `https://www.openstreetmap.org/search?query=${'Biergarten%20am%20See%2C%20Seestra%C3%9Fe%2042%2C%20Berlin'.repeat(3)}`
  const ics = `${baseUrl}/api/events/${eventId}/ics?token=${'a1b2c3d4'.repeat(8)}`
  const soon = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString()
  return {
    linked: false,
    linkedAt: null,
    dryRun: true,
    upcoming: [
      {
        eventId,
        title: `${word} cover night`,
        startsAt: soon(49),
        dueAt: soon(48),
        timeZone: 'Europe/Berlin',
        status: 'pending',
        placeName: 'Biergarten am See',
      },
      {
        eventId,
        title: `${'Superlongunbrokentitle'.repeat(5)}`,
        startsAt: soon(73),
        dueAt: soon(72),
        timeZone: 'Europe/Berlin',
        status: 'failed',
        placeName: null,
      },
    ],
    dryRunMessages: [
      {
        kind: 'finalized',
        sentAt: soon(-1),
        text: `✅ It is decided: ${word} cover night\n🗓 Fri, 5 Jun, 19:00 (Europe/Berlin)\n📍 Biergarten am See\n🗺 ${longMap}\n📅 Add to calendar: ${ics}`,
      },
      { kind: 'reminder', sentAt: soon(-2), text: `⏰ ${word} starts in an hour.\n🗺 ${longMap}` },
    ],
  }
}

async function withTelegramFixture(page: Page) {
  await page.route('**/api/notifications/me', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(telegramFixture()) }),
  )
}

/** Nothing sticks out sideways: not the page, not a card. */
async function overflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    const root = document.documentElement
    if (root.scrollWidth > root.clientWidth) out.push(`page ${root.scrollWidth} > ${root.clientWidth}`)
    for (const el of Array.from(
      document.querySelectorAll<HTMLElement>('.panel, .notice, .plain-list li, .tg-message pre'),
    ))
      if (el.scrollWidth > el.clientWidth + 1)
        out.push(`${el.className || el.tagName} ${el.scrollWidth} > ${el.clientWidth}`)
    return out
  })
}

beforeAll(async () => {
  browser = await launch()
  await seed()
})

afterAll(async () => {
  await browser?.close()
})

describe('the landing page', () => {
  it('tells a guest what Prost is, in English', async () => {
    const page = await newPage()
    await page.goto('/')
    const intro = page.getByRole('region', { name: 'Find a time and a place that suits everyone' })
    await intro.waitFor()
    const text = (await intro.textContent()) ?? ''
    expect(text).toContain('times and places')
    expect(text).toContain('yes, if need be or no')
    expect(text).toContain('who voted for what')
    expect(text).toContain('an hour before')
    await intro.getByRole('link', { name: /Plan a meetup/ }).click()
    await page.waitForURL(/\/(new|login)/)
  })

  it('tells it in Russian, and keeps events in view on a phone', async () => {
    const page = await newPage({ locale: 'ru-RU', viewport: PHONE })
    await page.goto('/')
    const intro = page.getByRole('region', { name: 'Найдите время и место, которые подходят всем' })
    await intro.waitFor()
    expect(await intro.textContent()).toContain('«да», «если придётся» или «нет»')
    await intro.getByRole('link', { name: /Запланировать встречу/ }).waitFor()
    const card = page.locator('.cards .card').first()
    await card.waitFor()
    const box = (await card.boundingBox())!
    expect(box.y).toBeLessThan(PHONE.height - 60)
  })
})

describe('covers on browse cards', () => {
  it('keep the image in its slot and the title visible, on desktop and phone', async () => {
    const page = await newPage()
    await page.goto(`/?q=${word}`)
    const card = page.locator('.card', { hasText: `${word} cover night` })
    await card.locator('.card-cover img').waitFor()
    await page.waitForFunction(() => document.querySelector<HTMLImageElement>('.card-cover img')?.complete)
    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size)
      const cover = (await card.locator('.card-cover').boundingBox())!
      const img = (await card.locator('.card-cover img').boundingBox())!
      const title = card.getByRole('heading', { name: `${word} cover night` })
      expect(await title.isVisible()).toBe(true)
      const t = (await title.boundingBox())!
      // The image stays inside its slot (140 px tall on wide screens)…
      expect(img.height).toBeLessThanOrEqual(cover.height + 0.5)
      expect(img.y + img.height).toBeLessThanOrEqual(cover.y + cover.height + 0.5)
      if (size === DESKTOP) expect(cover.height).toBeLessThanOrEqual(140.5)
      // …and nothing covers the title: the topmost element at its centre is the title itself.
      const onTop = await page.evaluate(
        ([x, y]) => document.elementFromPoint(x!, y!)?.closest('h3')?.textContent ?? null,
        [t.x + t.width / 2, t.y + t.height / 2],
      )
      expect(onTop).toBe(`${word} cover night`)
    }
  })
})

describe('the dark scheme', () => {
  it('follows prefers-color-scheme and stays accessible on browse and the event page', async () => {
    const page = await newPage({ colorScheme: 'dark' })
    await page.goto('/')
    await page.locator('.cards .card').first().waitFor()
    const colours = await page.evaluate(() => ({
      background: getComputedStyle(document.documentElement).backgroundColor,
      text: getComputedStyle(document.documentElement).color,
      scheme: getComputedStyle(document.documentElement).colorScheme,
    }))
    expect(colours).toEqual({ background: 'rgb(23, 18, 13)', text: 'rgb(244, 234, 219)', scheme: 'dark' })
    expect(await seriousA11yViolations(page)).toEqual([])

    await page.goto(`/events/${eventId}`)
    await page.locator('.vote-grid tbody .vote-maybe').first().waitFor()
    expect(await seriousA11yViolations(page)).toEqual([])

    await page.emulateMedia({ colorScheme: 'light' })
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(
      'rgb(255, 250, 240)',
    )
  })
})

describe('language and profile', () => {
  it('switching language while signed in updates the profile; signing in starts in it', async () => {
    const page = await newPage()
    await signIn(page)
    await page.getByLabel('Language').selectOption('ru')
    await page.getByRole('link', { name: 'Афиша' }).waitFor()
    const token = await logIn()
    await expect
      .poll(async () => (await api<{ language: string }>('/api/auth/me', { token })).body.language, {
        timeout: 15_000,
      })
      .toBe('ru')

    // Another browser that a guest used in English: signing in brings the profile's Russian.
    const other = await newPage()
    await other.goto('/')
    await other.getByRole('link', { name: 'Browse' }).waitFor()
    await signIn(other)
    await other.getByRole('button', { name: 'Выйти' }).waitFor()
    expect(await other.evaluate(() => document.documentElement.lang)).toBe('ru')

    // Back to English for the rest of this file.
    await other.getByLabel('Язык').selectOption('en')
    await expect
      .poll(async () => (await api<{ language: string }>('/api/auth/me', { token })).body.language, {
        timeout: 15_000,
      })
      .toBe('en')
  })
})

describe('the live indicator', () => {
  it('says offline while the browser is, and live again after', async () => {
    const page = await newPage()
    await page.goto(`/events/${eventId}`)
    await page.locator('.live-live').waitFor()
    await page.context().setOffline(true)
    await page.locator('.live-offline', { hasText: 'Offline' }).waitFor()
    expect(await page.locator('.live-live').count()).toBe(0)
    await page.context().setOffline(false)
    await page.locator('.live-live', { hasText: 'Live' }).waitFor()
  })
})

describe('the Telegram page', () => {
  it('fits a phone with long URLs and names every status in words', async () => {
    const page = await newPage({ viewport: PHONE })
    await signIn(page)
    await withTelegramFixture(page)
    await page.goto('/telegram')
    await page.locator('.tg-message pre').first().waitFor()
    const list = (await page.locator('.plain-list').first().textContent()) ?? ''
    expect(list).toContain('scheduled')
    expect(list).toContain('not delivered')
    expect(list).not.toMatch(/\b(pending|failed)\b/)
    expect(await page.locator('.tg-message small').first().textContent()).toContain('Plan decided')
    expect(await overflows(page)).toEqual([])

    await page.getByRole('button', { name: /Connect Telegram/ }).click()
    await page.getByRole('link', { name: /Open Telegram to finish/ }).waitFor()
    expect(await overflows(page)).toEqual([])
    expect(await seriousA11yViolations(page)).toEqual([])
  })
})

describe('screenshots', () => {
  it('browse, an event and the Telegram page in EN and RU, light and dark', async () => {
    const guest = await newPage()
    const member = await newPage()
    await signIn(member)
    await withTelegramFixture(member)
    for (const scheme of ['light', 'dark'] as const) {
      for (const language of ['en', 'ru'] as const) {
        for (const page of [guest, member]) await page.emulateMedia({ colorScheme: scheme })
        const tag = `${language}-${scheme}`
        await guest.goto('/')
        await guest.locator('.lang select').selectOption(language)
        await guest.locator('.cards .card').first().waitFor()
        await screenshots(guest, `look-browse-${tag}`)

        await member.goto(`/events/${eventId}`)
        await member.locator('.lang select').selectOption(language)
        await member.locator('.vote-grid').first().waitFor()
        await member.locator('.live-live').waitFor()
        await screenshots(member, `look-event-${tag}`)

        await member.goto('/telegram')
        await member.locator('.tg-message pre').first().waitFor()
        await screenshots(member, `look-telegram-${tag}`)
        // Contrast in the dark scheme on the signed-in pages too (browse and the event page are checked above).
        if (scheme === 'dark') expect(await seriousA11yViolations(member), tag).toEqual([])
      }
    }
    await member.locator('.lang select').selectOption('en')
  })
})
