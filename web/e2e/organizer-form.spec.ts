/**
 * The organizer's side in a real browser: the create form holds the contract's limits, "Create"
 * lands at the top of the new event with the invite link in view on a phone, server errors read as
 * sentences in English and Russian, and finalizing asks first. Screenshots in both languages.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { CreateEventSchema } from '@prost/contracts'
import { DESKTOP, PHONE, launch, screenshots, seriousA11yViolations } from './browser.js'

const baseUrl = inject('baseUrl')
const run = Date.now().toString(36)
const email = `organizer-${run}@example.com`
const password = 'organizer organizer'
const title = `Quiz night ${run}`
const TITLE_MAX = CreateEventSchema.properties.title.maxLength!
let browser: Browser
let context: BrowserContext
let page: Page
let token = ''
let eventUrl = ''

async function api<T>(path: string, init: { method?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {}
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  if (token) headers.authorization = `Bearer ${token}`
  const res = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T }
}

/** Switches the UI language and waits until the profile has it (the next page load starts in it). */
async function language(to: 'en' | 'ru') {
  const saved = page.waitForResponse(
    (res) => res.url().endsWith('/api/auth/me') && res.request().method() === 'PATCH',
  )
  await page.locator('.lang select').selectOption(to)
  expect((await saved).status()).toBe(200)
}

beforeAll(async () => {
  const registered = await api<{ accessToken: string }>('/api/auth/register', {
    method: 'POST',
    body: { email, password, displayName: 'Olga Organizer', language: 'en' },
  })
  expect(registered.status).toBe(201)
  token = registered.body.accessToken
  browser = await launch()
  context = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP, locale: 'en-GB', timezoneId: 'Europe/Berlin' })
  context.setDefaultTimeout(45_000)
  page = await context.newPage()
  await page.goto('/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.locator('main form button[type=submit]').click()
  await page.getByRole('button', { name: 'Log out' }).waitFor()
})

afterAll(async () => {
  await browser?.close()
})

describe('the create form', () => {
  it('stops the title at the contract limit and says so', async () => {
    await page.goto('/new')
    const input = page.getByLabel('Title')
    expect(await input.getAttribute('maxlength')).toBe(String(TITLE_MAX))
    await input.pressSequentially('x'.repeat(TITLE_MAX + 20))
    expect((await input.inputValue()).length).toBe(TITLE_MAX)
    await page.getByText(`That is the limit: ${TITLE_MAX} characters.`).waitFor()
  })

  it('shows a server failure as a friendly sentence, in English and in Russian', async () => {
    // Fastify's own 500 body, as an unexpected failure would send it.
    await page.route('**/api/events', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 500,
            contentType: 'application/json',
            body: JSON.stringify({ statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error' }),
          })
        : route.fallback(),
    )
    await page.goto('/new')
    await page.getByLabel('Title').fill(title)
    await page.getByRole('button', { name: /Create and invite/ }).click()
    const box = page.locator('.error-box')
    await box.getByText('Something went wrong on our side. Please try again.').waitFor()
    await language('ru')
    await box.getByText('У нас что-то пошло не так. Попробуйте ещё раз.').waitFor()
    expect(await page.locator('main').textContent()).not.toContain('Internal Server Error')
    await language('en')
    await page.unroute('**/api/events')
  })

  it('says a real refusal of the server in plain words too', async () => {
    const other = await api<{ id: string }>('/api/events', {
      method: 'POST',
      body: {
        title: `Called off ${run}`,
        timeZone: 'Europe/Berlin',
        timeOptions: [{ startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(), durationMinutes: 120 }],
      },
    })
    expect(other.status).toBe(201)
    await page.goto(`/events/${other.body.id}/edit`)
    await page.getByLabel('Title').fill(`Called off ${run}, really`)
    // Meanwhile (another tab, another device) the event was cancelled.
    expect((await api(`/api/events/${other.body.id}/cancel`, { method: 'POST' })).status).toBe(200)
    await page.getByRole('button', { name: 'Save changes' }).click()
    const box = page.locator('.error-box')
    await box.getByText('This event was cancelled.').waitFor()
    await language('ru')
    await box.getByText('Событие отменено.').waitFor()
    expect(await box.textContent()).not.toMatch(/The event is|clashes/)
    await language('en')
  })
})

describe('creating on a phone', () => {
  it('lands at the top of the new event, with the invite link in view', async () => {
    await page.setViewportSize(PHONE)
    await page.goto('/new')
    await page.getByLabel('Title').fill(title)
    await page
      .getByLabel(/Description/)
      .fill('Teams of four. Questions: https://quiz.example/rules\nLoser buys the first round.')
    await page.getByRole('button', { name: '+ Add a time' }).click()
    expect(await page.getByText('This time is proposed twice.').count()).toBe(0)
    for (const name of ['The Foamy Tap', 'Biergarten am See']) {
      await page.getByRole('button', { name: '+ Add a place' }).click()
      await page.locator('.place-row').last().getByLabel('Name').fill(name)
    }
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshots(page, 'organizer-form')
    await language('ru')
    await screenshots(page, 'organizer-form-ru')
    await language('en')
    await page.setViewportSize(PHONE)
    await page.getByRole('button', { name: /Create and invite/ }).click()
    await page.waitForURL(/\/events\/[0-9a-f]{24}$/)
    eventUrl = page.url()
    const link = page.getByLabel('Invite link', { exact: true })
    await link.waitFor()
    await page.waitForFunction(() => window.scrollY === 0)
    const box = (await link.boundingBox())!
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height)
    // The description's address is a link that opens safely elsewhere.
    const rules = page.locator('.event-description a')
    expect(await rules.getAttribute('href')).toBe('https://quiz.example/rules')
    expect(await rules.getAttribute('rel')).toBe('noopener noreferrer nofollow')
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshots(page, 'organizer-event')
    await language('ru')
    await screenshots(page, 'organizer-event-ru')
    await language('en')
  })
})

describe('editing a time that has votes', () => {
  it('keeps the moments on a zone change, and warns before the clock-times choice resets a vote', async () => {
    const id = eventUrl.split('/').pop()!
    const event = await api<{ version: number; timeOptions: { id: string }[] }>(`/api/events/${id}`)
    const first = event.body.timeOptions[0]!.id
    const voted = await api(`/api/votes/${id}`, {
      method: 'PUT',
      body: { choices: { [first]: 'yes' }, eventVersion: event.body.version },
    })
    expect(voted.status).toBe(200)
    await page.setViewportSize(DESKTOP)
    await page.goto(`${eventUrl}/edit`)
    const start = page.getByLabel('Starts').first()
    expect(await start.inputValue()).toBe('19:00')
    await page.getByLabel('Time zone').selectOption('Europe/Moscow')
    await page.getByText('The times stay at the same moments and are now shown in Europe/Moscow time.').waitFor()
    expect(await start.inputValue()).toBe('21:00')
    expect(await page.getByText(/answered this time/).count()).toBe(0)
    await page.getByRole('button', { name: 'Keep the clock times instead' }).click()
    expect(await start.inputValue()).toBe('19:00')
    await page.getByText('⚠️ 1 person answered this time. Changing it resets their vote, and they are told.').waitFor()
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshots(page, 'organizer-edit')
    await language('ru')
    await page.getByText(/На этот вариант ответил 1 человек/).waitFor()
    await screenshots(page, 'organizer-edit-ru')
    await language('en')
    // Not saved: the event keeps its zone and times for the next step.
  })
})

describe('deciding', () => {
  it('asks before finalizing, naming the time and place and that everyone is told', async () => {
    await page.setViewportSize(DESKTOP)
    await page.goto(eventUrl)
    // By its heading's id: the region's name changes with the language.
    const decide = page.locator('section[aria-labelledby="finalize-heading"]')
    await decide.getByRole('button', { name: /Finalize/ }).click()
    const question = decide.getByText(/^Lock in/)
    await question.waitFor()
    expect(await question.textContent()).toMatch(/at The Foamy Tap\? Everyone is told/)
    expect(await page.locator('.final-card').count()).toBe(0)
    await screenshots(page, 'organizer-finalize-confirm')
    await language('ru')
    await decide.getByText(/^Утвердить .*The Foamy Tap\? Всем придёт сообщение/).waitFor()
    await screenshots(page, 'organizer-finalize-confirm-ru')
    await language('en')
    await page.setViewportSize(DESKTOP)
    await decide.getByRole('button', { name: 'Go back' }).click()
    await decide.getByRole('button', { name: /Finalize/ }).click()
    await decide.getByRole('button', { name: /Yes, lock it in/ }).click()
    await page.locator('.final-card').waitFor({ timeout: 30_000 })
    expect(await page.locator('.final-card').textContent()).toContain('The Foamy Tap')
  })
})
