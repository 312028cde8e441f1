/** The whole product in two browsers: create, invite, join as a guest, vote live, finalize. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launch, openPage, screenshots, seriousA11yViolations } from './browser.js'

const run = Date.now().toString(36)
const title = `Pints ${run}`
let browser: Browser
let organizer: Page
let guest: Page
let eventUrl = ''
let inviteUrl = ''

/** The cell of `who` in the first time option column of the times grid. */
const timeCell = (page: Page, who: string) =>
  page
    .locator('table')
    .first()
    .locator('tbody tr', { has: page.locator('th', { hasText: who }) })
    .locator('td')
    .first()

beforeAll(async () => {
  browser = await launch()
  organizer = await openPage(browser, { timezoneId: 'Europe/Berlin' })
  guest = await openPage(browser, { timezoneId: 'Europe/Berlin' })
})

afterAll(async () => {
  await browser?.close()
})

describe('organizer and guest agree on a time and a place', () => {
  it('organizer signs up', async () => {
    await organizer.goto('/signup')
    await organizer.getByLabel('Your name').fill('Olga Organizer')
    await organizer.getByLabel('Email').fill(`olga-${run}@example.com`)
    await organizer.getByLabel('Password').fill('correct horse battery staple')
    await organizer.getByRole('button', { name: 'Create account' }).click()
    await organizer.getByRole('button', { name: 'Log out' }).waitFor()
  })

  it('shows a readable error for a bad form input', async () => {
    await organizer.goto('/new')
    await organizer.getByRole('button', { name: /Create and invite/ }).click()
    await expect(organizer.getByText('Please fill this in.').first().isVisible()).resolves.toBe(true)
    expect(await organizer.getByLabel('Title').getAttribute('aria-invalid')).toBe('true')
  })

  it('creates an event with 3 times and 2 places (create page is accessible)', async () => {
    await organizer.goto('/new')
    await organizer.getByLabel('Title').fill(title)
    await organizer.getByLabel(/Description/).fill('Friday pints, then maybe a kebab.')
    // The default row is tomorrow 19:00; "same time on" adds the two days after.
    const chips = organizer.getByRole('group', { name: 'Same time on:' }).getByRole('button')
    await chips.first().click()
    await chips.nth(1).click()
    expect(await organizer.locator('.time-row').count()).toBe(3)
    for (const [i, place] of [
      [
        '0',
        {
          name: 'The Foamy Tap',
          address: 'Main St 1',
          map: 'https://www.openstreetmap.org/?mlat=52.5&mlon=13.4',
        },
      ],
      ['1', { name: 'Biergarten am See', address: '', map: '' }],
    ] as const) {
      await organizer.getByRole('button', { name: '+ Add a place' }).click()
      const row = organizer.locator('.place-row').nth(Number(i))
      await row.getByLabel('Name').fill(place.name)
      if (place.address) await row.getByLabel(/Address/).fill(place.address)
      if (place.map) await row.getByLabel(/Map link/).fill(place.map)
    }
    await organizer.locator('.map-preview').waitFor()
    expect(await seriousA11yViolations(organizer)).toEqual([])
    await screenshots(organizer, 'create')
    await organizer.getByRole('button', { name: /Create and invite/ }).click()
    await organizer.waitForURL(/\/events\/[0-9a-f]{24}$/)
    eventUrl = organizer.url()
    inviteUrl = await organizer.getByLabel('Invite link', { exact: true }).inputValue()
    expect(inviteUrl).toMatch(/\/join\/[A-Za-z0-9_-]+$/)
    await organizer.locator('.live-live').waitFor()
  })

  it('a friend joins by the invite link with just a name', async () => {
    await guest.goto(inviteUrl)
    await guest.getByLabel('Your name').fill('Gabi Guest')
    await guest.getByRole('button', { name: 'Join' }).click()
    await guest.waitForURL(eventUrl)
    await guest.locator('.my-row').first().waitFor()
    await guest.locator('.live-live').waitFor()
  })

  it('both vote and each sees the other live, without reloading', async () => {
    // Organizer uses the mouse; the guest votes with the keyboard only.
    await organizer.getByRole('radiogroup').first().getByRole('radio', { name: /Yes/ }).click()
    const guestFirst = guest.getByRole('radiogroup').first()
    await guestFirst.getByRole('radio').first().focus()
    await guest.keyboard.press('m')
    await guest.keyboard.press('Tab')
    await guest.keyboard.press('y')
    expect(await guestFirst.getByRole('radio', { name: /If need be/ }).getAttribute('aria-checked')).toBe(
      'true',
    )
    await guest.getByText('Your votes are saved.').waitFor()

    await timeCell(organizer, 'Gabi Guest').getByText('If need be').waitFor({ timeout: 30_000 })
    await timeCell(guest, 'Olga Organizer').getByText('Yes').waitFor({ timeout: 30_000 })
    // Places too: the organizer says yes to the second place, the guest sees it arrive.
    await organizer.getByRole('radiogroup').nth(4).getByRole('radio', { name: /Yes/ }).click()
    await guest
      .locator('table')
      .nth(1)
      .locator('tbody tr', { hasText: 'Olga Organizer' })
      .locator('td')
      .nth(1)
      .getByText('Yes')
      .waitFor({ timeout: 30_000 })
    await organizer.getByText('Your votes are saved.').waitFor()
  })

  it('a comment reaches the other browser live, its time on the reader’s clock', async () => {
    const text = `First round on me ${run}`
    await guest.getByPlaceholder('Write a comment').fill(text)
    await guest.getByRole('button', { name: 'Send' }).click()
    // Pushed over the board's WebSocket: far sooner than the 2-minute fallback poll would show it.
    const seen = organizer.getByRole('listitem').filter({ hasText: text })
    await seen.waitFor({ timeout: 10_000 })
    expect(await seen.textContent()).toContain('your time')
  })

  it('the vote board is accessible', async () => {
    expect(await seriousA11yViolations(organizer)).toEqual([])
    await screenshots(organizer, 'vote-board')
    await screenshots(guest, 'vote-board-guest')
  })

  it('organizer finalizes with the best preselected; both see the final card', async () => {
    const finalize = organizer.getByRole('region', { name: /Decide/ })
    expect(await finalize.getByLabel('Place').locator('option:checked').textContent()).toContain(
      'Biergarten am See',
    )
    await finalize.getByRole('button', { name: /Finalize/ }).click()
    await finalize.getByRole('button', { name: /Yes, lock it in/ }).click()
    for (const page of [organizer, guest]) {
      const card = page.locator('.final-card')
      await card.waitFor({ timeout: 30_000 })
      expect(await card.textContent()).toContain('Biergarten am See')
      await card.getByRole('button', { name: /Add to calendar/ }).waitFor()
    }
    await screenshots(guest, 'final-card')
  })
})

describe('plans change', () => {
  it('organizer moves the meetup to another time; both see the new time live, in the event’s zone', async () => {
    const move = organizer.getByRole('region', { name: /Move the meetup/ })
    const before = await guest.locator('.final-card time.when-event').getAttribute('datetime')
    const other = await move.getByLabel('Time').locator('option:not(:checked)').first().getAttribute('value')
    await move.getByLabel('Time').selectOption(other!)
    // The panel spells the chosen option out: the instant it stands for, worded in the event's zone.
    const chosen = move.locator('.finalize-when time.when-event')
    const startsAt = (await chosen.getAttribute('datetime'))!
    const wording = (await chosen.textContent())!
    expect(Date.parse(startsAt)).not.toBe(Date.parse(before!))
    // The times were made as "tomorrow 19:00" and the same time on the next days, in Berlin.
    expect(wording).toMatch(/^\w{3} \d{1,2} \w{3}, 19:00–22:00 Berlin time$/)
    await move.getByRole('button', { name: 'Move it' }).click()
    await move.getByRole('button', { name: 'Yes, move it' }).click()
    for (const page of [guest, organizer]) {
      await page.waitForFunction(
        (iso) => document.querySelector('.final-card time.when-event')?.getAttribute('datetime') === iso,
        startsAt,
        { timeout: 30_000 },
      )
      const shown = page.locator('.final-card time.when-event')
      expect(await shown.textContent()).toBe(wording)
      expect(await shown.getAttribute('title')).toBe('Time zone of the event: Europe/Berlin')
    }
  })

  it('organizer calls it off after confirming; the guest sees it cancelled', async () => {
    const callOff = organizer.getByRole('region', { name: /Call it off/ })
    await callOff.getByRole('button', { name: 'Cancel this event' }).click()
    await callOff.getByRole('button', { name: 'Yes, cancel it for everyone' }).click()
    for (const page of [organizer, guest])
      await page.getByText('This plan was cancelled').waitFor({ timeout: 30_000 })
  })
})
