/**
 * Capacity, waitlist, remove and leave in real browsers, EN and RU: the organizer sets a capacity on
 * the form; after the finalize the first to say yes are in and the rest wait; the organizer removes
 * someone (confirmed) and the first on the waitlist is in; a guest leaves (confirmed).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launch, openPage, screenshots, seriousA11yViolations } from './browser.js'

const baseUrl = inject('baseUrl')
const run = Date.now().toString(36)
const title = `Quiz night ${run}`
let browser: Browser
let organizer: Page
let ivanPage: Page
let organizerToken = ''
let eventId = ''
let inviteToken = ''
const guests: Record<string, { id: string; token: string }> = {}

async function api<T>(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
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

/** The guest's pass as the SPA keeps it after joining by the link. */
const asGuest = (page: Page, name: string) =>
  page.addInitScript(
    ([id, pass]) => localStorage.setItem(`prost.guest.${id}`, pass!),
    [eventId, JSON.stringify({ token: guests[name]!.token, participantId: guests[name]!.id, name })],
  )

beforeAll(async () => {
  browser = await launch()
  organizer = await openPage(browser, { timezoneId: 'Europe/Berlin' })
})

afterAll(async () => {
  await browser?.close()
})

describe('capacity and waitlist', () => {
  it('the organizer sets a capacity for the event and the venue on the form', async () => {
    await organizer.goto('/signup')
    await organizer.getByLabel('Your name').fill('Olga Organizer')
    await organizer.getByLabel('Email').fill(`olga-wait-${run}@example.com`)
    await organizer.getByLabel('Password').fill('correct horse battery staple')
    await organizer.getByRole('button', { name: 'Create account' }).click()
    await organizer.getByRole('button', { name: 'Log out' }).waitFor()
    await organizer.goto('/new')
    await organizer.getByLabel('Title').fill(title)
    await organizer.getByLabel(/^Capacity/).fill('2')
    await organizer.getByRole('button', { name: '+ Add a place' }).click()
    const row = organizer.locator('.place-row').first()
    await row.getByLabel('Name').fill('The Tiny Bar')
    await row.getByLabel(/Places at this venue/).fill('6')
    expect(await seriousA11yViolations(organizer)).toEqual([])
    await screenshots(organizer, 'capacity-form')
    await organizer.getByRole('button', { name: /Create and invite/ }).click()
    await organizer.waitForURL(/\/events\/[0-9a-f]{24}$/)
    eventId = organizer.url().split('/').pop()!
    const session = JSON.parse((await organizer.evaluate(() => localStorage.getItem('prost.session')))!)
    organizerToken = session.accessToken
    const event = await api<{ capacity: number; placeOptions: { capacity: number }[]; inviteToken: string }>(
      `/api/events/${eventId}`,
      { token: organizerToken },
    )
    expect(event.json.capacity).toBe(2)
    expect(event.json.placeOptions[0]!.capacity).toBe(6)
    inviteToken = event.json.inviteToken
    await organizer.getByText('Room for 2').waitFor()
  })

  it('after the finalize the first to say yes is in and the other waits; each sees their seat (EN, RU)', async () => {
    const event = await api<{ timeOptions: { id: string }[]; placeOptions: { id: string }[] }>(
      `/api/events/${eventId}`,
      { token: organizerToken },
    )
    const choices = { [event.json.timeOptions[0]!.id]: 'yes', [event.json.placeOptions[0]!.id]: 'yes' }
    for (const name of ['Gabi', 'Ivan']) {
      const joined = await api<{ participant: { id: string }; participantToken: string }>(
        '/api/events/join',
        {
          method: 'POST',
          body: { inviteToken, displayName: name },
        },
      )
      expect(joined.status).toBe(200)
      guests[name] = { id: joined.json.participant.id, token: joined.json.participantToken }
    }
    for (const name of ['Gabi', 'Ivan']) {
      // Voting learns of the joins a moment later.
      await expect
        .poll(
          async () =>
            (
              await api(`/api/votes/${eventId}`, {
                method: 'PUT',
                token: guests[name]!.token,
                body: { choices },
              })
            ).status,
          {
            timeout: 15_000,
          },
        )
        .toBe(200)
    }
    const finalized = await api(`/api/events/${eventId}/finalize`, {
      method: 'POST',
      token: organizerToken,
      body: { timeOptionId: event.json.timeOptions[0]!.id, placeOptionId: event.json.placeOptions[0]!.id },
    })
    expect(finalized.status).toBe(200)

    await organizer.reload()
    const people = organizer.locator('section.people')
    await people.getByText('2 of 2 places taken · 1 on the waitlist').waitFor()
    await people.getByText('waitlist #1').waitFor()
    // The board follows the event a moment later (voting hears of the finalize over RabbitMQ).
    await organizer
      .locator('table')
      .first()
      .locator('tbody tr', { hasText: 'Ivan' })
      .getByText('Yes')
      .waitFor()
    expect(await seriousA11yViolations(organizer)).toEqual([])
    await screenshots(organizer, 'waitlist-organizer')

    ivanPage = await openPage(browser, { timezoneId: 'Europe/Moscow', locale: 'ru-RU' })
    await asGuest(ivanPage, 'Ivan')
    await ivanPage.goto(`/events/${eventId}`)
    await ivanPage.getByText('Вы в листе ожидания (№1)', { exact: false }).waitFor()
    await ivanPage.getByText('лист ожидания №1').waitFor()
    await ivanPage.locator('table').first().locator('tbody tr', { hasText: 'Gabi' }).getByText('Да').waitFor()
    expect(await seriousA11yViolations(ivanPage)).toEqual([])
    await screenshots(ivanPage, 'waitlist-guest-ru')
  })

  it('the organizer removes Gabi after confirming; Ivan moves up and sees it', async () => {
    const people = organizer.locator('section.people')
    await people.getByRole('button', { name: 'Remove Gabi' }).click()
    await people.getByText(/Remove Gabi\? Their votes leave the board/).waitFor()
    await screenshots(organizer, 'remove-confirm')
    await people.getByRole('button', { name: 'Yes, remove' }).click()
    await people.getByRole('heading', { name: /People \(2\)/ }).waitFor()
    await people.getByText('2 of 2 places taken').waitFor()

    await ivanPage.reload()
    await ivanPage.getByText('У вас есть место.').waitFor()
    await screenshots(ivanPage, 'moved-up-guest-ru')
  })

  it('a guest leaves after confirming (RU), and is no longer in the event', async () => {
    const people = ivanPage.locator('section.people')
    await people.getByRole('button', { name: '🚪 Покинуть встречу' }).click()
    await people.getByText(/Покинуть встречу\? Ваши голоса уйдут с доски/).waitFor()
    await screenshots(ivanPage, 'leave-confirm-ru')
    await people.getByRole('button', { name: 'Да, покинуть' }).click()
    await ivanPage.waitForURL(`${baseUrl}/`)
    await expect
      .poll(async () =>
        (
          await api<{ participants: { name: string }[] }>(`/api/events/${eventId}`, { token: organizerToken })
        ).json.participants.map((p) => p.name),
      )
      .toEqual(['Olga Organizer'])
  })
})
