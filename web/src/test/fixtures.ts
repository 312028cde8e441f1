/** The signed-in user the web tests share, and the session the accounts service gives them. */
import type { AuthSession, User } from '@prost/contracts'
import { setSession, type StoredSession } from '../api/session'

export const testUser: User = {
  id: 'a'.repeat(24),
  displayName: 'Ada',
  role: 'user',
  timeZone: 'UTC',
  language: 'en',
  disabled: false,
  createdAt: '2030-01-01T00:00:00Z',
}

/** A login or refresh answer: tokens for `user` (the test user unless told). */
export const testAuthSession = (
  accessToken = 'acc',
  refreshToken = 'refresh-token-123456',
  user: Partial<User> = {},
): AuthSession => ({ user: { ...testUser, ...user }, accessToken, accessTokenExpiresIn: 900, refreshToken })

/** Signs the browser in (access token "acc" unless told) and returns the stored session. */
export function signIn(
  user: Partial<User> = {},
  tokens: { accessToken?: string; refreshToken?: string } = {},
): StoredSession {
  return setSession(testAuthSession(tokens.accessToken, tokens.refreshToken, user))!
}
