/**
 * One error handler for the whole app: every error leaves as application/problem+json with a stable
 * `type`. Details of 5xx errors are logged with the request id, never sent.
 */
import fp from 'fastify-plugin'
import { TEXT_FORMATS, type TextFormat } from '@prost/contracts'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { HttpProblem, PROBLEMS, problemType, type ProblemField, type ProblemKind } from './problems.js'
import { duplicateKeyDetail, isDatabaseUnavailable, isDuplicateKey } from './mongo-errors.js'

/** Fastify's own error codes mapped to our catalog. */
const FASTIFY_CODES: Record<string, ProblemKind> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed',
  FST_ERR_CTP_INSTANCE_ALREADY_STARTED: 'internal',
  FST_ERR_VALIDATION: 'validation',
  FST_ERR_NOT_FOUND: 'not-found',
  FST_ERR_BAD_URL: 'malformed',
  FST_ERR_ASYNC_CONSTRAINT: 'malformed',
  FST_ERR_FAILED_ERROR_SERIALIZATION: 'internal',
  FST_JWT_NO_AUTHORIZATION_IN_HEADER: 'unauthenticated',
  FST_JWT_AUTHORIZATION_TOKEN_EXPIRED: 'unauthenticated',
  FST_JWT_AUTHORIZATION_TOKEN_INVALID: 'unauthenticated',
  FST_JWT_AUTHORIZATION_TOKEN_UNTRUSTED: 'unauthenticated',
  FST_JWT_BAD_REQUEST: 'unauthenticated',
  FST_JWT_BAD_COOKIE_REQUEST: 'unauthenticated',
  FST_ERR_MULTIPART_FILE_TOO_LARGE: 'payload-too-large',
  FST_REQ_FILE_TOO_LARGE: 'payload-too-large',
  FST_PARTS_LIMIT: 'payload-too-large',
  FST_FILES_LIMIT: 'payload-too-large',
  FST_FIELDS_LIMIT: 'payload-too-large',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported-media-type',
}

/** What a 503 asks clients to wait before retrying: about the time a database or broker needs to fail over. */
const RETRY_AFTER_SECONDS = '5'

interface ProblemBody {
  type: string
  title: string
  status: number
  detail?: string
  instance: string
  requestId: string
  errors?: ProblemField[]
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  kind: ProblemKind,
  detail?: string,
  errors?: ProblemField[],
) {
  const { status, title } = PROBLEMS[kind]
  const body: ProblemBody = {
    type: problemType(kind),
    title,
    status,
    instance: request.url.split('?')[0] ?? request.url,
    requestId: String(request.id),
  }
  if (detail && detail !== title) body.detail = detail
  if (errors?.length) body.errors = errors
  return reply.code(status).type('application/problem+json').serializer(JSON.stringify).send(body)
}

function validationFields(error: FastifyError): ProblemField[] {
  const part = error.validationContext ?? 'body'
  return (error.validation ?? []).map((v) => {
    const params = v.params as { missingProperty?: string; additionalProperty?: string; format?: string }
    let path = `/${part}${v.instancePath}`
    let message = v.message ?? 'is invalid'
    if (v.keyword === 'format' && params.format && Object.hasOwn(TEXT_FORMATS, params.format)) {
      // Ajv would say 'must match format "single-line-text"'; people get the format's own sentence.
      message = TEXT_FORMATS[params.format as TextFormat].message
    } else if (params.missingProperty) {
      path += `/${params.missingProperty}`
      message = 'is required'
    } else if (params.additionalProperty) {
      path += `/${params.additionalProperty}`
      message = 'is not a known field'
    }
    return { path, message }
  })
}

export function classify(error: FastifyError): {
  kind: ProblemKind
  detail?: string
  errors?: ProblemField[]
} {
  if (error instanceof HttpProblem) return { kind: error.kind, detail: error.message, errors: error.errors }
  if (error.validation) {
    const errors = validationFields(error)
    return { kind: 'validation', detail: errors.map((e) => `${e.path} ${e.message}`).join('; '), errors }
  }
  if (isDuplicateKey(error)) return { kind: 'already-exists', detail: duplicateKeyDetail(error) }
  if (isDatabaseUnavailable(error)) return { kind: 'dependency-unavailable' }
  const mapped = error.code ? FASTIFY_CODES[error.code] : undefined
  if (mapped) return { kind: mapped, detail: mapped === 'internal' ? undefined : error.message }
  const status = error.statusCode ?? 500
  if (status === 429) return { kind: 'rate-limited', detail: error.message }
  if (status === 404) return { kind: 'not-found' }
  if (status === 401) return { kind: 'unauthenticated', detail: error.message }
  if (status === 403) return { kind: 'forbidden', detail: error.message }
  if (status === 413) return { kind: 'payload-too-large', detail: error.message }
  if (status === 415) return { kind: 'unsupported-media-type', detail: error.message }
  if (status >= 400 && status < 500) return { kind: 'malformed', detail: error.message }
  return { kind: 'internal' }
}

export const problemDetails = fp(
  async function problemDetails(fastify: FastifyInstance) {
    fastify.setErrorHandler(function handleError(error: FastifyError, request, reply) {
      const { kind, detail, errors } = classify(error)
      if (PROBLEMS[kind].status >= 500) {
        request.log.error({ err: error }, 'request failed')
      } else {
        request.log.info({ problem: kind, detail }, 'request refused')
      }
      if (error instanceof HttpProblem && error.headers) reply.headers(error.headers)
      // A 503 is a promise that trying again helps: say when (clients and the ingress honour it).
      if (PROBLEMS[kind].status === 503 && !reply.hasHeader('retry-after'))
        reply.header('retry-after', RETRY_AFTER_SECONDS)
      return sendProblem(request, reply, kind, PROBLEMS[kind].status >= 500 ? undefined : detail, errors)
    })

    fastify.setNotFoundHandler(function handleNotFound(request, reply) {
      return sendProblem(
        request,
        reply,
        'not-found',
        `No route for ${request.method} ${request.url.split('?')[0]}`,
      )
    })
  },
  { name: 'problem-details', fastify: '5.x' },
)
