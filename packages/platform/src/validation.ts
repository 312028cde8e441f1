/**
 * Two Ajv instances: bodies are validated strictly (no type coercion, unknown fields rejected by the
 * schemas' additionalProperties: false, never silently removed); querystrings, params and headers are
 * text on the wire, so they coerce ("10" → 10). Both know the contracts' text formats (no control
 * characters, no unpaired surrogates; packages/contracts/src/common/text.ts).
 */
import { Ajv, type Options } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifySchema, FastifySchemaCompiler } from 'fastify'
import { TEXT_FORMATS } from '@prost/contracts'

const common: Options = {
  useDefaults: true,
  removeAdditional: false,
  allErrors: false,
  addUsedSchema: false,
  strict: false,
}

function withFormats(ajv: Ajv) {
  ;(addFormats as unknown as (ajv: Ajv) => Ajv)(ajv)
  for (const [name, { check }] of Object.entries(TEXT_FORMATS)) {
    ajv.addFormat(name, { type: 'string', validate: check })
  }
  return ajv
}

const bodyAjv = withFormats(new Ajv({ ...common, coerceTypes: false }))
const textAjv = withFormats(new Ajv({ ...common, coerceTypes: 'array' }))

export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object)
