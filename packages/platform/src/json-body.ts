/**
 * The JSON body parser: Fastify's protections (secure-json-parse refuses `__proto__` and
 * `constructor.prototype`) plus one more: numbers too large for a double (`1e309`) become Infinity,
 * which JSON Schema's "integer" lets through; they are refused here as malformed input.
 */
import sjson from 'secure-json-parse'
import type { FastifyRequest } from 'fastify'
import { HttpProblem } from './problems.js'

const refuseNonFinite = (_key: string, value: unknown) => {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new HttpProblem('validation', 'A number in the body is too large')
  }
  return value
}

export function parseJsonBody(
  _request: FastifyRequest,
  body: string | Buffer,
  done: (error: Error | null, value?: unknown) => void,
) {
  const text = typeof body === 'string' ? body : body.toString('utf8')
  if (text.trim() === '') {
    done(new HttpProblem('malformed', 'The body is empty; send a JSON document'))
    return
  }
  try {
    done(null, sjson.parse(text, refuseNonFinite, { protoAction: 'error', constructorAction: 'error' }))
  } catch (error) {
    done(
      error instanceof HttpProblem
        ? error
        : new HttpProblem('malformed', 'The body is not valid JSON', { cause: error }),
    )
  }
}
