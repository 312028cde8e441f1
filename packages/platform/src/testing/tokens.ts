/**
 * Access tokens as the accounts service issues them (same algorithm, the test secret every
 * `buildService` app trusts), signed without a running accounts service.
 */
import { createSigner } from 'fast-jwt'
import type { AccessClaims } from '../auth.js'

/** The JWT secret of every service built by `buildService` (unless a test overrides JWT_SECRET). */
export const TEST_JWT_SECRET = 'prost-test-secret-0123456789-abcdefghijklmnopqrstuv'

/**
 * The INTERNAL_API_TOKEN the whole-stack tests give every service (test/support serviceEnv), so the
 * bot and accounts trust each other there; `buildService` alone sets none (internal routes off).
 */
export const TEST_INTERNAL_API_TOKEN = 'prost-test-internal-token-0123456789-abcdefghij'

export function signTestToken(
  claims: AccessClaims,
  options: { expiresInSeconds?: number; secret?: string } = {},
) {
  const expiresIn = (options.expiresInSeconds ?? 900) * 1000
  return createSigner({ key: options.secret ?? TEST_JWT_SECRET, algorithm: 'HS256', expiresIn })(claims)
}

/** The Authorization header for a token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
