/** The Mini App gate in jsdom with Telegram's bridge faked the way the mobile clients expose it. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { render, screen, waitFor } from '@testing-library/react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createMemoryRouter, Outlet, RouterProvider } from 'react-router'
import { http, HttpResponse } from 'msw'
import type { AuthSession } from '@prost/contracts'
import { server, recordCalls } from '../test/server'
import { I18nProvider } from '../i18n/i18n'
import { getSession, setSession } from '../api/session'
import { emitEvent } from '@telegram-apps/sdk-react'
import MiniAppGate from './MiniAppGate'

const EVENT_ID = '65f0c0ffee0000000000abcd'
const user = { id: 777001, first_name: 'Ivan', language_code: 'ru' }
/** initData as current Telegram clients send it (with the Ed25519 `signature` of Bot API 8.0). */
const initData = new URLSearchParams({
  query_id: 'AAHdF6IQAAAAAN0XohDhrOrc',
  user: JSON.stringify(user),
  auth_date: String(Math.floor(Date.now() / 1000)),
  signature: 'c2lnbmF0dXJl',
  hash: 'a'.repeat(64),
}).toString()
/** …and as older clients send it, which the SDK refuses. */
const oldClientInitData = new URLSearchParams({
  user: JSON.stringify(user),
  auth_date: String(Math.floor(Date.now() / 1000)),
  hash: 'b'.repeat(64),
}).toString()

const launchHash = (startParam?: string, data = initData) =>
  '#' +
  new URLSearchParams({
    tgWebAppData: data,
    tgWebAppVersion: '8.0',
    tgWebAppPlatform: 'android',
    tgWebAppThemeParams: JSON.stringify({
      bg_color: '#17212b',
      text_color: '#f5f5f5',
      button_color: '#5288c1',
    }),
    ...(startParam ? { tgWebAppStartParam: startParam } : {}),
  }).toString()

const session: AuthSession = {
  user: {
    id: 'a'.repeat(24),
    displayName: 'Ivan',
    telegram: { id: user.id },
    role: 'user',
    timeZone: 'UTC',
    language: 'ru',
  } as AuthSession['user'],
  accessToken: 'access-token',
  accessTokenExpiresIn: 900,
  refreshToken: 'refresh-token-0123456789',
}

let postEvent: ReturnType<typeof vi.fn>

beforeEach(() => {
  postEvent = vi.fn()
  ;(window as unknown as { TelegramWebviewProxy: unknown }).TelegramWebviewProxy = { postEvent }
})

afterEach(() => {
  delete (window as unknown as { TelegramWebviewProxy?: unknown }).TelegramWebviewProxy
  sessionStorage.clear()
  window.location.hash = ''
  document.documentElement.removeAttribute('style')
})

function renderMiniApp() {
  const router = createMemoryRouter(
    [
      {
        element: (
          <MiniAppGate>
            <Outlet />
          </MiniAppGate>
        ),
        children: [
          { index: true, element: <p>start page</p> },
          { path: 'events/:id', element: <p>event page</p> },
        ],
      },
    ],
    { initialEntries: ['/'] },
  )
  render(
    <QueryClientProvider client={new QueryClient()}>
      <I18nProvider initial="en">
        <RouterProvider router={router} />
      </I18nProvider>
    </QueryClientProvider>,
  )
  return router
}

const sentEvents = () => postEvent.mock.calls.map(([name]) => name as string)

describe('MiniAppGate', () => {
  it('signs in with the raw initData, opens the startapp event, themes the page and shows BackButton', async () => {
    window.location.hash = launchHash(EVENT_ID)
    const calls = recordCalls()
    server.use(http.post('/api/auth/telegram/webapp', () => HttpResponse.json(session)))
    const router = renderMiniApp()

    expect(await screen.findByText('event page')).toBeTruthy()
    expect(router.state.location.pathname).toBe(`/events/${EVENT_ID}`)
    const signIn = calls.filter((call) => call.url === '/api/auth/telegram/webapp')
    expect(signIn).toHaveLength(1)
    expect(signIn[0]!.body).toEqual({ initData })
    expect(getSession()?.user.telegram?.id).toBe(user.id)
    expect(document.documentElement.style.getPropertyValue('--paper')).toBe('#17212b')
    expect(document.documentElement.style.getPropertyValue('color-scheme')).toBe('dark')
    await waitFor(() => expect(sentEvents()).toContain('web_app_setup_back_button'))
    const lastBackButton = postEvent.mock.calls
      .filter(([name]) => name === 'web_app_setup_back_button')
      .at(-1)
    expect(JSON.parse(lastBackButton![1] as string)).toEqual({ is_visible: true })
    expect(sentEvents()).toContain('web_app_ready')
    expect(sentEvents()).toContain('web_app_expand')

    // Telegram's back button, pressed on the first page of the Mini App, goes to the start page.
    emitEvent('back_button_pressed')
    expect(await screen.findByText('start page')).toBeTruthy()
  })

  it('stays on the start page without a startapp parameter, and hides BackButton there', async () => {
    window.location.hash = launchHash()
    server.use(http.post('/api/auth/telegram/webapp', () => HttpResponse.json(session)))
    renderMiniApp()
    expect(await screen.findByText('start page')).toBeTruthy()
    const visible = postEvent.mock.calls
      .filter(([name]) => name === 'web_app_setup_back_button')
      .map(([, data]) => JSON.parse(data as string).is_visible)
    expect(visible).not.toContain(true)
  })

  it('signs in from an older Telegram client whose initData the SDK refuses', async () => {
    window.location.hash = launchHash(EVENT_ID, oldClientInitData)
    const calls = recordCalls()
    server.use(http.post('/api/auth/telegram/webapp', () => HttpResponse.json(session)))
    renderMiniApp()
    expect(await screen.findByText('event page')).toBeTruthy()
    expect(calls.find((call) => call.url === '/api/auth/telegram/webapp')?.body).toEqual({
      initData: oldClientInitData,
    })
  })

  it('does not sign in again while this tab holds the same Telegram user', async () => {
    window.location.hash = launchHash()
    const calls = recordCalls()
    server.use(http.post('/api/auth/telegram/webapp', () => HttpResponse.json(session)))
    setSession(session)
    renderMiniApp()
    expect(await screen.findByText('start page')).toBeTruthy()
    expect(calls.filter((call) => call.url === '/api/auth/telegram/webapp')).toHaveLength(0)
  })

  it('says so when Telegram sign-in is refused, and still shows the page', async () => {
    window.location.hash = launchHash()
    server.use(
      http.post('/api/auth/telegram/webapp', () =>
        HttpResponse.json(
          {
            type: 'https://prost.dev/problems/unauthenticated',
            title: 'You need to sign in first',
            status: 401,
          },
          { status: 401, headers: { 'content-type': 'application/problem+json' } },
        ),
      ),
    )
    renderMiniApp()
    expect((await screen.findByRole('alert')).textContent).toContain('Telegram could not sign you in')
    expect(screen.getByText('start page')).toBeTruthy()
    expect(getSession()).toBeNull()
  })
})
