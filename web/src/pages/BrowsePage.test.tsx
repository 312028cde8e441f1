import { afterEach, describe, expect, it, vi } from 'vitest'
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createMemoryRouter, RouterProvider } from 'react-router'
import type { Language } from '@prost/contracts'
import { setSession } from '../api/session'
import { I18nProvider } from '../i18n/i18n'
import { mockFetch, testAuthSession } from '../test-render'
import BrowsePage from './BrowsePage'

const emptyPage = { 'GET /api/events': () => ({ status: 200, body: { items: [], nextCursor: null } }) }

function renderBrowse(language: Language = 'en', route = '/') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const router = createMemoryRouter([{ path: '/', element: <BrowsePage /> }], { initialEntries: [route] })
  return render(
    <QueryClientProvider client={client}>
      <I18nProvider initial={language}>
        <RouterProvider router={router} />
      </I18nProvider>
    </QueryClientProvider>,
  )
}

afterEach(() => {
  vi.unstubAllGlobals()
  setSession(null)
})

describe('BrowsePage', () => {
  it('tells a guest what Prost is, with a call to plan a meetup', () => {
    vi.stubGlobal('fetch', mockFetch(emptyPage).fetchMock)
    renderBrowse()
    const intro = screen.getByRole('region', { name: /time and a place that suits everyone/ })
    expect(intro.textContent).toMatch(/times and places/)
    expect(intro.textContent).toMatch(/yes, if need be or no/)
    expect(intro.textContent).toMatch(/who voted for what/)
    expect(intro.textContent).toMatch(/Telegram reminds everyone an hour before/)
    expect(screen.getByRole('link', { name: /Plan a meetup/ }).getAttribute('href')).toBe('/new')
    expect(screen.getByRole('heading', { level: 1 }).textContent).toMatch(/suits everyone/)
  })

  it('says it in Russian, with no English left on the page', () => {
    vi.stubGlobal('fetch', mockFetch(emptyPage).fetchMock)
    renderBrowse('ru')
    expect(screen.getByRole('region', { name: /Найдите время и место/ }).textContent).toMatch(
      /«если придётся»/,
    )
    expect(screen.getByRole('link', { name: /Запланировать встречу/ })).toBeTruthy()
    const latin = (document.body.textContent ?? '').match(/[A-Za-z]{2,}/g) ?? []
    expect(latin.filter((w) => w !== 'Telegram')).toEqual([])
  })

  it('skips the introduction for a signed-in user', () => {
    setSession(testAuthSession())
    vi.stubGlobal('fetch', mockFetch(emptyPage).fetchMock)
    renderBrowse()
    expect(screen.queryByRole('link', { name: /Plan a meetup/ })).toBeNull()
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Public plans')
  })

  it('keeps the extra filters behind "More filters" until asked, or while the link uses them', async () => {
    vi.stubGlobal('fetch', mockFetch(emptyPage).fetchMock)
    const { unmount } = renderBrowse()
    const form = screen.getByRole('search')
    const toggle = screen.getByRole('button', { name: /More filters/ })
    expect(form.className).not.toContain('is-open')
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    await userEvent.setup().click(toggle)
    expect(form.className).toContain('is-open')
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    unmount()

    renderBrowse('en', '/?timeOfDay=evening')
    expect(screen.getByRole('search').className).toContain('is-open')
    expect(screen.queryByRole('button', { name: /More filters/ })).toBeNull()
  })
})
