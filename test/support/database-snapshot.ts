/** Every document of a stack's databases as text, to prove that requests wrote nothing. */
import { MongoClient } from 'mongodb'
import { testBackends } from './backends.js'

/** One string per `service.collection`. */
export type Snapshot = Record<string, string>

/**
 * Every collection of every database, documents sorted by their JSON text, as one string per
 * collection. `filter` may narrow a collection (the caller says why).
 */
export async function snapshotDatabases(
  databases: Partial<Record<string, string>>,
  filter: (service: string, collection: string, doc: Record<string, unknown>) => boolean = () => true,
): Promise<Snapshot> {
  const client = new MongoClient(testBackends().mongoUrl)
  await client.connect()
  try {
    const out: Snapshot = {}
    for (const [service, dbName] of Object.entries(databases)) {
      if (!dbName) continue
      const db = client.db(dbName)
      const collections = (await db.listCollections({}, { nameOnly: true }).toArray())
        .map((c) => c.name)
        .sort()
      for (const name of collections) {
        const docs = await db.collection(name).find({}).toArray()
        const texts = docs
          .filter((d) => filter(service, name, d as Record<string, unknown>))
          .map((d) => JSON.stringify(d))
          .sort()
        out[`${service}.${name}`] = `[${texts.join(',')}]`
      }
    }
    return out
  } finally {
    await client.close()
  }
}
