/** A session is a short-lived access token plus a rotating refresh token; issuing, renewing and ending one. */
import { unauthenticated } from '@prost/platform'
import type { AuthSession } from '@prost/contracts'
import type { AccountsContext } from '../accounts-context.js'
import type { UserDocument } from '../users/users-repository.js'
import { toUserView } from '../users/profile.js'
import { roleOf } from '../users/roles.js'

/** One answer for every refused refresh: the client's next step is the same (sign in again). */
const sessionEnded = () => unauthenticated('This session has ended; sign in again')

/** A new session for `user` (known to be enabled), or the next one in `familyId` when renewing. */
export async function issueSession(
  ctx: Pick<AccountsContext, 'refreshTokens' | 'signAccessToken' | 'accountsSettings'>,
  user: UserDocument,
  familyId?: string,
): Promise<AuthSession> {
  const refreshToken = familyId
    ? await ctx.refreshTokens.issue(user._id, familyId)
    : await ctx.refreshTokens.startFamily(user._id)
  const role = roleOf(user, ctx.accountsSettings.adminEmails)
  const accessToken = await ctx.signAccessToken({
    sub: user._id.toHexString(),
    kind: 'user',
    role,
    name: user.displayName,
  })
  return {
    user: toUserView(user, role, false),
    accessToken,
    accessTokenExpiresIn: ctx.accountsSettings.accessTokenTtlSeconds,
    refreshToken,
  }
}

export async function refreshSession(ctx: AccountsContext, refreshToken: string): Promise<AuthSession> {
  const consumed = await ctx.refreshTokens.consume(refreshToken)
  if (consumed.status === 'reused') {
    ctx.log.warn(
      { userId: consumed.userId.toHexString(), familyId: consumed.familyId },
      'a used refresh token was presented again; its session family is revoked',
    )
  }
  if (consumed.status !== 'valid') throw sessionEnded()
  const user = await ctx.usersRepository.findById(consumed.userId)
  if (!user || (await ctx.usersRepository.isDisabled(user._id))) {
    await ctx.refreshTokens.revokeFamily(consumed.userId, consumed.familyId, 'disabled')
    throw sessionEnded()
  }
  return issueSession(ctx, user, consumed.familyId)
}

/** Logout. Unknown tokens are ignored: the outcome the caller wants (no session) already holds. */
export async function endSession(
  ctx: Pick<AccountsContext, 'refreshTokens'>,
  refreshToken: string,
): Promise<void> {
  await ctx.refreshTokens.revokeFamilyOf(refreshToken, 'logout')
}
