/**
 * Issue 16 in a real browser through HAProxy: the create form's privacy choices (private by
 * default, what public means), a participant who has not voted on a hideResults event sees
 * "results appear after you vote" and gets the results live once they vote, the organizer sees the
 * best combination with its scores, and finalizing a time everyone rejected asks a second time.
 * Screenshots in English and Russian, desktop and phone.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { Event } from '@prost/contracts'
import { launch, openPage, screenshots, seriousA11yViolations } from './browser.js'

const baseUrl = inject('baseUrl')
const run = Date.now().toString(36)
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()
let browser: Browser
let organizer: Page
let friend: Page
let event: Event
const tokens: Record<'olga' | 'fred', string> = { olga: '', fred: '' }

async function api<T>(path: string, token: string, body?: unknown, method = body ? 'POST' : 'GET') {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T }
}

async function register(who: 'olga' | 'fred', displayName: string) {
  const email = `privacy-${who}-${run}@example.com`
  const res = await fetch(`${baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'privacy privacy', displayName, language: 'en' }),
  })
  expect(res.status).toBe(201)
  tokens[who] = ((await res.json()) as { accessToken: string }).accessToken
  return email
}

async function logIn(page: Page, email: string) {
  await page.goto('/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('privacy privacy')
  await page.locator('main form button[type=submit]').click()
  await page.getByRole('button', { name: 'Log out' }).waitFor()
}

/** Switches the UI language through the header's picker and waits until the profile has it. */
async function language(page: Page, to: 'en' | 'ru') {
  const saved = page.waitForResponse(
    (res) => res.url().endsWith('/api/auth/me') && res.request().method() === 'PATCH',
  )
  await page.locator('.lang select').selectOption(to)
  expect((await saved).status()).toBe(200)
}

beforeAll(async () => {
  const olgaEmail = await register('olga', 'Olga Organizer')
  const fredEmail = await register('fred', 'Fred Friend')
  browser = await launch()
  organizer = await openPage(browser, { timezoneId: 'Europe/Berlin' })
  friend = await openPage(browser, { timezoneId: 'Europe/Berlin' })
  await logIn(organizer, olgaEmail)
  await logIn(friend, fredEmail)
})

afterAll(async () => {
  await browser?.close()
})

describe('privacy per event and the finalize guard', () => {
  it('the create form starts private, says what public means, and offers vote privacy', async () => {
    await organizer.goto('/new')
    expect(await organizer.getByRole('radio', { name: /^Private/ }).isChecked()).toBe(true)
    await organizer
      .getByText('Public: listed in Browse and search for anyone, even without an account')
      .waitFor()
    await organizer.getByRole('checkbox', { name: /Hide results until you have voted/ }).check()
    expect(await seriousA11yViolations(organizer)).toEqual([])
    await screenshots(organizer, 'privacy-form')
    await language(organizer, 'ru')
    await organizer.getByText('Открытое: видно в афише и поиске всем, даже без аккаунта').waitFor()
    await screenshots(organizer, 'privacy-form-ru')
    await language(organizer, 'en')
  })

  it('a participant who has not voted sees "results appear after you vote", then the results live once they vote', async () => {
    const created = await api<Event>('/api/events', tokens.olga, {
      title: `Secret ballot ${run}`,
      timeZone: 'Europe/Berlin',
      hideResults: true,
      timeOptions: [{ startsAt: inDays(8) }, { startsAt: inDays(9) }],
      placeOptions: [{ name: 'The Foamy Tap' }, { name: 'Biergarten am See' }],
    })
    expect(created.status).toBe(201)
    event = created.body
    expect(event.visibility).toBe('private')
    expect((await api('/api/events/join', tokens.fred, { inviteToken: event.inviteToken })).status).toBe(200)
    const [t0, t1] = event.timeOptions.map((o) => o.id) as [string, string]
    const [p0, p1] = event.placeOptions.map((o) => o.id) as [string, string]
    const olgaVote = await api(
      `/api/votes/${event.id}`,
      tokens.olga,
      { choices: { [t0]: 'no', [t1]: 'yes', [p0]: 'yes', [p1]: 'maybe' } },
      'PUT',
    )
    expect(olgaVote.status).toBe(200)

    await friend.goto(`/events/${event.id}`)
    await friend.getByText(/Results appear after you vote/).waitFor()
    await friend.locator('.live-live').waitFor()
    expect(await friend.getByRole('heading', { name: /Best combination/ }).count()).toBe(0)
    await screenshots(friend, 'privacy-results-hidden')
    await language(friend, 'ru')
    await friend.getByText(/Результаты появятся, когда вы проголосуете/).waitFor()
    await screenshots(friend, 'privacy-results-hidden-ru')
    await language(friend, 'en')

    // Fred says no to the first time and yes to the second: his own ballot brings the results.
    await friend.getByRole('radiogroup').first().getByRole('radio', { name: 'No', exact: true }).click()
    await friend.getByRole('radiogroup').nth(1).getByRole('radio', { name: 'Yes', exact: true }).click()
    await friend.getByText('Your votes are saved.').waitFor()
    await friend.getByRole('heading', { name: /Best combination/ }).waitFor({ timeout: 30_000 })
    expect(await friend.getByText(/Results appear after you vote/).count()).toBe(0)
  })

  it('the organizer sees the best combination and must confirm a time everyone rejected', async () => {
    await organizer.goto(`/events/${event.id}`)
    const best = organizer.locator('section.best-combination')
    await best.getByText(/^Score 3 \(yes = 1, if need be = ½\): time 2 \(2 yes/).waitFor({ timeout: 30_000 })
    const decide = organizer.locator('section[aria-labelledby="finalize-heading"]')
    await decide.getByLabel('Time').selectOption(event.timeOptions[0]!.id)
    await decide.getByRole('button', { name: /Finalize/ }).click()
    await decide.getByRole('button', { name: /Yes, lock it in/ }).click()
    await decide.getByText('Everyone who answered said no to this time. Finalize it anyway?').waitFor()
    expect(await seriousA11yViolations(organizer)).toEqual([])
    await screenshots(organizer, 'finalize-guard')
    await language(organizer, 'ru')
    await decide.getByText('Все, кто ответил, сказали «нет» на это время. Всё равно утвердить?').waitFor()
    await screenshots(organizer, 'finalize-guard-ru')
    await decide.getByRole('button', { name: 'Всё равно утвердить' }).click()
    await organizer.getByText('Решено! 🍻').waitFor()
    await language(organizer, 'en')
    const final = await api<Event>(`/api/events/${event.id}`, tokens.olga)
    expect(final.body).toMatchObject({
      status: 'finalized',
      final: { timeOptionId: event.timeOptions[0]!.id },
    })
  })
})
