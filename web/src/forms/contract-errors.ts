/**
 * Checks a form against a TypeBox schema made of the API contract's pieces, through react-hook-form's
 * TypeBox resolver, and names each refusal with a dictionary key: the limits are the contract's, the
 * sentences the app's own (in English and Russian), never TypeBox's English.
 */
import { toNestErrors } from '@hookform/resolvers'
import { typeboxResolver } from '@hookform/resolvers/typebox'
import type { TObject, TSchema } from '@sinclair/typebox'
import { ValueErrorType } from '@sinclair/typebox/errors'
import {
  get,
  type FieldError,
  type FieldErrors,
  type FieldValues,
  type ResolverOptions,
  type ResolverResult,
} from 'react-hook-form'
import type { MessageKey } from '../i18n/dictionary'
import './formats'

/** Field key ("title", "times.0", "places.1.mapUrl") → the dictionary key of its message. */
export type FormErrors = Record<string, MessageKey>

/**
 * A form's own words for some refusals, by field key and TypeBox error kind (e.g. a short password,
 * a map link that is not one); undefined leaves the general wording.
 */
export type Wording = (field: string, kind: ValueErrorType) => MessageKey | undefined

const GENERAL: Partial<Record<ValueErrorType, MessageKey>> = {
  [ValueErrorType.StringMaxLength]: 'v.tooLong',
  [ValueErrorType.StringMinLength]: 'v.tooShort',
  [ValueErrorType.StringPattern]: 'v.pattern',
  [ValueErrorType.StringFormat]: 'v.pattern',
  [ValueErrorType.ArrayMaxItems]: 'v.tooMany',
  [ValueErrorType.ArrayMinItems]: 'v.tooFew',
  [ValueErrorType.ObjectRequiredProperty]: 'v.required',
}

const CHECK_ONLY: ResolverOptions<FieldValues> = { fields: {}, shouldUseNativeValidation: false }

/** The resolver's nested errors as (path, TypeBox error kind) pairs; an array's own error may sit under `root`. */
function flatten(errors: FieldErrors, prefix = ''): [string, ValueErrorType][] {
  const found: [string, ValueErrorType][] = []
  for (const [key, value] of Object.entries(errors)) {
    if (key === 'ref' || key === 'types' || !value || typeof value !== 'object') continue
    const path = key === 'root' ? prefix.slice(0, -1) : `${prefix}${key}`
    const { type } = value as Partial<FieldError>
    if (typeof type === 'string') found.push([path, Number(type) as ValueErrorType])
    found.push(...flatten(value as FieldErrors, `${path}.`))
  }
  return found
}

/**
 * The first refusal of each field of `checked` (the form's values in the schema's shape), keyed by
 * `fieldOf(path)`. A refused empty text is a missing answer, whatever rule it broke.
 */
export async function contractErrors<S extends TObject>(
  schema: S,
  checked: unknown,
  { wording, fieldOf = (path) => path }: { wording?: Wording; fieldOf?: (path: string) => string } = {},
): Promise<FormErrors> {
  const result = await typeboxResolver(schema)(checked as never, undefined, CHECK_ONLY as never)
  const errors: FormErrors = {}
  for (const [path, kind] of flatten(result.errors)) {
    const field = fieldOf(path)
    if (errors[field]) continue
    const value: unknown = get(checked, path)
    errors[field] =
      value === '' || value === undefined
        ? 'v.required'
        : (wording?.(field, kind) ?? GENERAL[kind] ?? 'v.invalid')
  }
  return errors
}

/** What react-hook-form expects of a resolver, from the form's field errors. */
export function resolverResult<T extends FieldValues>(
  values: T,
  errors: FormErrors,
  options: ResolverOptions<T>,
): ResolverResult<T> {
  if (Object.keys(errors).length === 0) return { values, errors: {} }
  const fieldErrors = Object.fromEntries(
    Object.entries(errors).map(([field, message]) => [field, { type: 'contract', message }]),
  )
  return { values: {}, errors: toNestErrors(fieldErrors, options) }
}

/** The message key react-hook-form holds for a field key (an array's own error sits under `root`). */
export function formError(errors: FieldErrors, field: string): MessageKey | undefined {
  const error = get(errors, field) as (FieldError & { root?: FieldError }) | undefined
  return (error?.root?.message ?? error?.message) as MessageKey | undefined
}

/** The {max}/{min} of a field's messages, from the schema: its length limits, or its item counts. */
export function limitsAt(schema: TSchema, field: string): Record<string, number> {
  let node: TSchema | undefined = schema
  for (const step of field.split('.')) {
    if (!node) break
    node =
      /^\d+$/.test(step) && node.items
        ? (node.items as TSchema)
        : (node.properties?.[step] as TSchema | undefined)
  }
  const limits: Record<string, number> = {}
  const max = node?.maxLength ?? node?.maxItems
  const min = node?.minLength ?? node?.minItems
  if (typeof max === 'number') limits.max = max
  if (typeof min === 'number') limits.min = min
  return limits
}
