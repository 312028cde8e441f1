/**
 * Every string format the contracts use, for TypeBox's checker in the browser: it refuses any value
 * of a format it does not know. The contracts' own text formats come with their checks; the standard
 * ones (checked by ajv-formats in the services) are loose here on purpose: they catch slips before a
 * round trip, and the server has the last word.
 */
import { TEXT_FORMATS } from '@prost/contracts'
import { FormatRegistry } from '@sinclair/typebox'

const isUri = (value: string) => {
  if (/\s/.test(value)) return false
  try {
    new URL(value)
    return true
  } catch {
    return false
  }
}

const FORMATS: Record<string, (value: string) => boolean> = {
  ...Object.fromEntries(Object.entries(TEXT_FORMATS).map(([name, { check }]) => [name, check])),
  email: (value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value),
  uri: isUri,
}

for (const [name, check] of Object.entries(FORMATS))
  if (!FormatRegistry.Has(name)) FormatRegistry.Set(name, check)
