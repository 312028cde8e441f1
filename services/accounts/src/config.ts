import { Type, type Static } from '@sinclair/typebox'
import { InternalApiConfigSchema, serviceConfigSchema } from '@prost/platform'

/** Settings only the accounts service reads. */
export const AccountsSettingsSchema = Type.Object({
  TELEGRAM_BOT_TOKEN: Type.String({
    default: '',
    description: 'Token of the bot behind the Telegram Login Widget; empty turns Telegram login off',
  }),
  TELEGRAM_BOT_USERNAME: Type.String({
    default: '',
    pattern: '^([A-Za-z0-9_]{3,64})?$',
    description: "That bot's username, which the SPA's Login Widget shows; empty hides the widget",
  }),
  TELEGRAM_WEBAPP_MAX_AGE_SECONDS: Type.Integer({
    minimum: 60,
    maximum: 7 * 86400,
    default: 86400,
    description:
      "How old a Mini App's initData (its auth_date) may be when it signs in; Telegram keeps one initData for the whole Mini App session",
  }),
  ADMIN_EMAILS: Type.String({
    default: '',
    description: 'Comma-separated emails whose accounts get the admin role when they register or log in',
  }),
  REFRESH_TOKEN_TTL_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 30 }),
})

export const AccountsConfigSchema = serviceConfigSchema(AccountsSettingsSchema, InternalApiConfigSchema)
export type AccountsConfig = Static<typeof AccountsConfigSchema>
