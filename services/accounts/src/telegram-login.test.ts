import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { TelegramLogin } from '@prost/contracts'
import { checkTelegramLogin, dataCheckString, MAX_AUTH_AGE_SECONDS } from './telegram-login.js'

const BOT_TOKEN = '123456789:AAE-test-token-for-unit-tests'
const NOW_MS = Date.UTC(2025, 5, 1, 12, 0, 0)
const now = Math.floor(NOW_MS / 1000)

/** Signs as Telegram does, written out independently of the code under test. */
function signed(fields: Omit<TelegramLogin, 'hash'>, token = BOT_TOKEN): TelegramLogin {
  const lines = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${String(value)}`)
    .sort()
    .join('\n')
  const secret = createHash('sha256').update(token).digest()
  return { ...fields, hash: createHmac('sha256', secret).update(lines).digest('hex') }
}

const fields = { id: 42, first_name: 'Ada', last_name: 'Lovelace', username: 'ada', auth_date: now }

describe('checkTelegramLogin', () => {
  it('builds the data-check-string from the sorted fields without hash', () => {
    expect(dataCheckString({ username: 'ada', id: 42, hash: 'x', auth_date: 7, first_name: 'Ada' })).toBe(
      'auth_date=7\nfirst_name=Ada\nid=42\nusername=ada',
    )
  })

  it('accepts a payload signed with the bot token', () => {
    expect(checkTelegramLogin(signed(fields), BOT_TOKEN, NOW_MS)).toEqual({ ok: true })
    expect(
      checkTelegramLogin(signed({ id: 7, first_name: 'Bo', auth_date: now }), BOT_TOKEN, NOW_MS),
    ).toEqual({ ok: true })
  })

  it('refuses a changed field, another bot and a made-up hash', () => {
    expect(checkTelegramLogin({ ...signed(fields), id: 43 }, BOT_TOKEN, NOW_MS)).toEqual({
      ok: false,
      reason: 'bad-hash',
    })
    expect(checkTelegramLogin(signed(fields, '999:other-bot'), BOT_TOKEN, NOW_MS)).toEqual({
      ok: false,
      reason: 'bad-hash',
    })
    expect(checkTelegramLogin({ ...fields, hash: 'ab'.repeat(32) }, BOT_TOKEN, NOW_MS)).toEqual({
      ok: false,
      reason: 'bad-hash',
    })
  })

  it('refuses a login older than a day, and one from the future', () => {
    const old = signed({ ...fields, auth_date: now - MAX_AUTH_AGE_SECONDS - 1 })
    expect(checkTelegramLogin(old, BOT_TOKEN, NOW_MS)).toEqual({ ok: false, reason: 'expired' })
    const almostOld = signed({ ...fields, auth_date: now - MAX_AUTH_AGE_SECONDS + 60 })
    expect(checkTelegramLogin(almostOld, BOT_TOKEN, NOW_MS)).toEqual({ ok: true })
    const future = signed({ ...fields, auth_date: now + 3600 })
    expect(checkTelegramLogin(future, BOT_TOKEN, NOW_MS)).toEqual({ ok: false, reason: 'from-the-future' })
  })
})
