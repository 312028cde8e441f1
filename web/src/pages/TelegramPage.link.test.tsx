/** Linking Telegram tells the notifications service the profile language: the bot's first message is in it. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { screen } from '@testing-library/react'
import TelegramPage from './TelegramPage'
import { setSession } from '../api/session'
import { mockFetch, renderWithApp, testAuthSession } from '../test-render'

afterEach(() => {
  vi.unstubAllGlobals()
  setSession(null)
})

describe('Connect Telegram', () => {
  it('tells the bot the profile language, so its first message is in it', async () => {
    setSession({ ...testAuthSession(), user: { ...testAuthSession().user, language: 'ru' } })
    const api = mockFetch({
      'GET /api/notifications/me': () => ({
        status: 200,
        body: { linked: false, linkedAt: null, dryRun: false, upcoming: [], dryRunMessages: [] },
      }),
      'POST /api/telegram/link': () => ({
        status: 201,
        body: { deepLink: 'https://t.me/ProstBot?start=abc', expiresAt: '2026-12-02T20:00:00.000Z' },
      }),
      'PUT /api/notifications/me/language': () => ({ status: 204 }),
    })
    vi.stubGlobal('fetch', api.fetchMock)
    renderWithApp(<TelegramPage />, { language: 'ru' })
    ;(await screen.findByRole('button', { name: /Telegram/ }, { timeout: 5000 })).click()
    await vi.waitFor(() =>
      expect(api.calls.find((c) => c.method === 'PUT')).toMatchObject({
        url: expect.stringContaining('/api/notifications/me/language'),
        body: { language: 'ru' },
      }),
    )
  })
})
