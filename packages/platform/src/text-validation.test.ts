/** The contracts' text formats in the kit's validators: refused with a readable message, in every part. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Type } from '@sinclair/typebox'
import { MultiLineText, SingleLineText, TEXT_FORMATS } from '@prost/contracts'
import type { ProstServer } from './server.js'
import { bareServer } from '../test/bare-server.js'

let app: ProstServer

beforeAll(async () => {
  app = await bareServer('text-test')
  app.post(
    '/notes/:tag',
    {
      schema: {
        params: Type.Object({ tag: SingleLineText({ maxLength: 20 }) }),
        querystring: Type.Object({ q: Type.Optional(SingleLineText()) }, { additionalProperties: false }),
        body: Type.Object(
          { title: SingleLineText({ minLength: 1, pattern: '\\S' }), text: MultiLineText() },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => ({ ...request.body }),
  )
  // Ajv compiles `pattern` with the u flag: Unicode property escapes work.
  app.get(
    '/letters',
    { schema: { querystring: Type.Object({ w: Type.String({ pattern: '^\\p{L}+$' }) }) } },
    async () => ({}),
  )
  await app.ready()
})
afterAll(() => app.close())

const post = (body: unknown, url = '/notes/beer') =>
  app.inject({
    method: 'POST',
    url,
    payload: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  })

describe('text fields', () => {
  it('accept emoji, other scripts, and line feeds and tabs where lines are allowed', async () => {
    const body = { title: 'Prost 🍺 Пиво', text: 'line one\n\tline two 🍻' }
    const res = await post(body)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual(body)
  })

  for (const [name, title] of [
    ['NUL', 'a\u0000b'],
    ['a line feed', 'a\nb'],
    ['a C1 control', 'a\u0085b'],
    ['a lone surrogate', 'zz-\ud800x'],
  ] as const) {
    it(`refuse ${name} in one-line text with 400 problem+json and a sentence people can read`, async () => {
      const res = await post({ title, text: 'fine' })
      expect(res.statusCode).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.json().errors).toEqual([
        { path: '/body/title', message: TEXT_FORMATS['single-line-text'].message },
      ])
      expect(res.json().detail).toBe(`/body/title ${TEXT_FORMATS['single-line-text'].message}`)
    })
  }

  it('refuse a carriage return in multi-line text', async () => {
    const res = await post({ title: 'ok', text: 'a\r\nb' })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors).toEqual([
      { path: '/body/text', message: TEXT_FORMATS['multi-line-text'].message },
    ])
  })

  it('refuse control characters in query strings and path parameters too', async () => {
    const query = await app.inject({
      method: 'POST',
      url: '/notes/beer?q=a%00b',
      payload: { title: 'x', text: '' },
    })
    expect(query.statusCode).toBe(400)
    expect(query.json().errors).toEqual([
      { path: '/querystring/q', message: TEXT_FORMATS['single-line-text'].message },
    ])
    const param = await app.inject({ method: 'POST', url: '/notes/a%1Bb', payload: { title: 'x', text: '' } })
    expect(param.statusCode).toBe(400)
    expect(param.json().errors).toEqual([
      { path: '/params/tag', message: TEXT_FORMATS['single-line-text'].message },
    ])
  })

  it('compile patterns with the u flag', async () => {
    expect((await app.inject({ url: '/letters?w=%D0%BF%D0%B8%D0%B2%D0%BE' })).statusCode).toBe(200)
    expect((await app.inject({ url: '/letters?w=beer1' })).statusCode).toBe(400)
  })
})
