/**
 * Who is an admin: the accounts whose email is listed in ADMIN_EMAILS; everyone else is a user.
 * The role is worked out from the config whenever a token or view is made, never stored, so listing
 * or unlisting an email takes effect at the user's next login or refresh.
 */
import type { Role } from '@prost/platform'
import { normalizeEmail } from './profile-fields.js'
import type { UserDocument } from './users-repository.js'

export function parseAdminEmails(list: string): ReadonlySet<string> {
  return new Set(
    list
      .split(',')
      .map(normalizeEmail)
      .filter((email) => email.length > 0),
  )
}

export const roleOf = (user: Pick<UserDocument, 'email'>, adminEmails: ReadonlySet<string>): Role =>
  user.email !== undefined && adminEmails.has(normalizeEmail(user.email)) ? 'admin' : 'user'
