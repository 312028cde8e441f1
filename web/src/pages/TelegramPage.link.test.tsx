/** Linking Telegram tells the notifications service the profile language: the bot's first message is in it. */
import { describe, expect, it, vi } from 'vitest'
import { screen } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import TelegramPage from './TelegramPage'
import { signIn } from '../test/fixtures'
import { renderWithApp } from '../test/render'
import { recordCalls, server } from '../test/server'

describe('Connect Telegram', () => {
  it('tells the bot the profile language, so its first message is in it', async () => {
    signIn({ language: 'ru' })
    const calls = recordCalls()
    server.use(
      http.get('/api/notifications/me', () =>
        HttpResponse.json({ linked: false, linkedAt: null, dryRun: false, upcoming: [], dryRunMessages: [] }),
      ),
      http.post('/api/telegram/link', () =>
        HttpResponse.json(
          { deepLink: 'https://t.me/ProstBot?start=abc', expiresAt: '2026-12-02T20:00:00.000Z' },
          { status: 201 },
        ),
      ),
      http.put('/api/notifications/me/language', () => new HttpResponse(null, { status: 204 })),
    )
    renderWithApp(<TelegramPage />, { language: 'ru' })
    ;(await screen.findByRole('button', { name: /Telegram/ }, { timeout: 5000 })).click()
    await vi.waitFor(() =>
      expect(calls.find((c) => c.method === 'PUT')).toMatchObject({
        url: expect.stringContaining('/api/notifications/me/language'),
        body: { language: 'ru' },
      }),
    )
  })
})
