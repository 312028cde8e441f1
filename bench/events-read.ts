/**
 * Event reads (issue 3): GET /api/events/:id with a warm cache vs the cache switched off vs a bare
 * Fastify route returning constant JSON, all measured in this run with autocannon; and the search
 * listing at 1k vs 100k public events. Seeds straight into the database (the documents the service
 * itself would write). Prints figures; never fails on speed.
 *   npx tsx bench/events-read.ts [seconds=8] [largeCount=100000]
 */
import autocannon from 'autocannon'
import { MongoClient } from 'mongodb'
import { createServer, loadConfig } from '@prost/platform'
import { eventsApp } from '../services/events/src/app.js'
import { EventsConfigSchema } from '../services/events/src/config.js'
import { createEventDoc } from '../services/events/src/events/event-rules.js'
import { report, ratio } from './report.js'

const [seconds = 8, largeCount = 100_000] = process.argv.slice(2).map(Number)
const suffix = `${process.pid}_${Date.now()}`

function seedDoc(i: number) {
  const day = 86_400_000
  const start = new Date(Date.now() + (1 + (i % 300)) * day + (i % 12) * 3600_000)
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

async function bareRoute() {
  const config = loadConfig(EventsConfigSchema, { ...process.env, PORT: '0' })
  const app = await createServer({ name: 'bare', config, metrics: false, logger: false })
  const body = { id: '64b000000000000000000001', title: 'Constant', status: 'polling' }
  app.get('/bare', async () => body)
  await app.listen({ host: '127.0.0.1', port: 0 })
  return { app, url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` }
}

async function load(url: string, paths: string[]) {
  const result = await autocannon({
    url,
    connections: 20,
    duration: seconds,
    requests: paths.map((path) => ({ method: 'GET', path })),
  })
  if (result.non2xx > 0 || result.errors > 0) console.error(`  ! ${result.non2xx} non-2xx, ${result.errors} errors on ${paths[0]}`)
  return result
}

async function main() {
  console.log(`events bench: seeding 10,000 events, then ${seconds} s per measurement`)
  const db10k = `bench_events_10k_${suffix}`
  const ids = await seed(db10k, 10_000)
  const paths = ids.slice(0, 100).map((id) => `/api/events/${id}`)

  const bare = await bareRoute()
  const warm = await service(db10k, true)
  const cold = await service(db10k, false)
  await load(warm.url, paths) // warm the cache (and the JIT)
  const bareRps = (await load(bare.url, ['/bare'])).requests.average
  const warmRps = (await load(warm.url, paths)).requests.average
  const coldRps = (await load(cold.url, paths)).requests.average
  report({ figure: 'GET /api/events/:id, cache warm', value: warmRps, unit: 'req/s', baseline: { name: 'cache off', value: coldRps }, target: '≥ 3× cache off', pass: ratio(warmRps, coldRps) >= 3 })
  report({ figure: 'GET /api/events/:id, cache warm vs bare route', value: warmRps, unit: 'req/s', baseline: { name: 'bare Fastify route', value: bareRps }, target: '≥ 0.6× bare route', pass: ratio(warmRps, bareRps) >= 0.6 })

  // Listing/search latency at 1k vs a large collection; filtered queries are not cached.
  const db1k = `bench_events_1k_${suffix}`
  await seed(db1k, 1000)
  console.log(`events bench: seeding ${largeCount.toLocaleString('en')} events for the listing ...`)
  const dbLarge = `bench_events_large_${suffix}`
  await seed(dbLarge, largeCount)
  const small = await service(db1k, false)
  const large = await service(dbLarge, false)
  console.log('events bench: uncached searches (cache off) ...')
  const searches = ['/api/events?q=quiz&limit=20', '/api/events?place=kneipe%2042&limit=20', '/api/events?timeOfDay=evening&limit=20']
  // A fixed number of uncached searches each (an uncached page is a scan on FerretDB v1).
  const searchRun = (url: string) => autocannon({ url, connections: 1, amount: 9, timeout: 300, requests: searches.map((path) => ({ method: 'GET', path })) })
  const smallRun = await searchRun(small.url)
  const largeRun = await searchRun(large.url)
  report({
    figure: `search listing p99 at ${largeCount.toLocaleString('en')} events`,
    value: largeRun.latency.p99,
    unit: 'ms',
    baseline: { name: 'p99 at 1,000 events', value: smallRun.latency.p99 },
    target: '≤ 2× the 1k figure',
    pass: ratio(largeRun.latency.p99, smallRun.latency.p99) <= 2,
  })
  report({ figure: `search listing throughput at ${largeCount.toLocaleString('en')} events`, value: largeRun.requests.average, unit: 'req/s', baseline: { name: '1,000 events', value: smallRun.requests.average } })

  for (const s of [bare, warm, cold, small, large]) await s.app.close()
  const client = await MongoClient.connect(process.env.MONGODB_URL!)
  for (const name of [db10k, db1k, dbLarge]) await client.db(name).dropDatabase()
  await client.close()
}

await main()
