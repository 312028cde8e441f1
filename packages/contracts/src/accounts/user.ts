/** Accounts: who a user is, how they register and edit their profile, and how others find them by name. */
import { Type, type Static } from '@sinclair/typebox'
import { Instant, ObjectIdString } from '../common/ids.js'
import { TimeZoneName } from '../common/time-zone.js'
import { SingleLineText } from '../common/text.js'

export const LanguageSchema = Type.Union([Type.Literal('en'), Type.Literal('ru')], {
  description: 'Language of the UI and of Telegram messages',
})
export type Language = Static<typeof LanguageSchema>

export const UserRoleSchema = Type.Union([Type.Literal('user'), Type.Literal('admin')])
export type UserRole = Static<typeof UserRoleSchema>

export const DisplayNameSchema = SingleLineText({
  minLength: 1,
  maxLength: 80,
  pattern: '\\S',
  description: 'Shown to friends; leading and trailing spaces are trimmed',
})

export const EmailSchema = Type.String({ format: 'email', maxLength: 254 })

/** New passwords; long passphrases welcome, the upper bound only caps hashing work. */
export const NewPasswordSchema = SingleLineText({ minLength: 8, maxLength: 256 })

export const UserSchema = Type.Object(
  {
    id: ObjectIdString,
    displayName: Type.String(),
    email: Type.Optional(Type.String({ description: 'Absent for accounts created through Telegram' })),
    telegram: Type.Optional(
      Type.Object(
        { id: Type.Integer(), username: Type.Optional(Type.String()) },
        { additionalProperties: false, description: 'Present when the account signs in with Telegram' },
      ),
    ),
    role: UserRoleSchema,
    timeZone: Type.String(),
    language: LanguageSchema,
    disabled: Type.Boolean(),
    createdAt: Instant,
  },
  { additionalProperties: false },
)
export type User = Static<typeof UserSchema>

/** What other users may see of someone: enough to invite them, nothing more. */
export const UserSummarySchema = Type.Object(
  { id: ObjectIdString, displayName: Type.String() },
  { additionalProperties: false },
)
export type UserSummary = Static<typeof UserSummarySchema>

export const RegisterSchema = Type.Object(
  {
    email: EmailSchema,
    password: NewPasswordSchema,
    displayName: DisplayNameSchema,
    timeZone: Type.Optional(TimeZoneName),
    language: Type.Optional(LanguageSchema),
  },
  { additionalProperties: false },
)
export type Register = Static<typeof RegisterSchema>

export const UpdateProfileSchema = Type.Object(
  {
    displayName: Type.Optional(DisplayNameSchema),
    timeZone: Type.Optional(TimeZoneName),
    language: Type.Optional(LanguageSchema),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateProfile = Static<typeof UpdateProfileSchema>

export const UserSearchQuerySchema = Type.Object(
  { q: SingleLineText({ minLength: 1, maxLength: 80, description: 'Start of a name, e.g. "ada lo"' }) },
  { additionalProperties: false },
)
export type UserSearchQuery = Static<typeof UserSearchQuerySchema>

export const UserSearchResultSchema = Type.Object(
  { items: Type.Array(UserSummarySchema, { maxItems: 20 }) },
  { additionalProperties: false },
)
export type UserSearchResult = Static<typeof UserSearchResultSchema>
