/** Telegram linking, the "my notifications" view, and the reminder.due message the worker consumes. */
import { Type, type Static } from '@sinclair/typebox'
import { Envelope } from '../messages/envelope.js'
import { Instant } from '../common/ids.js'
import { LanguageSchema } from '../accounts/user.js'
import { TimeZoneName } from '../common/time-zone.js'

export const TelegramLinkSchema = Type.Object({
  deepLink: Type.String({ description: 'https://t.me/<bot>?start=<one-time token>' }),
  expiresAt: Instant,
})
export type TelegramLink = Static<typeof TelegramLinkSchema>

export const ReminderStatus = Type.Union(
  ['pending', 'queued', 'sending', 'sent', 'cancelled', 'skipped', 'failed'].map((s) => Type.Literal(s)),
)

export const UpcomingReminderSchema = Type.Object({
  eventId: Type.String(),
  title: Type.String(),
  startsAt: Instant,
  dueAt: Instant,
  /** The event's zone: its times are shown in it, as on the event page. */
  timeZone: TimeZoneName,
  status: Type.String(),
  placeName: Type.Union([Type.String(), Type.Null()]),
})
export type UpcomingReminder = Static<typeof UpcomingReminderSchema>

export const DryRunMessageSchema = Type.Object({
  text: Type.String(),
  kind: Type.String({ description: 'reminder | finalized | moved | cancelled | late | bot' }),
  sentAt: Instant,
})

export const NotificationsMeSchema = Type.Object({
  linked: Type.Boolean(),
  linkedAt: Type.Union([Instant, Type.Null()]),
  dryRun: Type.Boolean({ description: 'No bot token configured: messages are stored, not sent' }),
  upcoming: Type.Array(UpcomingReminderSchema),
  /** Only in dry-run mode: what the bot would have sent to me, newest first. */
  dryRunMessages: Type.Array(DryRunMessageSchema),
})
export type NotificationsMe = Static<typeof NotificationsMeSchema>

/** Published by the reminder scheduler straight to the reminders queue; `claimId` fences stale copies. */
export const ReminderDueMessage = Envelope(
  'reminder.due',
  1,
  Type.Object({ reminderId: Type.String(), claimId: Type.String() }),
)
export type ReminderDue = Static<typeof ReminderDueMessage>

/** PUT /api/notifications/me/language: the language the bot writes in (the profile's). */
export const SetMessageLanguageSchema = Type.Object(
  { language: LanguageSchema },
  { additionalProperties: false },
)
