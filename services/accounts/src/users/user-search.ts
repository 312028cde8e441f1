/** "Invite registered users by name": a few matches, each only an id and a display name. */
import type { UserSearchResult } from '@prost/contracts'
import type { AccountsContext } from '../accounts-context.js'
import { queryPrefixes } from './name-tokens.js'

export const SEARCH_LIMIT = 20

export async function searchUsers(
  ctx: Pick<AccountsContext, 'usersRepository'>,
  query: string,
): Promise<UserSearchResult> {
  // Disabled users are left out; they are few, so a margin of candidates usually still fills the page.
  const candidates = await ctx.usersRepository.searchByNamePrefixes(queryPrefixes(query), SEARCH_LIMIT * 2)
  const disabled = await ctx.usersRepository.disabledAmong(candidates.map((user) => user._id))
  return {
    items: candidates
      .filter((user) => !disabled.has(user._id.toHexString()))
      .slice(0, SEARCH_LIMIT)
      .map((user) => ({ id: user._id.toHexString(), displayName: user.displayName })),
  }
}
