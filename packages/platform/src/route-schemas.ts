/**
 * Route schema pieces every service uses, declared once: the problem+json answers a route can give
 * and the bearer security requirement (the scheme itself is declared in openapi.ts).
 */
import { ProblemSchema } from '@prost/contracts'

/** The OpenAPI security scheme name for access tokens. */
export const BEARER_SCHEME = 'bearer'

/** `security` of a route that needs an access token. */
export const bearerAuth = [{ [BEARER_SCHEME]: [] }]

/** Response schemas for the problem answers a route can give, e.g. `...problemResponses(400, 401)`. */
export function problemResponses<const S extends readonly number[]>(...statuses: S) {
  return Object.fromEntries(statuses.map((status) => [status, ProblemSchema])) as {
    [K in S[number]]: typeof ProblemSchema
  }
}
