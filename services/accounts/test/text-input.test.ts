/**
 * Names, passwords and search terms with characters the store cannot keep are refused with 400
 * problem+json saying why (a NUL in a display name answered 500: PostgreSQL behind FerretDB refuses
 * it), and nothing is written. Valid text, emoji included, round-trips.
 */
import { describe, expect, it } from 'vitest'
import { TEXT_FORMATS, type AuthSession, type User } from '@prost/contracts'
import { build, call, newEmail, PASSWORD, registerUser } from './helper.js'

const app = await build()
const ONE_LINE = TEXT_FORMATS['single-line-text'].message
const BAD = {
  NUL: 'a\u0000b',
  'line feed': 'a\nb',
  escape: 'a\u001b[2Jb',
  DEL: 'a\u007fb',
  'C1 control': 'a\u0085b',
  'line separator': 'a\u2028b',
  'lone surrogate': 'zz-\ud800x',
}

describe('text in accounts', () => {
  for (const [name, text] of Object.entries(BAD)) {
    it(`refuses ${name} in a display name or new password, and writes nothing`, async () => {
      const email = newEmail('text')
      for (const [field, body] of [
        ['displayName', { email, password: PASSWORD, displayName: text }],
        ['password', { email, password: `${PASSWORD}${text}`, displayName: 'Fine' }],
      ] as const) {
        const res = await call(app, 'POST', '/api/auth/register', body)
        expect(res.statusCode, field).toBe(400)
        expect(res.headers['content-type']).toContain('application/problem+json')
        expect(res.json().errors).toEqual([{ path: `/body/${field}`, message: ONE_LINE }])
      }
      // Nothing was written: the address is still free.
      const free = await call(app, 'POST', '/api/auth/register', {
        email,
        password: PASSWORD,
        displayName: 'Fine',
      })
      expect(free.statusCode).toBe(201)

      const { session } = await registerUser(app, { displayName: 'Before' })
      const patched = await call(
        app,
        'PATCH',
        '/api/auth/me',
        { displayName: text },
        { token: session.accessToken },
      )
      expect(patched.statusCode).toBe(400)
      expect(patched.json().errors).toEqual([{ path: '/body/displayName', message: ONE_LINE }])
      const me = await call(app, 'GET', '/api/auth/me', undefined, { token: session.accessToken })
      expect(me.json<User>().displayName).toBe('Before')
    })
  }

  it('refuses control characters in a user search', async () => {
    const { session } = await registerUser(app)
    for (const q of ['a%00b', '%1B', 'ab%C2%85']) {
      const res = await call(app, 'GET', `/api/auth/users?q=${q}`, undefined, { token: session.accessToken })
      expect(res.statusCode, q).toBe(400)
      expect(res.json().errors).toEqual([{ path: '/querystring/q', message: ONE_LINE }])
    }
  })

  it('keeps emoji and other scripts in a display name, as sent', async () => {
    const displayName = 'Анна 🍺 Müller مرحبا'
    const res = await call(app, 'POST', '/api/auth/register', {
      email: newEmail('emoji'),
      password: PASSWORD,
      displayName,
    })
    expect(res.statusCode).toBe(201)
    const session = res.json<AuthSession>()
    expect(session.user.displayName).toBe(displayName)
    const me = await call(app, 'GET', '/api/auth/me', undefined, { token: session.accessToken })
    expect(me.json<User>().displayName).toBe(displayName)
  })
})
