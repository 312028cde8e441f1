/**
 * Reminder lag: how late a message went out (sent − due), per delivery kind. "Why was this reminder
 * late?" starts here; the alert on it (charts/prost PrometheusRule) fires above five minutes.
 */
import { appHistogram } from '@prost/platform'
import type { DeliveryDoc } from '../store/documents.js'

export const reminderLagSeconds = appHistogram({
  name: 'prost_reminder_lag_seconds',
  help: 'Time from when a Telegram message was due (dueAt) to when Telegram accepted it, by delivery kind',
  labelNames: ['kind'],
  // From "on time" (one scheduler pass) to "an hour late": the alert threshold (300 s) is a bucket edge.
  buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
})

/** Seconds between due and sent; never negative (a clock that moved back is not "early"). */
export function lagSeconds(delivery: Pick<DeliveryDoc, 'dueAt'>, sentAt: Date): number {
  return Math.max(0, (sentAt.getTime() - delivery.dueAt.getTime()) / 1000)
}

export function recordReminderSent(delivery: Pick<DeliveryDoc, 'kind' | 'dueAt'>, sentAt: Date) {
  reminderLagSeconds.observe({ kind: delivery.kind }, lagSeconds(delivery, sentAt))
}
