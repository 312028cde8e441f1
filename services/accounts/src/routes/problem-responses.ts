/** Response schemas for the problem+json answers a route can give, e.g. `...problemResponses(400, 401)`. */
import { ProblemSchema } from '@prost/contracts'

export function problemResponses<const S extends readonly number[]>(...statuses: S) {
  return Object.fromEntries(statuses.map((status) => [status, ProblemSchema])) as {
    [K in S[number]]: typeof ProblemSchema
  }
}
