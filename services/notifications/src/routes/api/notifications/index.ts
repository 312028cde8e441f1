/** /api/notifications/me: my Telegram link, upcoming reminders and (dry-run) what the bot would have sent me. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ProblemSchema } from '@prost/contracts'
import { NotificationsMeSchema } from '@prost/contracts'
import type { Store } from '../../../store.js'
import type { Clock } from '../../../clock.js'
import type { TelegramSender } from '../../../telegram-sender.js'
import { upcomingReminders } from '../../../upcoming.js'

export interface NotificationsRoutesOptions {
  store: Store
  clock: Clock
  sender: TelegramSender
}

export const notificationsRoutes: FastifyPluginAsyncTypebox<NotificationsRoutesOptions> = async (fastify, options) => {
  const { store, clock, sender } = options

  fastify.get(
    '/me',
    {
      preValidation: fastify.authenticate,
      schema: {
        tags: ['notifications'],
        summary: 'My Telegram link, my upcoming reminders, and in dry-run mode the messages meant for me',
        security: [{ bearer: [] }],
        response: { 200: NotificationsMeSchema, 401: ProblemSchema },
      },
    },
    async (request) => {
      const subject = request.user.sub
      const [link, upcoming, log] = await Promise.all([
        store.links.findOne({ _id: subject }),
        upcomingReminders(store, clock, [subject]),
        sender.dryRun
          ? store.dryRunLog.find({ recipientId: subject }).sort({ sentAt: -1 }).limit(50).toArray()
          : Promise.resolve([]),
      ])
      return {
        linked: Boolean(link),
        linkedAt: link ? link.linkedAt.toISOString() : null,
        dryRun: sender.dryRun,
        upcoming: upcoming.map(({ reminder, state }) => ({
          eventId: state._id,
          title: state.title,
          startsAt: reminder.startsAt!.toISOString(),
          dueAt: reminder.dueAt.toISOString(),
          status: reminder.status,
          placeName: state.final?.place.name ?? null,
        })),
        dryRunMessages: log.map((m) => ({ text: m.text, kind: m.kind, sentAt: m.sentAt.toISOString() })),
      }
    },
  )
}
