import { Type, type Static } from '@sinclair/typebox'

/** RFC 9457 problem details, the body of every error answer. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'Stable URI naming the kind of problem' }),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String({ description: 'JSON pointer of the offending value, e.g. /body/title' }),
          message: Type.String(),
        }),
      ),
    ),
  },
  { additionalProperties: true },
)
export type Problem = Static<typeof ProblemSchema>
