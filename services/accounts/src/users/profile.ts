/** Reading and editing one's own profile, and the public shape of a user. */
import type { ObjectId } from 'mongodb'
import { notFound, type Role } from '@prost/platform'
import type { UpdateProfile, User } from '@prost/contracts'
import type { AccountsContext } from '../accounts-context.js'
import type { ProfileChanges, UserDocument } from './users-repository.js'
import { cleanDisplayName, requireTimeZone } from './profile-fields.js'
import { roleOf } from './roles.js'

export function toUserView(doc: UserDocument, role: Role, disabled: boolean): User {
  const view: User = {
    id: doc._id.toHexString(),
    displayName: doc.displayName,
    role,
    timeZone: doc.timeZone,
    language: doc.language,
    disabled,
    createdAt: doc.createdAt.toISOString(),
  }
  if (doc.email) view.email = doc.email
  if (doc.telegram) {
    view.telegram = { id: doc.telegram.id }
    if (doc.telegram.username) view.telegram.username = doc.telegram.username
  }
  return view
}

type ViewContext = Pick<AccountsContext, 'usersRepository' | 'accountsSettings'>

/** Views of several users with their role and disabled flag (one lookup for all). */
export async function describeUsers(ctx: ViewContext, docs: UserDocument[]): Promise<User[]> {
  const disabled = await ctx.usersRepository.disabledAmong(docs.map((doc) => doc._id))
  return docs.map((doc) =>
    toUserView(doc, roleOf(doc, ctx.accountsSettings.adminEmails), disabled.has(doc._id.toHexString())),
  )
}

const describeUser = async (ctx: ViewContext, doc: UserDocument) =>
  (await describeUsers(ctx, [doc]))[0] as User

const accountGone = () => notFound('This account no longer exists')

export async function getProfile(ctx: ViewContext, userId: ObjectId): Promise<User> {
  const user = await ctx.usersRepository.findById(userId)
  if (!user) throw accountGone()
  return describeUser(ctx, user)
}

export async function updateProfile(
  ctx: ViewContext,
  userId: ObjectId,
  changes: UpdateProfile,
): Promise<User> {
  const set: ProfileChanges = {}
  if (changes.displayName !== undefined) set.displayName = cleanDisplayName(changes.displayName)
  if (changes.timeZone !== undefined) set.timeZone = requireTimeZone(changes.timeZone)
  if (changes.language !== undefined) set.language = changes.language
  const updated = await ctx.usersRepository.updateProfile(userId, set)
  if (!updated) throw accountGone()
  return describeUser(ctx, updated)
}
