/**
 * Sign-up and log-in checks, held to the accounts contract (the register and login bodies) so
 * errors show before a round trip and the form never disagrees with the server on a limit.
 */
import { LoginSchema, RegisterSchema } from '@prost/contracts'
import { Type } from '@sinclair/typebox'
import { ValueErrorType } from '@sinclair/typebox/errors'
import type { Resolver } from 'react-hook-form'
import { contractErrors, resolverResult, type FormErrors, type Wording } from './contract-errors'

export type AuthMode = 'login' | 'signup'

export interface AuthValues {
  email: string
  password: string
  displayName: string
}

/** What the form checks, per mode: the fields of the body it sends. */
export const AUTH_SCHEMAS = {
  signup: Type.Pick(RegisterSchema, ['displayName', 'email', 'password']),
  login: LoginSchema,
}

/** The values as the contract reads them: names and addresses trimmed, passwords as typed. */
function checked(values: AuthValues, mode: AuthMode) {
  const email = values.email.trim()
  return mode === 'signup'
    ? { displayName: values.displayName.trim(), email, password: values.password }
    : { email, password: values.password }
}

const wording: Wording = (field, kind) => {
  if (field === 'email' && kind === ValueErrorType.StringFormat) return 'v.email'
  if (field === 'password' && kind === ValueErrorType.StringMinLength) return 'v.passwordShort'
  return undefined
}

export function validateAuth(values: AuthValues, mode: AuthMode): Promise<FormErrors> {
  return contractErrors(AUTH_SCHEMAS[mode], checked(values, mode), { wording })
}

export const authResolver: Resolver<AuthValues, AuthMode> = async (values, mode, options) =>
  resolverResult(values, await validateAuth(values, mode ?? 'login'), options)
