/** Route schema pieces shared by the events routes. */
import { Type } from '@sinclair/typebox'
import { ObjectIdString } from '@prost/contracts'
import { problemResponses } from '@prost/platform'

export const EventIdParams = Type.Object({ id: ObjectIdString }, { additionalProperties: false })
export const OptionParams = Type.Object(
  { id: ObjectIdString, optionId: ObjectIdString },
  { additionalProperties: false },
)

/**
 * The problems every events route may answer with: bad input, a missing or bad token, not allowed,
 * no such event, a state that forbids the change, too many requests, the database away.
 */
export const eventProblems = problemResponses(400, 401, 403, 404, 409, 429, 503)
