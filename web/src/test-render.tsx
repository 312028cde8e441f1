/** Renders a component with the app's providers (fresh query client, English unless told, memory router). */
import type { ReactNode } from 'react'
import { render } from '@testing-library/react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createMemoryRouter, RouterProvider } from 'react-router'
import type { Language } from '@prost/contracts'
import { I18nProvider } from './i18n/i18n'

export function renderWithApp(
  ui: ReactNode,
  { path = '/', route = '/', language = 'en' }: { path?: string; route?: string; language?: Language } = {},
) {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  })
  const router = createMemoryRouter(
    [
      { path, element: ui },
      { path: '*', element: <p>elsewhere</p> },
    ],
    { initialEntries: [route] },
  )
  return {
    client,
    router,
    ...render(
      <QueryClientProvider client={client}>
        <I18nProvider initial={language}>
          <RouterProvider router={router} />
        </I18nProvider>
      </QueryClientProvider>,
    ),
  }
}

/** A fetch mock answering by "METHOD path" with JSON or problem+json. */
export function mockFetch(routes: Record<string, (body: unknown) => { status: number; body?: unknown }>) {
  const calls: { method: string; url: string; body: unknown; headers: Record<string, string> }[] = []
  const fetchMock = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input)
    const method = init.method ?? 'GET'
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body
    calls.push({ method, url, body, headers: (init.headers ?? {}) as Record<string, string> })
    const key = Object.keys(routes).find((k) => {
      const [m, p] = k.split(' ')
      return m === method && url.split('?')[0] === p
    })
    const answer = key
      ? routes[key]!(body)
      : { status: 404, body: { type: 'about:blank', title: 'Not found', status: 404 } }
    const problem = answer.status >= 400
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': problem ? 'application/problem+json' : 'application/json' },
    })
  }
  return { fetchMock, calls }
}

/** A signed-in user as the accounts service returns it. */
export const testUser = {
  id: 'a'.repeat(24),
  displayName: 'Ada',
  role: 'user',
  timeZone: 'UTC',
  language: 'en',
  disabled: false,
  createdAt: '2030-01-01T00:00:00Z',
} as const

/** An AuthSession (login/refresh answer) for `user`. */
export const testAuthSession = (
  accessToken = 'acc',
  refreshToken = 'refresh-token-123456',
  user: { id: string; displayName: string } = testUser,
) => ({ user: { ...testUser, ...user }, accessToken, accessTokenExpiresIn: 900, refreshToken })
