/** My plans (and Browse, same cards): a card's time names the event's zone and the viewer's clock (issue 12). */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { screen } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import type { EventSummary } from '@prost/contracts'
import MyEventsPage from './MyEventsPage'
import { signIn } from '../test/fixtures'
import { renderWithApp } from '../test/render'
import { server } from '../test/server'
import { zonedToInstant } from '../time/zoned-time'

const summary = (id: string, over: Partial<EventSummary>): EventSummary => ({
  id: id.repeat(24),
  title: 'Pints',
  timeZone: 'Europe/Moscow',
  status: 'polling',
  startsAt: zonedToInstant('2026-12-10', '19:00', 'Europe/Moscow'),
  placeName: null,
  timeOptionCount: 2,
  placeOptionCount: 1,
  participantCount: 3,
  hasCover: false,
  ...over,
})

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('MyEventsPage cards', () => {
  it('show the event zone’s clock, named, and the viewer’s own clock and day', async () => {
    vi.stubEnv('TZ', 'America/Los_Angeles')
    signIn()
    const items = [
      summary('1', { title: 'Still voting' }),
      summary('2', {
        title: 'Decided',
        status: 'finalized',
        placeName: 'The Tap',
        startsAt: zonedToInstant('2026-12-11', '02:00', 'Europe/Moscow'),
      }),
    ]
    server.use(http.get('/api/events/mine', () => HttpResponse.json({ items })))
    renderWithApp(<MyEventsPage />)
    const voting = (await screen.findByRole('heading', { name: 'Still voting' }, { timeout: 5000 })).closest(
      'li',
    )!
    expect(voting.querySelector('.when')!.textContent).toBe('Thu 10 Dec, 19:00 Moscow time · 08:00 your time')
    expect(voting.textContent).toContain('First option: Thu 10 Dec')
    const decided = screen.getByRole('heading', { name: 'Decided' }).closest('li')!
    expect(decided.querySelector('.when')!.textContent).toBe(
      'Fri 11 Dec, 02:00 Moscow time · Thu 10 Dec, 15:00 your time',
    )
    expect(decided.querySelector('time')!.getAttribute('datetime')).toBe(items[1]!.startsAt)
  })
})
