import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Type } from '@sinclair/typebox'
import type { ProstServer } from './server.js'
import { bareServer } from '../test/bare-server.js'
import { HttpProblem } from './problems.js'

let app: ProstServer

beforeAll(async () => {
  app = await bareServer('kit-test')
  app.post(
    '/things',
    {
      schema: {
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 100 }), count: Type.Integer({ minimum: 0 }) },
          { additionalProperties: false },
        ),
        querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: {
          201: Type.Object({ name: Type.String(), count: Type.Integer(), dryRun: Type.Boolean() }),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send({ ...request.body, dryRun: request.query.dryRun ?? false }),
  )
  app.get('/boom', async () => {
    throw new Error('database password is hunter2')
  })
  app.get('/teapot', async () => {
    throw new HttpProblem('conflict', 'The keg is already tapped')
  })
  await app.ready()
})
afterAll(() => app.close())

const post = (payload: unknown, url = '/things') =>
  app.inject({
    method: 'POST',
    url,
    payload: payload as string,
    headers: { 'content-type': 'application/json' },
  })

describe('kit-level validation and problem+json', () => {
  it('accepts a valid body and coerces query text', async () => {
    const res = await post({ name: 'Pils', count: 2 }, '/things?dryRun=true')
    expect(res.statusCode).toBe(201)
    expect(res.json()).toEqual({ name: 'Pils', count: 2, dryRun: true })
    expect(res.headers['x-request-id']).toBeTruthy()
  })

  it('rejects unknown fields instead of dropping them', async () => {
    const res = await post({ name: 'Pils', count: 2, isAdmin: true })
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toContain('application/problem+json')
    const body = res.json()
    expect(body.type).toBe('https://prost.dev/problems/validation')
    expect(body.errors[0]).toEqual({ path: '/body/isAdmin', message: 'is not a known field' })
  })

  it('rejects wrong types without coercing them', async () => {
    const res = await post({ name: 'Pils', count: '2' })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors[0].path).toBe('/body/count')
  })

  it('rejects Mongo operators where a value belongs', async () => {
    const res = await post({ name: { $gt: '' }, count: 1 })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors[0].path).toBe('/body/name')
  })

  it('rejects prototype pollution keys', async () => {
    const res = await post('{"name":"x","count":1,"__proto__":{"admin":true}}')
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toContain('application/problem+json')
  })

  it('answers 413 to a 10 MB body', async () => {
    const res = await post(JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024), count: 1 }))
    expect(res.statusCode).toBe(413)
    expect(res.json().type).toBe('https://prost.dev/problems/payload-too-large')
  })

  it('answers 400 to broken JSON and 415 to a wrong content type', async () => {
    expect((await post('{"name": ')).statusCode).toBe(400)
    const res = await app.inject({
      method: 'POST',
      url: '/things',
      payload: 'name=x',
      headers: { 'content-type': 'text/csv' },
    })
    expect(res.statusCode).toBe(415)
    expect(res.json().status).toBe(415)
  })

  it('answers unknown routes with a 404 problem', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope?x=1' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({
      type: 'https://prost.dev/problems/not-found',
      status: 404,
      instance: '/nope',
    })
  })

  it('never sends 5xx details', async () => {
    const res = await app.inject({ method: 'GET', url: '/boom' })
    expect(res.statusCode).toBe(500)
    expect(res.body).not.toContain('hunter2')
    expect(res.json().requestId).toBe(res.headers['x-request-id'])
  })

  it('sends thrown problems with their detail', async () => {
    const res = await app.inject({ method: 'GET', url: '/teapot' })
    expect(res.statusCode).toBe(409)
    expect(res.json().detail).toBe('The keg is already tapped')
  })

  it('serves liveness and the OpenAPI document', async () => {
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok', service: 'kit-test' })
    const spec = (await app.inject({ url: '/docs/json' })).json()
    expect(Object.keys(spec.paths)).toContain('/things')
  })
})
