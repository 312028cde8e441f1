/** /api/events/:id/cover: upload (organizer; JPEG/PNG/WebP by content, ≤ MAX_COVER_BYTES), read, remove. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import multipart from '@fastify/multipart'
import { HttpProblem, bearerAuth, notFound, problemResponses } from '@prost/platform'
import { EventSchema, MAX_COVER_BYTES } from '@prost/contracts'
import { sniffImageType } from '../../../covers/image-type.js'
import { toEvent, toView } from '../../../events/event-document.js'
import { assertOrganizer, assertVisible } from '../../../events/access.js'
import { EventIdParams, eventProblems } from '../schemas.js'

const MAX_COVER_MB = MAX_COVER_BYTES / (1024 * 1024)

/** The uploaded file's bytes; a broken multipart body (no boundary, cut short) is the client's error. */
async function readUpload(request: FastifyRequest) {
  try {
    const file = await request.file()
    if (!file) throw new HttpProblem('validation', 'No file in the upload; send it in a field named "file"')
    return await file.toBuffer()
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode
    if (error instanceof HttpProblem || (status !== undefined && status < 500)) throw error
    throw new HttpProblem('malformed', 'The upload is not valid multipart/form-data', { cause: error })
  }
}

const storageUnavailable = (error: unknown) =>
  new HttpProblem('dependency-unavailable', 'Image storage is unavailable; try again shortly', {
    cause: error,
  })

export const coverRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const repo = fastify.eventsRepository
  await fastify.register(multipart, {
    limits: { fileSize: MAX_COVER_BYTES, files: 1, fields: 0, parts: 1, headerPairs: 50 },
  })

  fastify.put(
    '/:id/cover',
    {
      preValidation: fastify.authenticate,
      bodyLimit: MAX_COVER_BYTES + 64 * 1024,
      schema: {
        tags: ['covers'],
        summary: `Upload the cover image as multipart/form-data field "file" (JPEG, PNG or WebP, ≤ ${MAX_COVER_MB} MB)`,
        security: bearerAuth,
        consumes: ['multipart/form-data'],
        params: EventIdParams,
        response: { 200: EventSchema, ...problemResponses(413, 415), ...eventProblems },
      },
    },
    async (request) => {
      assertOrganizer(await repo.view(request.params.id), request)
      if (!request.isMultipart())
        throw new HttpProblem('unsupported-media-type', 'Send the image as multipart/form-data')
      const body = await readUpload(request)
      const contentType = sniffImageType(body)
      if (!contentType)
        throw new HttpProblem('unsupported-media-type', 'The file is not a JPEG, PNG or WebP image')
      const key = `events/${request.params.id}/cover-${Date.now()}`
      await fastify.covers.put(key, body, contentType).catch((error: unknown) => {
        throw storageUnavailable(error)
      })
      let previous: string | undefined
      const doc = await repo.mutate(request.params.id, (current) => {
        previous = current.cover?.key
        return { changes: { cover: { key, contentType, size: body.length } }, message: 'event.updated' }
      })
      if (previous && previous !== key) await fastify.covers.remove(previous).catch(() => undefined)
      return toEvent(toView(doc), request.user.sub)
    },
  )

  fastify.get(
    '/:id/cover',
    {
      preValidation: fastify.optionalAuth,
      schema: {
        tags: ['covers'],
        summary: 'The cover image',
        params: EventIdParams,
        response: { ...eventProblems },
      },
    },
    async (request, reply) => {
      assertVisible(await repo.view(request.params.id), request)
      const doc = await repo.findById(request.params.id)
      if (!doc?.cover) throw notFound('This event has no cover image')
      const stream = await fastify.covers.get(doc.cover.key).catch((error: unknown) => {
        throw storageUnavailable(error)
      })
      // A binary stream: outside the JSON response schemas.
      return (reply as FastifyReply)
        .type(doc.cover.contentType)
        .header('cache-control', doc.visibility === 'public' ? 'public, max-age=300' : 'private, max-age=300')
        .header('x-content-type-options', 'nosniff')
        .send(stream)
    },
  )

  fastify.delete(
    '/:id/cover',
    {
      preValidation: fastify.authenticate,
      schema: {
        tags: ['covers'],
        summary: 'Remove the cover image (organizer)',
        security: bearerAuth,
        params: EventIdParams,
        response: { 200: EventSchema, ...eventProblems },
      },
    },
    async (request) => {
      assertOrganizer(await repo.view(request.params.id), request)
      let previous: string | undefined
      const doc = await repo.mutate(request.params.id, (current) => {
        previous = current.cover?.key
        return current.cover ? { changes: { cover: null }, message: 'event.updated' } : null
      })
      if (previous) await fastify.covers.remove(previous).catch(() => undefined)
      return toEvent(toView(doc), request.user.sub)
    },
  )
}
