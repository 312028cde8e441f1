/**
 * The catalog of problem types (RFC 9457). `type` URIs are stable: clients may switch on them.
 * Throw an HttpProblem anywhere in a handler; the error handler turns it into problem+json.
 */
const BASE = 'https://prost.dev/problems/'

export const PROBLEMS = {
  validation: { status: 400, title: 'Your request is not valid' },
  malformed: { status: 400, title: 'The request body could not be read' },
  unauthenticated: { status: 401, title: 'You need to sign in first' },
  forbidden: { status: 403, title: 'You are not allowed to do that' },
  'not-found': { status: 404, title: 'Nothing here' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'That clashes with the current state' },
  'already-exists': { status: 409, title: 'That already exists' },
  /** The request is allowed but needs the caller's explicit confirmation (e.g. `force: true`). */
  'needs-confirmation': { status: 409, title: 'Please confirm this first' },
  gone: { status: 410, title: 'That is gone' },
  'payload-too-large': { status: 413, title: 'The request is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  unprocessable: { status: 422, title: 'The request cannot be processed' },
  'rate-limited': { status: 429, title: 'Slow down, the beer is not going anywhere' },
  internal: { status: 500, title: 'Something went wrong on our side' },
  'dependency-unavailable': {
    status: 503,
    title: 'A service we depend on is unavailable, try again shortly',
  },
  'shutting-down': { status: 503, title: 'This instance is shutting down, try again' },
} as const satisfies Record<string, { status: number; title: string }>

export type ProblemKind = keyof typeof PROBLEMS

export const problemType = (kind: ProblemKind) => BASE + kind

export interface ProblemField {
  path: string
  message: string
}

export class HttpProblem extends Error {
  readonly kind: ProblemKind
  readonly statusCode: number
  readonly title: string
  readonly errors: ProblemField[] | undefined
  readonly headers: Record<string, string> | undefined

  constructor(
    kind: ProblemKind,
    detail?: string,
    extra: { errors?: ProblemField[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(detail ?? PROBLEMS[kind].title, { cause: extra.cause })
    this.name = 'HttpProblem'
    this.kind = kind
    this.statusCode = PROBLEMS[kind].status
    this.title = PROBLEMS[kind].title
    this.errors = extra.errors
    this.headers = extra.headers
  }
}

export const notFound = (detail?: string) => new HttpProblem('not-found', detail)
export const forbidden = (detail?: string) => new HttpProblem('forbidden', detail)
export const unauthenticated = (detail?: string) => new HttpProblem('unauthenticated', detail)
export const conflict = (detail?: string) => new HttpProblem('conflict', detail)
export const invalid = (path: string, message: string) =>
  new HttpProblem('validation', `${path}: ${message}`, { errors: [{ path, message }] })
