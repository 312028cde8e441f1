/**
 * The SPA as a Telegram Mini App: the page is opened the way Telegram opens it (launch parameters in
 * the URL hash, initData signed with the bot token, the `TelegramWebviewProxy` bridge of the mobile
 * clients), signs in without a form, lands on the event named by `startapp`, takes Telegram's theme,
 * shows Telegram's BackButton, and votes. In English with a light Telegram theme and in Russian with
 * a night theme, screenshots at desktop and phone width.
 */
import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launch, openPage, screenshots, seriousA11yViolations } from './browser.js'

const botToken = inject('telegramBotToken')
const baseUrl = inject('baseUrl')
const run = Date.now().toString(36)
let browser: Browser
let eventId = ''
let organizerToken = ''

const LIGHT = {
  bg_color: '#ffffff',
  secondary_bg_color: '#efeff4',
  text_color: '#000000',
  hint_color: '#8e8e93',
  subtitle_text_color: '#6d6d72',
  link_color: '#007aff',
  button_color: '#007aff',
  button_text_color: '#ffffff',
  section_separator_color: '#c8c7cc',
}
const NIGHT = {
  bg_color: '#17212b',
  secondary_bg_color: '#232e3c',
  text_color: '#f5f5f5',
  hint_color: '#708499',
  link_color: '#6ab3f3',
  button_color: '#5288c1',
  button_text_color: '#ffffff',
  accent_text_color: '#6ab2f2',
  section_separator_color: '#111921',
}

/** initData as Telegram builds it: sorted key=value lines, HMAC-SHA-256 keyed with HMAC("WebAppData", token). */
function signedInitData(user: Record<string, unknown>): string {
  const fields: Record<string, string> = {
    auth_date: String(Math.floor(Date.now() / 1000)),
    query_id: `AAH${run}`,
    // Telegram clients since Bot API 8.0 add an Ed25519 signature for third parties; it is signed too.
    signature: 'dGVzdC1zaWduYXR1cmU',
    user: JSON.stringify(user),
  }
  const check = Object.keys(fields)
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join('\n')
  const key = createHmac('sha256', 'WebAppData').update(botToken).digest()
  return new URLSearchParams({
    ...fields,
    hash: createHmac('sha256', key).update(check).digest('hex'),
  }).toString()
}

/** The URL Telegram opens for `t.me/<bot>?startapp=<eventId>`: launch parameters in the hash. */
function miniAppUrl(
  user: Record<string, unknown>,
  theme: Record<string, string>,
  platform = 'android',
  startParam = eventId,
  /** Telegram says so when the bot has inline mode on (BotFather /setinline), as Prost's bot has. */
  botInline = false,
) {
  const hash = new URLSearchParams({
    tgWebAppData: signedInitData(user),
    tgWebAppVersion: '8.0',
    tgWebAppPlatform: platform,
    tgWebAppThemeParams: JSON.stringify(theme),
    tgWebAppStartParam: startParam,
    ...(botInline ? { tgWebAppBotInline: '1' } : {}),
  })
  return `/#${hash}`
}

/** A page whose window has Telegram's bridge: every postEvent is recorded in window.__tg. */
async function telegramPage(locale: string): Promise<Page> {
  const page = await openPage(browser, { locale, timezoneId: 'Europe/Moscow' })
  await page.addInitScript(() => {
    const calls: [string, unknown][] = []
    Object.assign(window, {
      __tg: calls,
      TelegramWebviewProxy: {
        postEvent: (name: string, data?: string) => calls.push([name, data ? JSON.parse(data) : undefined]),
      },
    })
  })
  return page
}

const bridgeCalls = (page: Page) =>
  page.evaluate(() => (window as unknown as { __tg: [string, unknown][] }).__tg)

async function api<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

beforeAll(async () => {
  if (!botToken) return
  browser = await launch()
  const organizer = await api<{ accessToken: string }>('POST', '/api/auth/register', {
    email: `mini-app-${run}@example.com`,
    password: 'correct horse battery staple',
    displayName: 'Olga Organizer',
  })
  organizerToken = organizer.accessToken
  const day = 86_400_000
  const event = await api<{ id: string }>(
    'POST',
    '/api/events',
    {
      title: `Mini App pints ${run}`,
      timeZone: 'Europe/Moscow',
      visibility: 'public',
      timeOptions: [
        { startsAt: new Date(Date.now() + 3 * day).toISOString() },
        { startsAt: new Date(Date.now() + 4 * day).toISOString() },
      ],
      placeOptions: [{ name: 'Punk Fiction', address: 'Ulitsa 1' }, { name: 'Rule Taproom' }],
    },
    organizerToken,
  )
  eventId = event.id
})

afterAll(async () => {
  await browser?.close()
})

describe.skipIf(!botToken)('Prost as a Telegram Mini App', () => {
  for (const { language, locale, theme, user, join, yes, screenshot } of [
    {
      language: 'en',
      locale: 'en-GB',
      theme: LIGHT,
      user: {
        id: 880_000_000 + Math.floor(Math.random() * 1e6),
        first_name: 'Ivy',
        last_name: 'Tg',
        language_code: 'en',
      },
      join: 'Join',
      yes: /Yes/,
      screenshot: 'mini-app-en',
    },
    {
      language: 'ru',
      locale: 'ru-RU',
      theme: NIGHT,
      user: { id: 890_000_000 + Math.floor(Math.random() * 1e6), first_name: 'Иван', language_code: 'ru' },
      join: 'Присоединиться',
      yes: /Да/,
      screenshot: 'mini-app-ru',
    },
  ] as const) {
    it(`opens the startapp event signed in, themed and in ${language}, and votes`, async () => {
      const page = await telegramPage(locale)
      await page.goto(miniAppUrl(user, theme))
      await page.waitForURL(new RegExp(`/events/${eventId}$`))
      await page.getByRole('heading', { name: `Mini App pints ${run}` }).waitFor()
      // Signed in as the Telegram user, in their Telegram language, with no login form.
      const session = await page.evaluate(() => JSON.parse(localStorage.getItem('prost.session') ?? 'null'))
      expect(session.user).toMatchObject({ telegram: { id: user.id }, language })
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(language)
      // Telegram's colours on the page's own variables.
      const paper = await page.evaluate(() => document.documentElement.style.getPropertyValue('--paper'))
      expect(paper).toBe(theme.bg_color)
      // Telegram was told the page is ready, to expand, and to show its BackButton on this inner page.
      await expect
        .poll(async () =>
          (await bridgeCalls(page)).map(([name, data]) => `${name}:${JSON.stringify(data ?? null)}`),
        )
        .toEqual(
          expect.arrayContaining([
            'web_app_ready:null',
            'web_app_expand:null',
            'web_app_setup_back_button:{"is_visible":true}',
          ]),
        )

      await page.getByRole('button', { name: join }).click()
      await page.getByRole('radiogroup').first().getByRole('radio', { name: yes }).click()
      // The vote reached the board as that Telegram user.
      await expect
        .poll(async () => {
          const board = await api<unknown>('GET', `/api/votes/${eventId}`, undefined, organizerToken)
          return JSON.stringify(board)
        })
        .toContain(user.first_name)
      expect(await seriousA11yViolations(page)).toEqual([])

      // Works at 360 px, the narrowest common phone: nothing wider than the screen.
      await page.setViewportSize({ width: 360, height: 740 })
      await page.waitForFunction(() => window.innerWidth === 360)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
      await screenshots(page, screenshot)

      // Telegram's BackButton leaves the event for the start page (the Mini App's first page).
      await page.evaluate(() =>
        (
          window as unknown as {
            Telegram: { WebView: { receiveEvent: (name: string, data?: unknown) => void } }
          }
        ).Telegram.WebView.receiveEvent('back_button_pressed'),
      )
      await page.waitForURL((url) => url.pathname === '/')
      await page.context().close()
    })
  }

  for (const { language, locale, theme, user, coming, comingList, share, screenshot } of [
    {
      language: 'en',
      locale: 'en-GB',
      theme: LIGHT,
      user: { id: 870_000_000 + Math.floor(Math.random() * 1e6), first_name: 'Tom', language_code: 'en' },
      coming: /I’m coming/,
      comingList: 'Coming',
      share: 'Share to a Telegram group',
      screenshot: 'mini-app-rsvp-en',
    },
    {
      language: 'ru',
      locale: 'ru-RU',
      theme: NIGHT,
      user: { id: 860_000_000 + Math.floor(Math.random() * 1e6), first_name: 'Тимур', language_code: 'ru' },
      coming: /Приду/,
      comingList: 'Придут',
      share: 'Поделиться в группе Telegram',
      screenshot: 'mini-app-rsvp-ru',
    },
  ] as const) {
    it(`an organizer inside Telegram shares a poll into a group and answers RSVP (${language})`, async () => {
      // The organizer came through the Mini App: their account is their Telegram identity.
      const session = await api<{ accessToken: string }>('POST', '/api/auth/telegram/webapp', {
        initData: signedInitData(user),
      })
      const day = 86_400_000
      const newEvent = (title: string) =>
        api<{ id: string; timeOptions: { id: string }[]; placeOptions: { id: string }[] }>(
          'POST',
          '/api/events',
          {
            title,
            timeZone: 'Europe/Moscow',
            visibility: 'private',
            timeOptions: [{ startsAt: new Date(Date.now() + 2 * day).toISOString() }],
            placeOptions: [{ name: 'Rule Taproom' }],
          },
          session.accessToken,
        )
      const polling = await newEvent(`Share pints ${language} ${run}`)
      const decided = await newEvent(`Decided pints ${language} ${run}`)
      await api(
        'POST',
        `/api/events/${decided.id}/finalize`,
        {
          timeOptionId: decided.timeOptions[0]!.id,
          placeOptionId: decided.placeOptions[0]!.id,
        },
        session.accessToken,
      )

      const page = await telegramPage(locale)
      // This stack's accounts knows the bot token but no bot username (its login page must not load
      // Telegram's widget from the internet); a deployment with a bot names it here, as the share needs.
      await page.route('**/api/auth/providers', async (route) => {
        const real = await route.fetch()
        const body = (await real.json()) as Record<string, unknown>
        await route.fulfill({ response: real, json: { ...body, telegram: { botUsername: 'ProstE2eBot' } } })
      })
      await page.goto(miniAppUrl(user, theme, 'ios', polling.id, true))
      await page.getByRole('heading', { name: `Share pints ${language} ${run}` }).waitFor()
      await page.getByRole('button', { name: share }).click()
      // In Telegram the share is the client's own chat picker with `@bot <title>` typed in.
      await expect
        .poll(async () =>
          (await bridgeCalls(page)).filter(([name]) => name === 'web_app_switch_inline_query'),
        )
        .toEqual([
          [
            'web_app_switch_inline_query',
            { query: `Share pints ${language} ${run}`, chat_types: ['groups'] },
          ],
        ])

      await page.goto(miniAppUrl(user, theme, 'ios', decided.id))
      await page.getByRole('heading', { name: `Decided pints ${language} ${run}` }).waitFor()
      await page.getByRole('button', { name: coming }).click()
      await expect
        .poll(async () => {
          const event = await api<{ participants: { name: string; rsvp?: string }[] }>(
            'GET',
            `/api/events/${decided.id}`,
            undefined,
            session.accessToken,
          )
          return event.participants.map((p) => `${p.name}:${p.rsvp ?? '-'}`)
        })
        .toEqual([`${user.first_name}:coming`])
      await page.getByRole('button', { name: coming, pressed: true }).waitFor()
      await page.getByText(comingList, { exact: false }).first().waitFor()
      expect(await seriousA11yViolations(page)).toEqual([])
      await screenshots(page, screenshot)
      await page.context().close()
    })
  }

  it('leaves a normal visit alone: no Telegram code, the usual login link', async () => {
    const page = await openPage(browser)
    const scripts: string[] = []
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(request.url())
    })
    await page.goto('/')
    await page.getByRole('link', { name: 'Log in' }).waitFor()
    expect(scripts.some((url) => url.includes('MiniAppGate'))).toBe(false)
    await page.context().close()
  })
})
