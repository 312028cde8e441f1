/** Plain words for an error: the problem's title/detail, per-field messages, never "[object Object]". */
import type { Problem } from '@prost/contracts'
import { ApiError } from '../api/client'
import type { Translate } from '../i18n/i18n'

export interface ReadableError {
  title: string
  detail?: string
  fields: { path: string; message: string }[]
}

export function readableError(error: unknown, t: Translate): ReadableError {
  if (error instanceof ApiError) {
    const p: Problem = error.problem
    if (p.status === 0) return { title: t('common.offline'), fields: [] }
    const detail = p.detail && p.detail !== p.title ? p.detail : undefined
    return {
      title: p.title,
      detail,
      fields: (p.errors ?? []).map((e) => ({ path: e.path, message: e.message })),
    }
  }
  return { title: t('common.error'), fields: [] }
}

/** "/body/timeOptions/0/startsAt" → the form's own field key "timeOptions.0.startsAt". */
export function fieldKey(path: string): string {
  return path
    .replace(/^\/(body|query|params)\//, '')
    .split('/')
    .join('.')
}

/** Server field errors keyed by form field, for inline display. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {}
  const out: Record<string, string> = {}
  for (const e of error.problem.errors ?? []) out[fieldKey(e.path)] ??= e.message
  return out
}
