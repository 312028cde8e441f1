/** The service's queues: domain events in (reminders, group cards), reminder.due between scheduler and sender. */
import type { Topology } from '@prost/platform'
import type { NotificationsConfig } from './config.js'

export function queueNames(config: Pick<NotificationsConfig, 'NOTIFICATIONS_QUEUE_PREFIX'>) {
  const prefix = config.NOTIFICATIONS_QUEUE_PREFIX
  return {
    events: `${prefix}notifications.events`,
    reminders: `${prefix}notifications.reminders`,
    cards: `${prefix}notifications.cards`,
  }
}

export function notificationsTopology(
  config: Pick<NotificationsConfig, 'NOTIFICATIONS_QUEUE_PREFIX'>,
): Topology {
  const names = queueNames(config)
  return {
    queues: [
      // participant.* also brings removals and leaves: the reminders of those gone are cancelled.
      { name: names.events, bindings: [{ pattern: 'event.*' }, { pattern: 'participant.*' }] },
      // Published straight to the queue through the default exchange: no binding needed.
      { name: names.reminders, bindings: [] },
      // Group cards (API process, which owns the bot): re-rendered on every board or event change.
      // Its own queue, so a burst of board changes never waits behind reminder planning.
      {
        name: names.cards,
        bindings: [{ pattern: 'board.changed' }, { pattern: 'event.*' }],
        // A missed re-render is repaired by the next change; nothing is worth keeping dead. Bounded,
        // because where cards are off (dry-run, no INTERNAL_API_TOKEN) nobody consumes it, and a
        // re-render request older than a few minutes has long been superseded anyway.
        deadLetter: false,
        arguments: { 'x-message-ttl': 10 * 60_000, 'x-max-length': 10_000 },
      },
    ],
  }
}
