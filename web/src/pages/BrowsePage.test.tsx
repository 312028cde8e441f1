import { beforeEach, describe, expect, it } from 'vitest'
import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import type { Language } from '@prost/contracts'
import { signIn } from '../test/fixtures'
import { renderWithApp } from '../test/render'
import { server } from '../test/server'
import BrowsePage from './BrowsePage'

const renderBrowse = (language: Language = 'en', route = '/') =>
  renderWithApp(<BrowsePage />, { route, language })

beforeEach(() => {
  server.use(http.get('/api/events', () => HttpResponse.json({ items: [], nextCursor: null })))
})

describe('BrowsePage', () => {
  it('tells a guest what Prost is, with a call to plan a meetup', () => {
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
    renderBrowse('ru')
    expect(screen.getByRole('region', { name: /Найдите время и место/ }).textContent).toMatch(
      /«если придётся»/,
    )
    expect(screen.getByRole('link', { name: /Запланировать встречу/ })).toBeTruthy()
    const latin = (document.body.textContent ?? '').match(/[A-Za-z]{2,}/g) ?? []
    expect(latin.filter((w) => w !== 'Telegram')).toEqual([])
  })

  it('skips the introduction for a signed-in user', () => {
    signIn()
    renderBrowse()
    expect(screen.queryByRole('link', { name: /Plan a meetup/ })).toBeNull()
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Public plans')
  })

  it('keeps the extra filters behind "More filters" until asked, or while the link uses them', async () => {
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
