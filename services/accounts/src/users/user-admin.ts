/** What admins do with accounts: page through them, disable and enable one. */
import type { ObjectId } from 'mongodb'
import { conflict, idCursor, notFound } from '@prost/platform'
import type { ListUsersQuery, User, UserPage } from '@prost/contracts'
import type { AccountsContext } from '../accounts-context.js'
import { describeUsers } from './profile.js'

const DEFAULT_PAGE_SIZE = 20

export async function listUsers(
  ctx: Pick<AccountsContext, 'usersRepository' | 'accountsSettings'>,
  query: ListUsersQuery,
): Promise<UserPage> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE
  // One extra document tells whether another page follows.
  // Cursors are the id of the last user on the previous page.
  const after = query.cursor === undefined ? undefined : idCursor.decode(query.cursor)
  const docs = await ctx.usersRepository.listPage(after, limit + 1)
  const page = docs.slice(0, limit)
  const last = page.at(-1)
  return {
    items: await describeUsers(ctx, page),
    nextCursor: docs.length > limit && last ? idCursor.encode(last._id) : null,
  }
}

/**
 * A disabled user can neither log in nor refresh: the flag is checked at both, and every live session
 * family is revoked. The flag is written first, so a refresh racing with this still fails.
 */
export async function setUserDisabled(
  ctx: Pick<AccountsContext, 'usersRepository' | 'refreshTokens' | 'accountsSettings'>,
  adminId: ObjectId,
  userId: ObjectId,
  disabled: boolean,
): Promise<User> {
  if (disabled && adminId.equals(userId)) throw conflict('You cannot disable your own account')
  const user = await ctx.usersRepository.findById(userId)
  if (!user) throw notFound('No user with this id')
  if (disabled) {
    await ctx.usersRepository.disable(userId, adminId)
    await ctx.refreshTokens.revokeAllFor(userId, 'disabled')
  } else {
    await ctx.usersRepository.enable(userId)
  }
  return (await describeUsers(ctx, [user]))[0] as User
}
