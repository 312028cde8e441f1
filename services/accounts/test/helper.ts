/**
 * The accounts service on the real test stack (@prost/platform/testing), and the fixtures its tests
 * share. Every call comes from its own random IP unless one is given: per-IP rate limits live in the
 * shared Redis, so tests (and re-runs) must not share an IP.
 */
import { randomInt } from 'node:crypto'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { bearer, buildService, uniqueName } from '@prost/platform/testing'
import type { AuthSession } from '@prost/contracts'
import { accountsService } from '../src/app.js'

export const build = (env: Record<string, string> = {}) => buildService(accountsService, env)

export const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`

export const newEmail = (tag = 'user') => `${uniqueName(tag)}@example.com`

export const PASSWORD = 'correct horse battery staple'

interface CallOptions {
  ip?: string
  token?: string | undefined
  headers?: Record<string, string>
}

export function call(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    remoteAddress: options.ip ?? randomIp(),
    headers: { ...options.headers, ...(options.token ? bearer(options.token) : {}) },
    ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
  })
}

export interface RegisteredUser {
  email: string
  password: string
  session: AuthSession
}

export async function registerUser(
  app: FastifyInstance,
  fields: {
    email?: string
    password?: string
    displayName?: string
    timeZone?: string
    language?: string
  } = {},
): Promise<RegisteredUser> {
  const email = fields.email ?? newEmail()
  const password = fields.password ?? PASSWORD
  const res = await call(app, 'POST', '/api/auth/register', {
    email,
    password,
    displayName: fields.displayName ?? 'Test User',
    ...(fields.timeZone ? { timeZone: fields.timeZone } : {}),
    ...(fields.language ? { language: fields.language } : {}),
  })
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`)
  return { email, password, session: res.json<AuthSession>() }
}

export const login = (app: FastifyInstance, email: string, password: string, options: CallOptions = {}) =>
  call(app, 'POST', '/api/auth/login', { email, password }, options)

export const refresh = (app: FastifyInstance, refreshToken: string, options: CallOptions = {}) =>
  call(app, 'POST', '/api/auth/refresh', { refreshToken }, options)

/** The claims of an access token the service issued, read without checking the signature. */
export const decodeJwt = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>

/** Problem bodies without the parts that differ per request. */
export const stableProblem = (res: LightMyRequestResponse) => {
  const { requestId: _requestId, ...rest } = res.json<Record<string, unknown>>()
  return rest
}
