import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Fastify, { type FastifyInstance } from 'fastify'
import { testBackends, uniqueName } from '@prost/test-support'
import { mongo, type IndexPlan } from '../../src/mongo.js'
import { readiness } from '../../src/readiness.js'
import { problemDetails } from '../../src/problem-details.js'
import { isDuplicateKey } from '../../src/mongo-errors.js'

const dbName = uniqueName('kit_mongo')
let app: FastifyInstance

beforeAll(async () => {
  app = Fastify()
  await app.register(problemDetails)
  await app.register(readiness)
  await app.register(mongo, {
    url: testBackends().mongoUrl,
    dbName,
    indexes: { people: [{ key: { email: 1 }, name: 'email_unique', unique: true }] },
  })
  app.post<{ Body: { email: string } }>('/people', async (request, reply) => {
    await app.mongo.db.collection('people').insertOne({ email: request.body.email })
    return reply.code(201).send({ ok: true })
  })
  await app.ready()
})
afterAll(async () => {
  await app.mongo.db.dropDatabase()
  await app.close()
})

describe('mongo plugin against FerretDB', () => {
  it('ensures indexes at start', async () => {
    const indexes = await app.mongo.db.collection('people').indexes()
    expect(indexes.map((i) => i.name)).toContain('email_unique')
  })

  it('inserts, finds and updates', async () => {
    const people = app.mongo.db.collection<{ email: string; name?: string }>('people')
    const { insertedId } = await people.insertOne({ email: 'ada@example.com' })
    await people.updateOne({ _id: insertedId }, { $set: { name: 'Ada' } })
    expect(await people.findOne({ _id: insertedId })).toMatchObject({ email: 'ada@example.com', name: 'Ada' })
  })

  it('recognises a unique index violation and the error handler answers it with a 409 problem', async () => {
    const people = app.mongo.db.collection('people')
    await people.insertOne({ email: 'bob@example.com' })
    const refused = await people.insertOne({ email: 'bob@example.com' }).catch((error: unknown) => error)
    expect(isDuplicateKey(refused)).toBe(true)
    const res = await app.inject({ method: 'POST', url: '/people', payload: { email: 'bob@example.com' } })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({
      type: 'https://prost.dev/problems/already-exists',
      detail: expect.stringMatching(
        /^Another record already has the same email$|^Another record already has that value$/,
      ),
    })
    // The driver's message names the database and collection: never for clients.
    expect(res.body).not.toMatch(/E11000|kit_mongo/)
    expect(await people.countDocuments({ email: 'bob@example.com' })).toBe(1)
  })

  it('reports itself ready', async () => {
    const result = await app.readiness.evaluate()
    expect(result.status).toBe('ready')
    expect(result.checks).toEqual([expect.objectContaining({ name: `mongodb:${dbName}`, ok: true })])
  })
})

describe('ensureIndexes', () => {
  it('can run again on a database that has the indexes (a restart)', async () => {
    const { ensureIndexes } = await import('../../src/mongo.js')
    const plan: IndexPlan = {
      restart: [
        { key: { a: 1 }, name: 'a' },
        { key: { b: 1 }, name: 'b' },
        { key: { c: 1 }, name: 'c', unique: true },
      ],
    }
    await ensureIndexes(app.mongo.db, plan)
    await ensureIndexes(app.mongo.db, plan)
    const names = (await app.mongo.db.collection('restart').indexes()).map((i) => i.name)
    expect(names).toEqual(expect.arrayContaining(['a', 'b', 'c']))
    expect(await app.mongo.db.command({ ping: 1 })).toMatchObject({ ok: 1 })
  })
})
