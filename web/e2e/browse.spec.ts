/** A guest browses and searches public events; a failed log-in reads in plain words. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { DESKTOP, launch, screenshots, seriousA11yViolations } from './browser.js'

const baseUrl = inject('baseUrl')
const word = `Zither${Date.now().toString(36)}`
let browser: Browser
let page: Page

/** A public event made through the API so this file does not depend on the other one. */
async function seedEvent() {
  const res = await fetch(`${baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `seed-${word.toLowerCase()}@example.com`,
      password: 'seed seed seed',
      displayName: 'Seed Sam',
    }),
  })
  expect(res.status).toBe(201)
  const { accessToken } = (await res.json()) as { accessToken: string }
  const start = new Date(Date.now() + 3 * 86_400_000)
  start.setUTCHours(17, 0, 0, 0)
  const created = await fetch(`${baseUrl}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({
      title: `${word} night at the Tap`,
      timeZone: 'Europe/Berlin',
      visibility: 'public',
      timeOptions: [{ startsAt: start.toISOString(), durationMinutes: 180 }],
      placeOptions: [{ name: 'The Tap Room' }],
    }),
  })
  expect(created.status).toBe(201)
}

beforeAll(async () => {
  await seedEvent()
  browser = await launch()
  page = await (await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP, locale: 'en-GB' })).newPage()
})

afterAll(async () => {
  await browser?.close()
})

describe('browsing as a guest', () => {
  it('lists public events and is accessible', async () => {
    await page.goto('/')
    await page.locator('.cards .card').first().waitFor()
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshots(page, 'browse')
  })

  it('searches by text and shows an empty state when nothing matches', async () => {
    await page.getByLabel('Search', { exact: true }).fill(word)
    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByRole('link', { name: new RegExp(`${word} night at the Tap`) }).waitFor()
    expect(await page.locator('.cards .card').count()).toBe(1)
    expect(page.url()).toContain(`q=${word}`)

    await page.getByLabel('Search', { exact: true }).fill(`${word}-nothing-like-this`)
    await page.getByLabel('Time of day').selectOption('morning')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByText('No public plans match').waitFor()
  })

  it('opens an event from the list without an account', async () => {
    await page.goto(`/?q=${word}`)
    await page.getByRole('link', { name: new RegExp(word) }).click()
    await page.getByRole('heading', { level: 1, name: new RegExp(word) }).waitFor()
    await page.getByText('Log in or sign up to join and vote.').waitFor()
  })

  it('switches to Russian', async () => {
    await page.getByLabel('Language').selectOption('ru')
    await page.getByText('Войдите или зарегистрируйтесь, чтобы голосовать.').waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru')
    await page.getByLabel('Язык').selectOption('en')
  })

  it('a wrong password reads as a plain-words error, never [object Object]', async () => {
    await page.goto('/login')
    await page.getByLabel('Email').fill(`nobody-${word.toLowerCase()}@example.com`)
    await page.getByLabel('Password').fill('not the password')
    await page.getByRole('button', { name: 'Log in' }).last().click()
    const alert = page.locator('.error-box')
    await alert.waitFor()
    const text = (await alert.textContent()) ?? ''
    expect(text.length).toBeGreaterThan(5)
    expect(text).not.toContain('[object')
    expect(text).not.toMatch(/at \w+ \(/)
  })
})
