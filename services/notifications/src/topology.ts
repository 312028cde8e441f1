/** The service's queues: domain events in, reminder.due between scheduler and sender; both dead-lettered. */
import type { Topology } from '@prost/platform'
import type { NotificationsConfig } from './config.js'

export function queueNames(config: Pick<NotificationsConfig, 'NOTIFICATIONS_QUEUE_PREFIX'>) {
  const prefix = config.NOTIFICATIONS_QUEUE_PREFIX
  return { events: `${prefix}notifications.events`, reminders: `${prefix}notifications.reminders` }
}

export function notificationsTopology(
  config: Pick<NotificationsConfig, 'NOTIFICATIONS_QUEUE_PREFIX'>,
): Topology {
  const names = queueNames(config)
  return {
    queues: [
      { name: names.events, bindings: [{ pattern: 'event.*' }, { pattern: 'participant.joined' }] },
      // Published straight to the queue through the default exchange: no binding needed.
      { name: names.reminders, bindings: [] },
    ],
  }
}
