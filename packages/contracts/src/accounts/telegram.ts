/**
 * The Telegram Login Widget payload (https://core.telegram.org/widgets/login), sent as the widget gives it.
 * The names are checked against Telegram's signature exactly as sent, so they are not held to the text
 * formats; accounts cleans them (toSingleLineText) before storing them.
 */
import { Type, type Static } from '@sinclair/typebox'

export const TelegramLoginSchema = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    first_name: Type.String({ maxLength: 256 }),
    last_name: Type.Optional(Type.String({ maxLength: 256 })),
    username: Type.Optional(Type.String({ maxLength: 64 })),
    photo_url: Type.Optional(Type.String({ maxLength: 2048 })),
    auth_date: Type.Integer({ minimum: 0, description: 'Unix time (seconds) of the widget login' }),
    hash: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'HMAC-SHA-256 (hex) of the other fields' }),
  },
  { additionalProperties: false },
)
export type TelegramLogin = Static<typeof TelegramLoginSchema>

/** Which sign-in methods this deployment offers, so one SPA build fits every deployment. */
export const AuthProvidersSchema = Type.Object(
  {
    password: Type.Boolean(),
    telegram: Type.Union([
      Type.Object(
        { botUsername: Type.String({ description: 'The bot the Login Widget shows' }) },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
)
export type AuthProviders = Static<typeof AuthProvidersSchema>
