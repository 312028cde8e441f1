/** Invite links in real browsers: the plan before the form, a returning guest, a taken name, a dead link; EN and RU. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launch, openPage, screenshots, seriousA11yViolations } from './browser.js'

const baseUrl = inject('baseUrl')
const run = Date.now().toString(36)
const title = `Invite pints ${run}`
let browser: Browser
let anna: Page
let other: Page
let organizerToken = ''
let eventId = ''
let inviteUrl = ''

async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<{ status: number; json: T }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  })
  return { status: res.status, json: (await res.json()) as T }
}

const participantNames = async () =>
  (
    await api<{ participants: { name: string }[] }>(`/api/events/${eventId}`, { token: organizerToken })
  ).json.participants.map((p) => p.name)

/** An organizer in Berlin with an event of two evenings and two places, made through the API. */
async function seedEvent() {
  const registered = await api<{ accessToken: string }>('/api/auth/register', {
    method: 'POST',
    body: {
      email: `invite-${run}@example.com`,
      password: 'correct horse battery staple',
      displayName: 'Olga Organizer',
    },
  })
  expect(registered.status).toBe(201)
  organizerToken = registered.json.accessToken
  const evening = (days: number) => {
    const d = new Date(Date.now() + days * 86_400_000)
    d.setUTCHours(17, 0, 0, 0)
    return d.toISOString()
  }
  const created = await api<{ id: string; inviteToken: string }>('/api/events', {
    method: 'POST',
    token: organizerToken,
    body: {
      title,
      description: 'Friday pints, then maybe a kebab.',
      timeZone: 'Europe/Berlin',
      timeOptions: [
        { startsAt: evening(3), durationMinutes: 180 },
        { startsAt: evening(4), durationMinutes: 180 },
      ],
      placeOptions: [
        {
          name: 'The Foamy Tap',
          address: 'Main St 1',
          mapUrl: 'https://www.openstreetmap.org/?mlat=52.5&mlon=13.4',
        },
        { name: 'Biergarten am See' },
      ],
    },
  })
  expect(created.status).toBe(201)
  eventId = created.json.id
  inviteUrl = `${baseUrl}/join/${created.json.inviteToken}`
}

beforeAll(async () => {
  await seedEvent()
  browser = await launch()
  // Anna is in Los Angeles, so her page shows the Berlin time and hers.
  anna = await openPage(browser, { timezoneId: 'America/Los_Angeles' })
  other = await openPage(browser, { timezoneId: 'Europe/Berlin' })
})

afterAll(async () => {
  await browser?.close()
})

describe('an invite link', () => {
  it('shows the plan, its zone and the map links before asking for a name', async () => {
    await anna.goto(inviteUrl)
    await anna.getByRole('heading', { level: 1, name: title }).waitFor()
    await anna.getByText('Olga Organizer invites you').waitFor()
    const times = anna.getByRole('region', { name: 'Proposed times' })
    const text = (await times.textContent()) ?? ''
    // Each option on the event's clock with its zone named, and on Anna's own clock (nine hours behind).
    expect(text).toMatch(/\d\d:\d\d–\d\d:\d\d Berlin time · \d\d:\d\d–\d\d:\d\d your time/)
    const map = anna.getByRole('link', { name: 'Map of The Foamy Tap (opens in a new tab)' })
    expect(await map.getAttribute('href')).toBe('https://www.openstreetmap.org/?mlat=52.5&mlon=13.4')
    const form = anna.getByRole('form', { name: /Tell your friends/ })
    const [timesBox, formBox] = [await times.boundingBox(), await form.boundingBox()]
    expect(formBox!.y).toBeGreaterThan(timesBox!.y)
    expect(await seriousA11yViolations(anna)).toEqual([])
    await screenshots(anna, 'invite-preview')
  })

  it('lets Anna join with just a name', async () => {
    await anna.getByLabel('Your name').fill('Anna')
    await anna.getByRole('button', { name: 'Join' }).click()
    await anna.waitForURL(`${baseUrl}/events/${eventId}`)
    expect(await participantNames()).toEqual(['Olga Organizer', 'Anna'])
  })

  it('recognises Anna when she opens the link again, and adds no second Anna', async () => {
    await anna.goto(inviteUrl)
    await anna.getByText('You joined as Anna.').waitFor()
    expect(await anna.getByLabel('Your name').count()).toBe(0)
    expect(await seriousA11yViolations(anna)).toEqual([])
    await screenshots(anna, 'invite-returning')
    await anna.getByRole('link', { name: 'Open the event' }).click()
    await anna.waitForURL(`${baseUrl}/events/${eventId}`)
    expect(await participantNames()).toEqual(['Olga Organizer', 'Anna'])
  })

  it('warns another browser that "anna " is taken and does not hand out Anna’s place', async () => {
    await other.goto(inviteUrl)
    await other.getByLabel('Your name').fill('anna ')
    await other.getByRole('button', { name: 'Join' }).click()
    await other.getByText('Someone in this plan is already called “anna”.').waitFor()
    await other.getByRole('button', { name: 'That’s me' }).click()
    await other.getByText(/Open the invite link on the phone or in the browser you joined with/).waitFor()
    expect(other.url()).toBe(inviteUrl)
    expect(await other.evaluate((id) => localStorage.getItem(`prost.guest.${id}`), eventId)).toBeNull()
    expect(await seriousA11yViolations(other)).toEqual([])
    await screenshots(other, 'invite-name-taken')
    expect(await participantNames()).toEqual(['Olga Organizer', 'Anna'])
  })

  it('shows a made-up link as dead on arrival, without the form', async () => {
    await other.goto('/join/made-up-link-0123456789')
    await other.getByRole('heading', { name: 'This invite link doesn’t work anymore' }).waitFor()
    expect(await other.getByLabel('Your name').count()).toBe(0)
    expect(await seriousA11yViolations(other)).toEqual([])
    await screenshots(other, 'invite-dead-link')
  })
})

describe('in Russian', () => {
  let page: Page
  beforeAll(async () => {
    page = await openPage(browser, { locale: 'ru-RU', timezoneId: 'Europe/Moscow' })
  })

  it('shows the preview, the taken name and the dead link in Russian', async () => {
    await page.goto(inviteUrl)
    await page.getByText('Olga Organizer приглашает вас').waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru')
    await screenshots(page, 'invite-preview-ru')
    await page.getByLabel('Ваше имя').fill('ÁNNA')
    await page.getByRole('button', { name: 'Присоединиться' }).click()
    await page.getByText('В этом плане уже есть участник «ÁNNA».').waitFor()
    await page.getByRole('button', { name: 'Это я' }).click()
    await screenshots(page, 'invite-name-taken-ru')
    await page.goto('/join/made-up-link-0123456789')
    await page.getByRole('heading', { name: 'Эта ссылка-приглашение больше не работает' }).waitFor()
    await screenshots(page, 'invite-dead-link-ru')
    expect(await participantNames()).toEqual(['Olga Organizer', 'Anna'])
  })
})
