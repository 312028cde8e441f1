/**
 * Telegram delivery states and message kinds in the reader's language. The notifications service
 * sends machine words ("pending", "finalized"); none is shown raw, and a value this build does not
 * know yet reads as a translated "unknown" rather than leaking through. (Event statuses are worded
 * by the cards and the event page: card.stillVoting, card.cancelled, final.title.)
 */
import type { MessageKey } from './dictionary'
import type { Translate } from './i18n'

const DELIVERY: Record<string, MessageKey> = {
  pending: 'delivery.pending',
  queued: 'delivery.queued',
  sending: 'delivery.sending',
  sent: 'delivery.sent',
  cancelled: 'delivery.cancelled',
  skipped: 'delivery.skipped',
  failed: 'delivery.failed',
}

const MESSAGE: Record<string, MessageKey> = {
  reminder: 'message.reminder',
  finalized: 'message.finalized',
  moved: 'message.moved',
  cancelled: 'message.cancelled',
  bot: 'message.bot',
}

const own = (table: Record<string, MessageKey>, word: string) =>
  Object.prototype.hasOwnProperty.call(table, word) ? table[word] : undefined

/** A reminder's delivery state (UpcomingReminder.status). */
export const deliveryStatusText = (t: Translate, status: string): string =>
  t(own(DELIVERY, status) ?? 'delivery.other')

/** What a bot message was about (DryRunMessage.kind). */
export const messageKindText = (t: Translate, kind: string): string =>
  t(own(MESSAGE, kind) ?? 'message.other')
