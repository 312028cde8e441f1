/** Route schema pieces shared by the events routes. */
import { Type } from '@sinclair/typebox'
import { ObjectIdString, ProblemSchema } from '@prost/contracts'

export const EventIdParams = Type.Object({ id: ObjectIdString }, { additionalProperties: false })
export const OptionParams = Type.Object({ id: ObjectIdString, optionId: ObjectIdString }, { additionalProperties: false })

/** Problem answers every route may give. */
export const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  429: ProblemSchema,
}

export const bearer = [{ bearer: [] }]
