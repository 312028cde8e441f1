/**
 * FerretDB on PostgreSQL serves equality filters from an index (scripts/stack/ferretdb-gin-indexes.sql):
 * every index the application declares, `_id` included, gets a GIN twin in the same transaction, and
 * the statement FerretDB sends for an equality (`_jsonb -> $1 @> $2`) is planned onto it. Without the
 * twins the same plan is a sequential scan of the whole table (the last test shows that). The twins
 * keep no pending list (`fastupdate = off`), which every search would otherwise read until a vacuum.
 * `browseKeys` also gets one GIN together with `placeWords`, which no declared index can hold, so the
 * listing's bucket-and-place query is one index scan of both.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MongoClient } from 'mongodb'

const run = promisify(execFile)
const postgresUrl = process.env.PROST_POSTGRES_URL
const dbName = `gin_${process.pid}_${Date.now().toString(36)}`
let client: MongoClient

async function sql(statement: string) {
  const { stdout } = await run('psql', [postgresUrl!, '-XAtqc', statement], { timeout: 20_000 })
  return stdout.trim()
}

/** FerretDB's table for a collection (its own metadata table names it). */
async function tableOf(collection: string) {
  return sql(
    `select _jsonb->>'table' from "${dbName}"._ferretdb_database_metadata where _jsonb->>'_id' = '${collection}'`,
  )
}

/** The plan of FerretDB's two pushed-down equalities, bound as FerretDB binds them (no statistics). */
async function planOfTwoEqualities(table: string, [k1, v1]: [string, string], [k2, v2]: [string, string]) {
  return sql(
    `prepare q2(text, jsonb, text, jsonb) as select _jsonb from "${dbName}"."${table}" where _jsonb -> $1 @> $2 and _jsonb -> $3 @> $4;` +
      ` explain (costs off) execute q2('${k1}', '${JSON.stringify(v1)}', '${k2}', '${JSON.stringify(v2)}')`,
  )
}

/** The plan of FerretDB's pushed-down equality, with its parameters bound as FerretDB binds them. */
async function planOfEquality(table: string, key: string, value: string) {
  return sql(
    `prepare q(text, jsonb) as select _jsonb from "${dbName}"."${table}" where _jsonb -> $1 @> $2;` +
      ` set enable_seqscan = off; explain (costs off) execute q('${key}', '${JSON.stringify(value)}')`,
  )
}

describe.skipIf(!postgresUrl)('FerretDB on PostgreSQL: GIN twins of declared indexes', () => {
  beforeAll(async () => {
    client = await MongoClient.connect(process.env.MONGODB_URL!)
    const events = client
      .db(dbName)
      .collection<{ _id: string; browseKeys: string[]; placeWords: string[]; n: number }>('events')
    await events.createIndex({ browseKeys: 1, n: -1 })
    await events.insertMany(
      Array.from({ length: 500 }, (_, i) => ({
        _id: `e${i}`,
        browseKeys: [`all|h:${i % 50}`],
        // Every place has "kneipe", one in 100 has "42".
        placeWords: ['kn', 'kneipe', ...(i % 100 === 0 ? ['42'] : [])],
        n: i,
      })),
    )
  })

  afterAll(async () => {
    await client?.db(dbName).dropDatabase()
    await client?.close()
  })

  it('gives `_id` and every key of a declared index a GIN twin, and none to other fields', async () => {
    const table = await tableOf('events')
    const twins = await sql(
      `select indexdef from pg_indexes where schemaname = '${dbName}'` +
        ` and tablename = '${table}' and indexname like 'prost_gin_%'`,
    )
    const keys = twins.split('\n').map((line) => line.replace(/^.* USING gin /, ''))
    // Without a pending list: searches do not read one that only a vacuum empties.
    expect(keys.sort()).toEqual(
      [
        "(((_jsonb -> '_id'::text)) jsonb_path_ops) WITH (fastupdate=off)",
        "(((_jsonb -> 'browseKeys'::text)) jsonb_path_ops) WITH (fastupdate=off)",
        "(((_jsonb -> 'browseKeys'::text)) jsonb_path_ops, ((_jsonb -> 'placeWords'::text)) jsonb_path_ops) WITH (fastupdate=off)",
        "(((_jsonb -> 'n'::text)) jsonb_path_ops) WITH (fastupdate=off)",
      ].sort(),
    )
  })

  it('plans FerretDB’s equality on `_id` and on an array field onto the twins, and finds the right rows', async () => {
    const table = await tableOf('events')
    expect(await planOfEquality(table, '_id', 'e42')).toMatch(/Bitmap Index Scan on prost_gin_/)
    expect(await planOfEquality(table, 'browseKeys', 'all|h:7')).toMatch(/Bitmap Index Scan on prost_gin_/)
    const events = client.db(dbName).collection<{ _id: string; browseKeys: string[] }>('events')
    expect(await events.findOne({ _id: 'e42' })).toMatchObject({ _id: 'e42' })
    const bucket = await events.find({ browseKeys: 'all|h:7' }).toArray()
    expect(bucket.map((e) => e._id).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `e${7 + 50 * i}`).sort(),
    )
  })

  it('plans a bucket and a place prefix as one scan of the GIN that holds both, and finds the right rows', async () => {
    const table = await tableOf('events')
    // One index scan with both conditions: GIN intersects them inside the scan, skipping through the
    // longer posting list, so a word every event has ("kneipe") costs what the bucket holds.
    for (const word of ['42', 'kneipe']) {
      const plan = await planOfTwoEqualities(table, ['browseKeys', 'all|h:0'], ['placeWords', word])
      expect(plan).toMatch(/Bitmap Index Scan on prost_gin_/)
      expect(plan).not.toMatch(/BitmapAnd|Filter:/)
      expect(plan).toMatch(
        /Index Cond: \(\(\(_jsonb -> 'browseKeys'::text\) @> .*\(_jsonb -> 'placeWords'::text\) @> /,
      )
    }
    const events = client.db(dbName).collection<{ _id: string }>('events')
    const found = await events.find({ browseKeys: 'all|h:0', placeWords: '42' }).toArray()
    expect(found.map((e) => e._id).sort()).toEqual(['e0', 'e100', 'e200', 'e300', 'e400'])
  })

  it('covers collections made after FerretDB started (the trigger), and only B-tree keys of FerretDB’s shape', async () => {
    const later = client.db(dbName).collection<{ _id: string }>('made_later')
    await later.insertOne({ _id: 'x' })
    const table = await tableOf('made_later')
    expect(await planOfEquality(table, '_id', 'x')).toMatch(/Bitmap Index Scan on prost_gin_/)
    // Without the twin, the very same statement can only scan the table.
    const twin = await sql(
      `select indexname from pg_indexes where schemaname = '${dbName}' and tablename = '${table}' and indexname like 'prost_gin_%'`,
    )
    await sql(`drop index "${dbName}"."${twin}"`)
    expect(await planOfEquality(table, '_id', 'x')).toMatch(/Seq Scan on/)
  })
})
