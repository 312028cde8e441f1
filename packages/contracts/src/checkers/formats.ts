/**
 * TypeBox checks a string format only once it is registered, and refuses every value of a format
 * it does not know. Ajv (the HTTP routes) has ajv-formats; the compiled checkers get these. The
 * text formats register themselves in common/text.ts.
 */
import { FormatRegistry } from '@sinclair/typebox'
import '../common/text.js'

const FORMATS: Record<string, (value: string) => boolean> = {
  uuid: (value) => /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(value),
  'date-time': (value) =>
    /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/i.test(value) &&
    !Number.isNaN(Date.parse(value)),
}

for (const [name, check] of Object.entries(FORMATS)) {
  if (!FormatRegistry.Has(name)) FormatRegistry.Set(name, check)
}
