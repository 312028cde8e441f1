import { describe, expect, it } from 'vitest'
import { build, call, registerUser } from './helper.js'

const app = await build()
const ada = await registerUser(app, { displayName: 'Ada Lovelace' })
const adam = await registerUser(app, { displayName: 'Adam Smith' })
await registerUser(app, { displayName: 'Grace Hopper' })
const anna = await registerUser(app, { displayName: 'Анна-Мария Иванова' })
const token = ada.session.accessToken

const search = async (q: string) => {
  const res = await call(app, 'GET', `/api/auth/users?q=${encodeURIComponent(q)}`, undefined, { token })
  expect(res.statusCode).toBe(200)
  return res.json<{ items: { id: string; displayName: string }[] }>().items
}
const names = async (q: string) => (await search(q)).map((u) => u.displayName).sort()

describe('GET /api/auth/users', () => {
  it('finds users by the start of any word of their name, case-insensitively', async () => {
    expect(await names('ada')).toEqual(['Ada Lovelace', 'Adam Smith'])
    expect(await names('LOVE')).toEqual(['Ada Lovelace'])
    expect(await names('ad sm')).toEqual(['Adam Smith'])
    expect(await names('мар')).toEqual(['Анна-Мария Иванова'])
    expect(await names('ovelace')).toEqual([])
  })

  it('returns only id and display name', async () => {
    const [first] = await search('adam')
    expect(first).toEqual({ id: adam.session.user.id, displayName: 'Adam Smith' })
    expect(Object.keys(first ?? {}).sort()).toEqual(['displayName', 'id'])
    expect((await search('анна'))[0]?.id).toBe(anna.session.user.id)
  })

  it('treats regex and operator characters as plain text', async () => {
    expect(await names('.*')).toEqual([])
    expect(await names('^a')).toEqual(['Ada Lovelace', 'Adam Smith'])
    expect(await names('$where')).toEqual([])
  })

  it('returns at most 20', async () => {
    await Promise.all(
      Array.from({ length: 21 }, (_, i) => registerUser(app, { displayName: `Crowd Member ${i}` })),
    )
    expect(await search('crowd')).toHaveLength(20)
  })

  it('refuses a missing or over-long query, unknown parameters and operator objects', async () => {
    for (const query of ['', '?q=', `?q=${'a'.repeat(81)}`, '?q=ada&role=admin', '?q[$gt]=']) {
      const res = await call(app, 'GET', `/api/auth/users${query}`, undefined, { token })
      expect(res.statusCode, query).toBe(400)
    }
  })

  it('is for signed-in users only', async () => {
    expect((await call(app, 'GET', '/api/auth/users?q=ada')).statusCode).toBe(401)
  })
})
