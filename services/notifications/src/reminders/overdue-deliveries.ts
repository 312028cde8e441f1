/**
 * Messages that never went out. Reminder lag (reminder-lag.ts) is observed only when a send succeeds,
 * so a scheduler or sender that stopped would keep it quiet; these gauges, read from the deliveries
 * at scrape time, count what is still unsent more than a grace period after it was due, and how long
 * the oldest of them has waited. The chart's ProstRemindersOverdue alert reads the second.
 */
import fp from 'fastify-plugin'
import type { FastifyBaseLogger } from 'fastify'
import { appGauge } from '@prost/platform'
import type { Clock } from '../clock.js'
import type { Store } from '../store/store.js'
import type { DeliveryDoc, DeliveryKind, DeliveryStatus } from '../store/documents.js'

/**
 * Which statuses are still on their way out. Sent, failed and skipped are done; cancelled is meant
 * never to go out (the event was cancelled or the reminder replaced). A Record, so that a new status
 * cannot be added without deciding here.
 */
const ON_ITS_WAY: Record<DeliveryStatus, boolean> = {
  pending: true,
  queued: true,
  // A worker that died mid-send leaves its delivery here for good (reminder-sender.ts): maybe lost.
  sending: true,
  sent: false,
  failed: false,
  skipped: false,
  cancelled: false,
}
const UNSENT_STATUSES = (Object.keys(ON_ITS_WAY) as DeliveryStatus[]).filter((status) => ON_ITS_WAY[status])

/** Every kind, so each has a series (0 when nothing of it is overdue); a Record keeps it complete. */
const KINDS: Record<DeliveryKind, true> = {
  reminder: true,
  finalized: true,
  moved: true,
  cancelled: true,
  nudge: true,
  allVoted: true,
  undecided: true,
  late: true,
  promoted: true,
  seriesPoll: true,
}
const DELIVERY_KINDS = Object.keys(KINDS) as DeliveryKind[]

/** Overdue deliveries of one kind: how many, and the age (s) of the oldest due time among them. */
export interface OverdueOfKind {
  count: number
  oldestSeconds: number
}
export type OverdueDeliveries = Map<DeliveryKind, OverdueOfKind>

/** Counts and oldest ages per kind, from the (kind, dueAt) of deliveries already known to be overdue. */
export function summarizeOverdue(
  deliveries: Pick<DeliveryDoc, 'kind' | 'dueAt'>[],
  now: Date,
): OverdueDeliveries {
  const summary: OverdueDeliveries = new Map()
  for (const { kind, dueAt } of deliveries) {
    const ageSeconds = Math.max(0, (now.getTime() - dueAt.getTime()) / 1000)
    const seen = summary.get(kind)
    summary.set(kind, {
      count: (seen?.count ?? 0) + 1,
      oldestSeconds: Math.max(seen?.oldestSeconds ?? 0, ageSeconds),
    })
  }
  return summary
}

export interface OverdueDeliveriesOptions {
  store: Pick<Store, 'deliveries'>
  clock: Clock
  log: Pick<FastifyBaseLogger, 'warn'>
  /** How long past its due time an unsent delivery may be before it counts; a minute by default. */
  graceMs?: number
  /** A scrape waits no longer for the database; the gauges then keep their last values. */
  timeoutMs?: number
}

/**
 * Reads overdue deliveries from one store: one query per unsent status, each an equality on
 * `status` (the only filter FerretDB v1 pushes down to its backend) plus the due-time bound, with
 * just kind and dueAt projected; counting and the oldest age are done here, not in an aggregation.
 * One read at a time (a scrape during a read shares it); a failed or slow read logs a warning and
 * leaves the last values in place. Never throws.
 */
export function createOverdueDeliveries(options: OverdueDeliveriesOptions) {
  const { store, clock, log } = options
  // A scheduler pass runs every few seconds; a minute late is not yet "never went out".
  const graceMs = options.graceMs ?? 60_000
  const timeoutMs = options.timeoutMs ?? 5_000
  let last: OverdueDeliveries = new Map()
  let reading: Promise<OverdueDeliveries> | undefined

  async function query(cutoff: Date): Promise<Pick<DeliveryDoc, 'kind' | 'dueAt'>[]> {
    const cursors = UNSENT_STATUSES.map((status) =>
      store.deliveries
        .find({ status, dueAt: { $lt: cutoff } }, { projection: { _id: 0, kind: 1, dueAt: 1 } })
        // The server gives up too, so a slow read does not keep running after the scrape moved on.
        .maxTimeMS(timeoutMs),
    )
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
    })
    try {
      const batches = await Promise.race([Promise.all(cursors.map((cursor) => cursor.toArray())), timeout])
      return batches.flat() as Pick<DeliveryDoc, 'kind' | 'dueAt'>[]
    } catch (error) {
      for (const cursor of cursors) void cursor.close().catch(() => undefined)
      throw error
    } finally {
      clearTimeout(timer)
    }
  }

  async function refresh(): Promise<OverdueDeliveries> {
    const now = clock.now()
    try {
      last = summarizeOverdue(await query(new Date(now.getTime() - graceMs)), now)
    } catch (error) {
      log.warn({ err: error }, 'overdue deliveries could not be read; their gauges keep the last values')
    }
    return last
  }

  return {
    /** The overdue deliveries now, or the last ones read when the database does not answer in time. */
    read(): Promise<OverdueDeliveries> {
      reading ??= refresh().finally(() => {
        reading = undefined
      })
      return reading
    },
  }
}

type OverdueSource = () => Promise<OverdueDeliveries>

// Process-wide, like prom-client's registry (a second copy of this module gets the same gauges, so
// it must feed the same sources). In production one worker per process; tests may run several.
const sourcesKey = Symbol.for('prost.overdueDeliverySources')
const sources = ((globalThis as Record<symbol, Set<OverdueSource> | undefined>)[sourcesKey] ??=
  new Set<OverdueSource>())

/** Every source's reading per kind (counts add up, the oldest is the oldest of all); 0 for a quiet kind. */
async function overdueByKind(): Promise<Map<DeliveryKind, OverdueOfKind>> {
  const readings = await Promise.all([...sources].map((read) => read()))
  return new Map(
    DELIVERY_KINDS.map((kind) => {
      const ofKind = readings.map((reading) => reading.get(kind) ?? { count: 0, oldestSeconds: 0 })
      return [
        kind,
        {
          count: ofKind.reduce((sum, reading) => sum + reading.count, 0),
          oldestSeconds: Math.max(0, ...ofKind.map((reading) => reading.oldestSeconds)),
        },
      ]
    }),
  )
}

appGauge({
  name: 'prost_reminder_overdue_deliveries',
  help: 'Telegram messages not sent (pending, queued or sending) more than a minute after they were due, by delivery kind; read from the database at scrape time',
  labelNames: ['kind'],
  async collect(gauge) {
    // No series without a source (no worker in this process): nothing is known, not "0 overdue".
    gauge.reset()
    if (sources.size === 0) return
    for (const [kind, { count }] of await overdueByKind()) gauge.set({ kind }, count)
  },
})

appGauge({
  name: 'prost_reminder_oldest_overdue_seconds',
  help: 'Seconds since the oldest overdue Telegram message (see prost_reminder_overdue_deliveries) was due, by delivery kind; 0 when none',
  labelNames: ['kind'],
  async collect(gauge) {
    gauge.reset()
    if (sources.size === 0) return
    for (const [kind, { oldestSeconds }] of await overdueByKind()) gauge.set({ kind }, oldestSeconds)
  },
})

/** Feeds the gauges from this worker's store and clock while it runs. */
export const overdueDeliveriesMetrics = fp(
  async (fastify) => {
    const overdue = createOverdueDeliveries({
      store: fastify.notificationsStore,
      clock: fastify.notificationsClock,
      log: fastify.log,
    })
    const read = () => overdue.read()
    sources.add(read)
    // Before the kit closes MongoDB: a scrape during shutdown reads nothing from a closed client.
    fastify.addHook('preClose', async () => {
      sources.delete(read)
    })
  },
  { name: 'notifications-overdue-deliveries', dependencies: ['notifications-store', 'notifications-clock'] },
)
