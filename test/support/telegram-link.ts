/**
 * Linking Telegram the way a person does it: the SPA asks notifications for a link token
 * (`POST /api/telegram/link`), and the person sends `/start <token>` to the bot in their private chat
 * (whose id is their Telegram id). Resolves once the bot has confirmed it.
 */
import { expect, vi } from 'vitest'
import type { FakeTelegram, TelegramUserJson } from './fake-telegram.js'
import { call } from './json-call.js'

export async function linkTelegramByStart(
  base: string,
  fake: FakeTelegram,
  accessToken: string,
  user: TelegramUserJson,
) {
  const link = await call<{ deepLink: string }>(base, 'POST', '/api/telegram/link', { token: accessToken })
  expect(link.status, link.text).toBe(200)
  const token = new URL(link.json.deepLink).searchParams.get('start')!
  const before = fake.to(user.id).length
  await fake.client.say(
    { id: user.id, type: 'private', first_name: user.first_name },
    user,
    `/start ${token}`,
  )
  // "🍺 Cheers! Telegram is linked…" / "🍺 Прозит! Telegram привязан…"
  await vi.waitFor(
    () =>
      expect(
        fake
          .to(user.id)
          .slice(before)
          .map((m) => m.text)
          .join('\n'),
      ).toMatch(/^🍺/m),
    {
      timeout: 20_000,
      interval: 50,
    },
  )
}
