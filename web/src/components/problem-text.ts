/**
 * Plain, translated words for an error. Every problem type of the platform's catalog
 * (packages/platform/src/problems.ts) and the usual validation messages have an English and a
 * Russian sentence; server texts, JSON pointers and status lines are never shown as such (they are
 * English, technical, and read "/body/timeOptions must NOT have more than 30 items").
 */
import type { Problem } from '@prost/contracts'
import { ApiError } from '../api/client'
import type { MessageKey } from '../i18n/dictionary'
import { detectLanguage, translate, type Translate } from '../i18n/i18n'

export interface ReadableError {
  title: string
  detail?: string
  fields: { path: string; label?: string; message: string }[]
}

/** The platform's problem kinds (`https://prost.dev/problems/<kind>`), each with its sentence. */
export const PROBLEM_MESSAGES = {
  validation: 'problem.validation',
  malformed: 'problem.malformed',
  unauthenticated: 'problem.unauthenticated',
  forbidden: 'problem.forbidden',
  'not-found': 'problem.notFound',
  'method-not-allowed': 'problem.methodNotAllowed',
  conflict: 'problem.conflict',
  'already-exists': 'problem.alreadyExists',
  'needs-confirmation': 'problem.needsConfirmation',
  gone: 'problem.gone',
  'payload-too-large': 'problem.tooLarge',
  'unsupported-media-type': 'problem.unsupportedType',
  unprocessable: 'problem.unprocessable',
  'rate-limited': 'problem.rateLimited',
  internal: 'problem.internal',
  'dependency-unavailable': 'problem.unavailable',
  'shutting-down': 'problem.shuttingDown',
} as const satisfies Record<string, MessageKey>

const PROBLEM_BASE = 'https://prost.dev/problems/'

/** A type outside the catalog (a proxy's 502, an old server) still gets a sentence, by status. */
function byStatus(status: number): MessageKey {
  if (status >= 500) return 'problem.internal'
  if (status === 401) return 'problem.unauthenticated'
  if (status === 403) return 'problem.forbidden'
  if (status === 404) return 'problem.notFound'
  if (status === 405) return 'problem.methodNotAllowed'
  if (status === 409) return 'problem.conflict'
  if (status === 410) return 'problem.gone'
  if (status === 413) return 'problem.tooLarge'
  if (status === 415) return 'problem.unsupportedType'
  if (status === 422) return 'problem.unprocessable'
  if (status === 429) return 'problem.rateLimited'
  return 'problem.validation'
}

export function problemMessage(problem: Pick<Problem, 'type' | 'status'>): MessageKey {
  const kind = problem.type.startsWith(PROBLEM_BASE) ? problem.type.slice(PROBLEM_BASE.length) : ''
  return kind in PROBLEM_MESSAGES
    ? PROBLEM_MESSAGES[kind as keyof typeof PROBLEM_MESSAGES]
    : byStatus(problem.status)
}

type Params = Record<string, string | number>
type Known = [RegExp, MessageKey, (m: RegExpExecArray) => Params] | [RegExp, MessageKey]

/** Server details that say more than their type, in the services' words (services/*\/src). */
const DETAILS: Known[] = [
  [/^The email or password is wrong/, 'problem.wrongLogin'],
  [/^This account has been disabled/, 'problem.accountDisabled'],
  [/^This session has ended/, 'problem.sessionEnded'],
  [/^An account with this login already exists/, 'problem.emailTaken'],
  [/^Your account is being created/, 'problem.accountPending'],
  [/^Only the organizer can/, 'problem.organizerOnly'],
  [/^Join the event first/, 'problem.joinFirst'],
  [/^This event is private/, 'problem.privateEvent'],
  [/^This invite link is not valid/, 'problem.inviteInvalid'],
  [/^No such event/, 'problem.noEvent'],
  [/^No such (time|place) option/, 'problem.optionGone'],
  [/^The event has no option/, 'problem.optionGone'],
  [/^The event is (finalized|cancelled); .* only possible while voting/, 'problem.votingOver'],
  [/^(The event is|This event was) cancelled/, 'problem.eventCancelled'],
  [/^The organizer has finalized this event/, 'problem.decided'],
  [/^Voting closed at/, 'problem.votingClosed'],
  [/^This event is full/, 'problem.eventFull'],
  [/^The organizer removed you from this event/, 'problem.removed'],
  [/^The organizer cannot be removed/, 'problem.organizerStays'],
  [/^The last organizer cannot leave/, 'problem.lastOrganizer'],
  [/^No such participant/, 'problem.noParticipant'],
  [/^At most \d+ invitations/, 'problem.invitationsFull'],
  [/^An event can have at most (\d+) time options/, 'problem.tooManyTimes', (m) => ({ max: m[1]! })],
  [/^An event can have at most (\d+) place options/, 'problem.tooManyPlaces', (m) => ({ max: m[1]! })],
  [/^Only a finalized event can be rescheduled/, 'problem.finalizeFirst'],
  [/^The event has no final time and place yet/, 'problem.noFinal'],
  [/^The file is not a JPEG, PNG or WebP image/, 'v.coverType'],
  [/^Image storage is unavailable/, 'problem.storageDown'],
  [/^Too many requests; try again in (\d+)/, 'problem.retryIn', (m) => ({ n: m[1]! })],
  [/^This record is busy/, 'problem.busy'],
  [/^A date range can span at most (\d+) days/, 'problem.rangeTooLong', (m) => ({ n: m[1]! })],
]

/** Validation messages: Ajv's wording (bodies are checked against the contract) and the services' own. */
const FIELD_MESSAGES: Known[] = [
  [/^is required/, 'v.required'],
  [/must NOT have more than (\d+) characters/, 'v.tooLong', (m) => ({ max: m[1]! })],
  [/must NOT have fewer than 1 characters/, 'v.required'],
  [/must NOT have fewer than (\d+) characters/, 'v.tooShort', (m) => ({ min: m[1]! })],
  [/must NOT have more than (\d+) items/, 'v.tooMany', (m) => ({ max: m[1]! })],
  [/must NOT have fewer than (\d+) items/, 'v.tooFew', (m) => ({ min: m[1]! })],
  [/must match format "(uri|url)"/, 'v.url'],
  [/must match format "email"/, 'v.email'],
  [/must match format "(date-time|date)"|is not a valid date/, 'v.date'],
  [/must match pattern|must match format "(single|multi)-line-text"|without control characters/, 'v.pattern'],
  [/must be [<>]=? ?/, 'v.outOfRange'],
  [/must be equal to one of the allowed values|must be equal to constant/, 'v.choice'],
  [/is in the past/, 'v.timePast'],
  [/the same time is proposed twice/, 'v.duplicate'],
  [/must be after startsAt/, 'v.endBeforeStart'],
  [/must be within \d+ days of startsAt/, 'v.tooLongSpan'],
  [/is more than five years ahead/, 'v.tooFarAhead'],
  [/is not a known IANA time zone/, 'v.timeZone'],
  [/is not one of this event/, 'problem.optionGone'],
]

function known(text: string | undefined, table: Known[], t: Translate): string | undefined {
  if (!text) return undefined
  for (const [pattern, key, params] of table) {
    const m = pattern.exec(text)
    if (m) return t(key, params?.(m))
  }
  return undefined
}

/** Field names for the last meaningful step of a problem path ("/body/placeOptions/1/address"). */
const FIELD_LABELS: Record<string, MessageKey> = {
  title: 'form.title',
  description: 'form.description',
  timeZone: 'form.timeZone',
  votingDeadline: 'form.deadline',
  visibility: 'form.visibility',
  timeOptions: 'event.times',
  placeOptions: 'event.places',
  name: 'form.placeName',
  address: 'form.address',
  mapUrl: 'form.mapUrl',
  email: 'auth.email',
  password: 'auth.password',
  displayName: 'auth.displayName',
  text: 'comments.title',
}

/** "/body/timeOptions/0/startsAt" → "Time 1"; "/body/placeOptions/1/address" → "Place 2 · Address". */
export function fieldLabel(path: string, t: Translate): string | undefined {
  const steps = fieldKey(path).split('.')
  const [first, index, sub] = steps
  if ((first === 'timeOptions' || first === 'placeOptions') && index !== undefined && /^\d+$/.test(index)) {
    const option = t(first === 'timeOptions' ? 'form.timeN' : 'form.placeN', { n: Number(index) + 1 })
    const part = first === 'placeOptions' && sub && sub !== 'name' ? FIELD_LABELS[sub] : undefined
    return part ? `${option} · ${t(part)}` : option
  }
  const key = first ? FIELD_LABELS[first] : undefined
  return key && steps.length === 1 ? t(key) : undefined
}

function fieldMessage(path: string, message: string, t: Translate): string {
  // Nobody types an invite token: whatever is wrong with it, the link is what does not work.
  if (/\/inviteToken$/.test(path)) return t('problem.inviteInvalid')
  if (/\/mapUrl$/.test(path) && /format|pattern/.test(message)) return t('v.url')
  return known(message, FIELD_MESSAGES, t) ?? t('v.invalid')
}

/** The `t` of the current language, for callers outside a component. */
const currentLanguage: Translate = (key, params) => translate(detectLanguage(), key, params)

export function readableError(error: unknown, t: Translate = currentLanguage): ReadableError {
  if (error instanceof ApiError) {
    const p: Problem = error.problem
    if (p.status === 0) return { title: t('common.offline'), fields: [] }
    const fields = (p.errors ?? []).map((e) => ({
      path: e.path,
      label: /\/inviteToken$/.test(e.path) ? undefined : fieldLabel(e.path, t),
      message: fieldMessage(e.path, e.message, t),
    }))
    // 5xx details are the server's business (and never sent); a known 4xx detail says it best.
    const detail = p.status < 500 ? known(p.detail, DETAILS, t) : undefined
    if (detail && fields.length === 0) return { title: detail, fields }
    return { title: t(problemMessage(p)), detail, fields }
  }
  return { title: t('common.error'), fields: [] }
}

/** "/body/timeOptions/0/startsAt" → the form's own field key "timeOptions.0.startsAt". */
export function fieldKey(path: string): string {
  return path
    .replace(/^\/(body|query|querystring|params)\//, '')
    .split('/')
    .join('.')
}

/** Server field errors keyed by form field, translated, for inline display. */
export function fieldErrors(error: unknown, t: Translate = currentLanguage): Record<string, string> {
  if (!(error instanceof ApiError)) return {}
  const out: Record<string, string> = {}
  for (const e of error.problem.errors ?? []) out[fieldKey(e.path)] ??= fieldMessage(e.path, e.message, t)
  return out
}
