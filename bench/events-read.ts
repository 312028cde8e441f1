/**
 * Event listing: uncached GET /api/events p99 per filter shape at 1k vs 100k public events. Seeds straight into the database
 * (the documents the service itself would write). Prints figures; never fails on speed. (The cached
 * GET /api/events/:id rows are in bench/event-read-cache.ts, measured through HAProxy and processes.)
 *   npx tsx bench/events-read.ts [largeCount=100000] [pagesPerShape=10]
 */
import autocannon from 'autocannon'
import { MongoClient } from 'mongodb'
import { createServer, loadConfig } from '@prost/platform'
import { eventsApp } from '../services/events/src/app.js'
import { EventsConfigSchema } from '../services/events/src/config.js'
import { createEventDoc } from '../services/events/src/events/event-rules.js'
import { markBrowseKeysCurrent } from '../services/events/src/events/browse-backfill.js'
import { report, ratio } from './report.js'

const [largeCount = 100_000, pagesPerShape = 10] = process.argv.slice(2).map(Number)
const suffix = `${process.pid}_${Date.now()}`

/**
 * Event i starts on day 1 + i % 300 from now, at hour (day + ⌊i / 300⌋) % 12 from now's: 3,600 (day,
 * hour) slots, ~28 events each at 100k. (Until stop 22 the hour was i % 12, which 300 divides: every
 * event of a day started at the same instant, 334 of them at 100k, so the finest bucket could not
 * split them. Until stop 27 it was ⌊i / 300⌋ % 12: at 1,000 events every start fell in the 4 hours
 * after now's, at 10,000 in 12, so a time-of-day filter found none at 1,000 and a page at 10,000 at
 * some hours of the day, and the row compared an empty page with a full one.)
 */
function seedDoc(i: number) {
  const day = 86_400_000
  const dayIndex = 1 + (i % 300)
  const hour = (dayIndex + Math.floor(i / 300)) % 12
  const start = new Date(Date.now() + dayIndex * day + hour * 3600_000)
  return createEventDoc(
    {
      title: `Stammtisch number ${i} ${i % 10 === 0 ? 'quiz' : 'beer'}`,
      description: 'Seeded for the benchmark',
      timeZone: 'Europe/Berlin',
      visibility: 'public',
      timeOptions: [{ startsAt: start.toISOString() }],
      placeOptions: [{ name: `Kneipe ${i % 500}`, address: 'Berlin' }],
    },
    { id: '64b000000000000000000001', name: 'Bench' },
    new Date(),
  )
}

async function seed(dbName: string, count: number) {
  const client = await MongoClient.connect(process.env.MONGODB_URL!)
  const events = client.db(dbName).collection('events')
  const ids: string[] = []
  for (let offset = 0; offset < count; offset += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - offset) }, (_, k) => seedDoc(offset + k))
    await events.insertMany(batch)
    if (ids.length < 200) ids.push(...batch.slice(0, 200 - ids.length).map((d) => d._id.toHexString()))
  }
  // Seeded with this version's derived fields: the service has nothing to backfill at start.
  await markBrowseKeysCurrent(client.db(dbName))
  await client.close()
  return ids
}

async function service(dbName: string, cacheEnabled: boolean) {
  const config = loadConfig(EventsConfigSchema, {
    ...process.env,
    MONGODB_DB: dbName,
    CACHE_ENABLED: String(cacheEnabled),
    RATE_LIMIT_MAX: '100000000',
    LOG_LEVEL: 'error',
    PORT: '0',
  })
  const app = await createServer({ name: 'events', config, metrics: false, logger: false })
  await app.register(eventsApp, { config })
  await app.listen({ host: '127.0.0.1', port: 0 })
  return { app, url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` }
}

async function main() {
  // Listing/search latency at 1k vs a large collection; filtered queries are not cached.
  const db1k = `bench_events_1k_${suffix}`
  await seed(db1k, 1000)
  console.log(`events bench: seeding ${largeCount.toLocaleString('en')} events for the listing ...`)
  const dbLarge = `bench_events_large_${suffix}`
  await seed(dbLarge, largeCount)
  const small = await service(db1k, false)
  const large = await service(dbLarge, false)
  console.log('events bench: uncached listings (cache off), one row per filter shape ...')
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
  const shapes: [string, string][] = [
    ['browse', '/api/events?limit=20'],
    ['date range', `/api/events?from=${day(30)}&to=${day(60)}&limit=20`],
    ['time of day', '/api/events?timeOfDay=evening&limit=20'],
    ['text', '/api/events?q=quiz&limit=20'],
    ['place', '/api/events?place=kneipe%2042&limit=20'],
    ['combination', `/api/events?q=quiz&timeOfDay=evening&from=${day(30)}&to=${day(90)}&limit=20`],
  ]
  // A fixed number of sequential requests per shape: each one is a page read from the store (with
  // 5 in --quick, the p99 is the slowest of them).
  const p99 = async (url: string, path: string) => {
    const result = await autocannon({
      url,
      connections: 1,
      amount: pagesPerShape,
      timeout: 300,
      requests: [{ method: 'GET', path }],
    })
    if (result.non2xx > 0 || result.errors > 0)
      console.error(`  ! ${result.non2xx} non-2xx, ${result.errors} errors on ${path}`)
    return result.latency.p99
  }
  // One unmeasured request per shape and service first: the first request to a service opens its
  // store connections and reads the new database's catalog, and the first of each shape compiles its
  // code path; with 5 requests in --quick either would be that shape's p99 (browse, measured first,
  // read 2.53× once for it, and 2.62× later with only the connection warmed).
  for (const s of [small, large]) {
    for (const [, path] of shapes) {
      const warmUp = await fetch(`${s.url}${path}`)
      await warmUp.arrayBuffer()
      if (!warmUp.ok) throw new Error(`warm-up listing ${path}: HTTP ${warmUp.status}`)
    }
  }
  for (const [shape, path] of shapes) {
    const smallP99 = await p99(small.url, path)
    const largeP99 = await p99(large.url, path)
    report({
      figure: `uncached listing p99, ${shape}, at ${largeCount.toLocaleString('en')} events`,
      value: largeP99,
      unit: 'ms',
      baseline: { name: 'p99 at 1,000 events', value: smallP99 },
      target: '≤ 2× the 1k figure',
      pass: ratio(largeP99, smallP99) <= 2,
    })
  }

  for (const s of [small, large]) await s.app.close()
  const client = await MongoClient.connect(process.env.MONGODB_URL!)
  for (const name of [db1k, dbLarge]) await client.db(name).dropDatabase()
  await client.close()
}

await main()
