/** /api/notifications/me: my Telegram link, upcoming reminders and (dry-run) what the bot would have sent me. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { bearerAuth, problemResponses, requireUser } from '@prost/platform'
import { NotificationsMeSchema, SetMessageLanguageSchema } from '@prost/contracts'
import { upcomingReminders } from '../../../reminders/upcoming.js'

export const notificationsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { notificationsStore: store, notificationsClock: clock, telegramSender: sender } = fastify

  fastify.get(
    '/me',
    {
      preValidation: fastify.authenticate,
      schema: {
        tags: ['notifications'],
        summary: 'My Telegram link, my upcoming reminders, and in dry-run mode the messages meant for me',
        security: bearerAuth,
        response: { 200: NotificationsMeSchema, ...problemResponses(401, 503) },
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
          timeZone: state.timeZone,
          status: reminder.status,
          placeName: state.final?.place.name ?? null,
        })),
        dryRunMessages: log.map((m) => ({ text: m.text, kind: m.kind, sentAt: m.sentAt.toISOString() })),
      }
    },
  )

  fastify.put(
    '/me/language',
    {
      preValidation: fastify.authenticate,
      // Guests' tokens are scoped to one event; a message language belongs to an account.
      preHandler: requireUser,
      schema: {
        tags: ['notifications'],
        summary: 'The language the bot writes to me in (the SPA sends the profile language when it changes)',
        security: bearerAuth,
        body: SetMessageLanguageSchema,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 503) },
      },
    },
    async (request, reply) => {
      const { language } = request.body
      await store.preferences.updateOne(
        { _id: request.user.sub },
        { $set: { language, updatedAt: clock.now() } },
        { upsert: true },
      )
      return reply.code(204).send(null)
    },
  )
}
