/** The calendar feed panel: the secret URL only when asked for, and a new one replacing it. */
import { describe, expect, it } from 'vitest'
import { fireEvent, screen } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { CalendarFeedPanel } from './CalendarFeedPanel'
import { signIn } from '../test/fixtures'
import { renderWithApp } from '../test/render'
import { server } from '../test/server'

const feed = (token: string) => ({
  httpsUrl: `https://prost.example/api/events/calendar/${token}.ics`,
  webcalUrl: `webcal://prost.example/api/events/calendar/${token}.ics`,
  rotatedAt: '2030-07-01T00:00:00.000Z',
})

describe('CalendarFeedPanel', () => {
  it('shows the feed URL and the webcal link when asked, and a new URL after rotating', async () => {
    signIn()
    server.use(
      http.get('/api/events/calendar/feed', () => HttpResponse.json(feed('a'.repeat(43)))),
      http.post('/api/events/calendar/feed/rotate', () => HttpResponse.json(feed('b'.repeat(43)))),
    )
    renderWithApp(<CalendarFeedPanel />, { language: 'ru' })
    expect(screen.queryByLabelText('Ссылка на календарь (https)')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Показать ссылку на календарь' }))
    const field = await screen.findByLabelText<HTMLInputElement>('Ссылка на календарь (https)')
    expect(field.value).toBe(feed('a'.repeat(43)).httpsUrl)
    expect(screen.getByRole('link', { name: /Открыть в календаре/ }).getAttribute('href')).toBe(
      feed('a'.repeat(43)).webcalUrl,
    )
    fireEvent.click(screen.getByRole('button', { name: /Создать новую ссылку/ }))
    await screen.findByText(/старая больше не работает/)
    expect(field.value).toBe(feed('b'.repeat(43)).httpsUrl)
  })
})
