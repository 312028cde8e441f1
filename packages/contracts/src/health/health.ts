import { Type, type Static } from '@sinclair/typebox'

export const LivenessSchema = Type.Object({ status: Type.Literal('ok'), service: Type.String() })
export type Liveness = Static<typeof LivenessSchema>

export const DependencyStatusSchema = Type.Object({
  name: Type.String(),
  ok: Type.Boolean(),
  critical: Type.Boolean({ description: 'false: the service still works without it (degraded)' }),
  latencyMs: Type.Number(),
  error: Type.Optional(Type.String()),
})

export const ReadinessSchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('degraded'), Type.Literal('unavailable')]),
  service: Type.String(),
  checks: Type.Array(DependencyStatusSchema),
})
export type Readiness = Static<typeof ReadinessSchema>
