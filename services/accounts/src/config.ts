import { Type, type Static } from '@sinclair/typebox'
import { serviceConfigSchema } from '@prost/platform'

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
  ADMIN_EMAILS: Type.String({
    default: '',
    description: 'Comma-separated emails whose accounts get the admin role when they register or log in',
  }),
  REFRESH_TOKEN_TTL_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 30 }),
})

export const AccountsConfigSchema = serviceConfigSchema(AccountsSettingsSchema)
export type AccountsConfig = Static<typeof AccountsConfigSchema>
