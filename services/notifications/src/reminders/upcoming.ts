/** A subject's upcoming meetups with their reminder state, for /events and GET /api/notifications/me. */
import type { Clock } from '../clock.js'
import type { Store } from '../store/store.js'

export async function upcomingReminders(store: Store, clock: Clock, subjects: string[], limit = 20) {
  if (subjects.length === 0) return []
  const now = clock.now()
  const reminders = await store.deliveries
    .find({ participantId: { $in: subjects }, kind: 'reminder' })
    .toArray()
  const ahead = reminders
    .filter((r) => r.status !== 'cancelled' && r.startsAt && r.startsAt > now)
    .sort((a, b) => a.startsAt!.getTime() - b.startsAt!.getTime())
  const seen = new Set<string>()
  const unique = ahead.filter((r) => !seen.has(r.eventId) && seen.add(r.eventId)).slice(0, limit)
  const states = await store.eventStates.find({ _id: { $in: unique.map((r) => r.eventId) } }).toArray()
  const byId = new Map(states.map((s) => [s._id, s]))
  return unique.flatMap((r) => {
    const state = byId.get(r.eventId)
    if (!state) return []
    return [{ reminder: r, state }]
  })
}
