/** Client-side checks for sign-up and log-in, mirroring the accounts contract so errors show before a round trip. */
import type { MessageKey } from '../i18n/dictionary'

export interface AuthValues {
  email: string
  password: string
  displayName: string
}
export type AuthErrors = Partial<Record<keyof AuthValues, MessageKey>>

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function validateAuth(values: AuthValues, mode: 'login' | 'signup'): AuthErrors {
  const errors: AuthErrors = {}
  if (!values.email.trim()) errors.email = 'v.required'
  else if (!EMAIL.test(values.email.trim())) errors.email = 'v.email'
  if (!values.password) errors.password = 'v.required'
  else if (mode === 'signup' && values.password.length < 8) errors.password = 'v.passwordShort'
  if (mode === 'signup' && !values.displayName.trim()) errors.displayName = 'v.required'
  return errors
}
