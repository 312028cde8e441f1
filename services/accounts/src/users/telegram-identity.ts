/**
 * One account per person, also for people who registered with an email first: when the bot links
 * their Telegram chat (`/start <link token>` made by that account), the Telegram id becomes a login
 * of that account. Taps in group chats, nudges, the Mini App and the Login Widget then all sign in
 * to it, instead of to a separate Telegram-only account.
 *
 * If the Telegram id already signed in to another account (a Telegram-only one made by an earlier
 * tap, or another email account linked before), the login moves: the person proved both ends (they
 * hold the Telegram account and the session that made the token). The other account keeps what it
 * did before (its votes are not merged); it just no longer answers to this Telegram id.
 */
import { ObjectId } from 'mongodb'
import { forbidden, notFound } from '@prost/platform'
import { toSingleLineText, type TelegramIdentityLink } from '@prost/contracts'
import type { AccountsContext } from '../accounts-context.js'
import type { TelegramIdentity } from '../sessions/sign-in.js'
import { telegramLoginId, type UserDocument } from './users-repository.js'

export async function linkTelegramIdentity(
  ctx: AccountsContext,
  userId: string,
  identity: TelegramIdentity,
): Promise<TelegramIdentityLink> {
  const repository = ctx.usersRepository
  const id = new ObjectId(userId)
  const user = await repository.findById(id)
  if (!user) throw notFound('No such account')
  if (await repository.isDisabled(id)) throw forbidden('This account has been disabled')

  const loginId = telegramLoginId(identity.id)
  let previousUserId: ObjectId | null = null
  if (!(await repository.addLogin(loginId, id))) {
    const login = await repository.findLogin(loginId)
    if (login && !login.userId.equals(id)) {
      previousUserId = login.userId
      await repository.moveLogin(login, id)
      await repository.setTelegram(previousUserId, null)
      ctx.log.info(
        { telegramId: identity.id, from: previousUserId.toHexString(), to: userId },
        'telegram id moved to the account that linked it',
      )
    }
  }
  const telegram: NonNullable<UserDocument['telegram']> = { id: identity.id }
  const username = toSingleLineText(identity.username ?? '').trim()
  if (username) telegram.username = username
  await repository.setTelegram(id, telegram)
  return { userId, telegramId: identity.id, previousUserId: previousUserId?.toHexString() ?? null }
}
