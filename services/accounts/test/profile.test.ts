import { describe, expect, it } from 'vitest'
import type { AuthSession, User } from '@prost/contracts'
import { build, call, decodeJwt, refresh, registerUser } from './helper.js'

const app = await build()

describe('PATCH /api/auth/me', () => {
  it('changes display name, time zone and language; later tokens carry the new name', async () => {
    const { session } = await registerUser(app, { displayName: 'Old Name' })
    const res = await call(
      app,
      'PATCH',
      '/api/auth/me',
      { displayName: '  New   Name ', timeZone: 'america/new_york', language: 'ru' },
      { token: session.accessToken },
    )
    expect(res.statusCode).toBe(200)
    expect(res.json<User>()).toMatchObject({
      displayName: 'New Name',
      timeZone: 'America/New_York',
      language: 'ru',
    })

    const renewed = (await refresh(app, session.refreshToken)).json<AuthSession>()
    expect(decodeJwt(renewed.accessToken).name).toBe('New Name')
    expect(renewed.user.displayName).toBe('New Name')
  })

  it('changes one field and leaves the others', async () => {
    const { session } = await registerUser(app, { timeZone: 'Europe/Moscow', language: 'ru' })
    const res = await call(
      app,
      'PATCH',
      '/api/auth/me',
      { displayName: 'Only Name' },
      { token: session.accessToken },
    )
    expect(res.json<User>()).toMatchObject({
      displayName: 'Only Name',
      timeZone: 'Europe/Moscow',
      language: 'ru',
    })
  })

  it('refuses an empty change, unknown fields, unknown zones and languages, and blank names', async () => {
    const { session } = await registerUser(app)
    for (const body of [
      {},
      { role: 'admin' },
      { email: 'new@example.com' },
      { timeZone: 'Mars/Olympus' },
      { timeZone: '+01:00' },
      { language: 'de' },
      { displayName: ' \t ' },
      { displayName: 'x'.repeat(81) },
      { displayName: { $set: 'x' } },
    ]) {
      const res = await call(app, 'PATCH', '/api/auth/me', body, { token: session.accessToken })
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
    }
    const me = await call(app, 'GET', '/api/auth/me', undefined, { token: session.accessToken })
    expect(me.json<User>()).toMatchObject({ displayName: 'Test User', role: 'user', timeZone: 'UTC' })
  })
})
