/** Sessions: logging in, the tokens a session is made of, and renewing or ending it. */
import { Type, type Static } from '@sinclair/typebox'
import { EmailSchema, UserSchema } from './user.js'

// The password is only compared, never stored, and is not held to NewPasswordSchema's text rules:
// whoever chose one before those rules existed can still log in with it.
export const LoginSchema = Type.Object(
  { email: EmailSchema, password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
)
export type Login = Static<typeof LoginSchema>

/** Opaque refresh token as issued (base64url); each one can be used once. */
export const RefreshTokenSchema = Type.String({ minLength: 16, maxLength: 256, pattern: '^[A-Za-z0-9_-]+$' })

export const RefreshSchema = Type.Object(
  { refreshToken: RefreshTokenSchema },
  { additionalProperties: false },
)
export type Refresh = Static<typeof RefreshSchema>

export const LogoutSchema = Type.Object({ refreshToken: RefreshTokenSchema }, { additionalProperties: false })
export type Logout = Static<typeof LogoutSchema>

export const AuthSessionSchema = Type.Object(
  {
    user: UserSchema,
    accessToken: Type.String({ description: 'JWT for the Authorization: Bearer header' }),
    accessTokenExpiresIn: Type.Integer({ description: 'Seconds until the access token expires' }),
    refreshToken: Type.String({ description: 'Single use: trade it at /api/auth/refresh for a new session' }),
  },
  { additionalProperties: false },
)
export type AuthSession = Static<typeof AuthSessionSchema>
