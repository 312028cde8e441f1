/**
 * Access tokens already verified, kept by their exact text until their expiry, and never longer
 * than `ttlMs`: a client sends the same token on every request for minutes, and a request needs its
 * claims twice (the rate limit's key, then the route's guard). fast-jwt's own cache keys each entry
 * by a SHA-256 of the token, which in a board read's profile cost about as much as the HMAC it saves
 * (the two lookups were ~7 % of the process's samples); a Map lookup by the string costs next to
 * nothing. Only tokens that verified are kept: a bad one is checked, and refused, every time.
 * The claims are frozen, because every request that sends the token gets the same object.
 */
export interface VerifiedTokensOptions {
  /** Tokens kept at most; the oldest entry goes first. */
  max: number
  /** How long a verified token is trusted without verifying it again (never past its `exp`). */
  ttlMs: number
  now?: () => number
}

export function createVerifiedTokens<C extends object>(
  verify: (token: string) => C,
  { max, ttlMs, now = Date.now }: VerifiedTokensOptions,
) {
  const kept = new Map<string, { claims: Readonly<C>; until: number }>()

  return function verified(token: string): Readonly<C> {
    const at = now()
    const hit = kept.get(token)
    if (hit) {
      if (at < hit.until) return hit.claims
      kept.delete(token)
    }
    const claims = Object.freeze(verify(token))
    const exp = (claims as { exp?: unknown }).exp
    const until = typeof exp === 'number' ? Math.min(at + ttlMs, exp * 1000) : at + ttlMs
    if (kept.size >= max) kept.delete(kept.keys().next().value!)
    kept.set(token, { claims, until })
    return claims
  }
}
