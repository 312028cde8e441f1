/** Finalize, reschedule and cancel (organizer), and the calendar entry of a finalized event. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { HttpProblem, bearerAuth, conflict } from '@prost/platform'
import { EventSchema, FinalizeEventSchema } from '@prost/contracts'
import { finalChoice, requirePolling } from '../../../events/event-rules.js'
import { toEvent, toView } from '../../../events/event-document.js'
import { assertOrganizer, assertVisible, memberId } from '../../../events/access.js'
import { eventToIcs } from '../../../events/ics.js'
import { seatOrderFor } from '../../../events/seating.js'
import { EventIdParams, eventProblems } from '../schemas.js'

export const lifecycleRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const repo = fastify.eventsRepository
  const { publicUrl } = fastify.eventsSettings

  fastify.post(
    '/:id/finalize',
    {
      preValidation: fastify.authenticate,
      schema: {
        tags: ['lifecycle'],
        summary:
          'Lock in one time and one place (organizer). Of two racing finalizes exactly one wins; the other gets 409.',
        description:
          'Finalize guard: a time or place that every voter who answered it rejected (all "no") answers ' +
          '409 needs-confirmation unless `force: true` (the SPA asks first). Without any votes the ' +
          'organizer may always finalize. The board shows the best combination to pick instead. ' +
          'With a capacity (the chosen place’s, the event’s, the smaller of both) the first participants by the time of ' +
          'their yes to the chosen time and place are in and the rest go on the waitlist in that order (the organizer ' +
          'always has a seat). 503 when the votes cannot be read to decide that order.',
        security: bearerAuth,
        params: EventIdParams,
        body: FinalizeEventSchema,
        response: { 200: EventSchema, ...eventProblems },
      },
    },
    async (request) => {
      const view = assertOrganizer(await repo.view(request.params.id), request)
      const { timeOptionId, placeOptionId } = request.body
      // Asked only while voting: a finalized or cancelled event gets its usual 409 below. Unknown
      // option ids are not on the board, so they pass here and get their 400 from finalChoice.
      if (view.status === 'polling') await fastify.finalizeGuard.check(request.params.id, request.body)
      const seatOrder =
        view.status === 'polling'
          ? await fastify.yesOrder.forChoice(view, timeOptionId, placeOptionId)
          : undefined
      const doc = await repo.mutate(request.params.id, (current) => {
        requirePolling(current, 'finalizing')
        return {
          changes: {
            status: 'finalized',
            final: finalChoice(current, request.body.timeOptionId, request.body.placeOptionId),
          },
          message: 'event.finalized',
          ...(seatOrder ? { seatOrder: seatOrderFor(current, seatOrder) } : {}),
        }
      })
      return toEvent(toView(doc), request.user.sub)
    },
  )

  fastify.post(
    '/:id/reschedule',
    {
      preValidation: fastify.authenticate,
      schema: {
        tags: ['lifecycle'],
        summary: 'Change the final time or place of a finalized event (organizer)',
        security: bearerAuth,
        params: EventIdParams,
        body: FinalizeEventSchema,
        response: { 200: EventSchema, ...eventProblems },
      },
    },
    async (request) => {
      const view = assertOrganizer(await repo.view(request.params.id), request)
      const seatOrder = await fastify.yesOrder.forChoice(
        view,
        request.body.timeOptionId,
        request.body.placeOptionId,
      )
      const doc = await repo.mutate(request.params.id, (current) => {
        if (current.status !== 'finalized')
          throw conflict('Only a finalized event can be rescheduled; finalize it first')
        const final = finalChoice(current, request.body.timeOptionId, request.body.placeOptionId)
        const same =
          current.final?.timeOptionId === final.timeOptionId &&
          current.final.placeOptionId === final.placeOptionId
        return same
          ? null
          : {
              changes: { final },
              message: 'event.rescheduled',
              ...(seatOrder ? { seatOrder: seatOrderFor(current, seatOrder) } : {}),
            }
      })
      return toEvent(toView(doc), request.user.sub)
    },
  )

  fastify.post(
    '/:id/cancel',
    {
      preValidation: fastify.authenticate,
      schema: {
        tags: ['lifecycle'],
        summary: 'Cancel the event (organizer); participants are told',
        security: bearerAuth,
        params: EventIdParams,
        response: { 200: EventSchema, ...eventProblems },
      },
    },
    async (request) => {
      assertOrganizer(await repo.view(request.params.id), request)
      const doc = await repo.mutate(request.params.id, (current) =>
        current.status === 'cancelled'
          ? null
          : { changes: { status: 'cancelled' }, message: 'event.cancelled' },
      )
      return toEvent(toView(doc), request.user.sub)
    },
  )

  fastify.get(
    '/:id/ics',
    {
      preValidation: fastify.optionalAuth,
      schema: {
        tags: ['lifecycle'],
        summary: 'The final time and place as an iCalendar file',
        params: EventIdParams,
        response: { 200: Type.String({ description: 'text/calendar' }), ...eventProblems },
      },
    },
    async (request, reply) => {
      const view = assertVisible(await repo.view(request.params.id), request)
      if (!view.final) throw new HttpProblem('conflict', 'The event has no final time and place yet')
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="prost-${view.id}.ics"`)
        .send(eventToIcs(toEvent(view, memberId(request, view.id)), publicUrl))
    },
  )
}
