/**
 * Every collection's indexes in the accounts database, ensured by the kit before the service serves.
 * `logins` and `disabled_users` need none: they are only ever looked up by `_id`.
 */
import type { IndexPlan } from '@prost/platform'

export const indexes: IndexPlan = {
  // User search asks for users having a word starting with each query word (see users/name-tokens.ts).
  users: [{ key: { namePrefixes: 1 }, name: 'namePrefixes' }],
  // FerretDB v1 has no TTL indexes, so a user's expired token documents are deleted by userId when
  // they start a new session; disabling a user also finds their live sessions by userId.
  refresh_tokens: [{ key: { userId: 1 }, name: 'userId' }],
  refresh_token_uses: [{ key: { userId: 1 }, name: 'userId' }],
  refresh_family_revocations: [{ key: { userId: 1 }, name: 'userId' }],
}
