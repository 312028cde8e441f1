/** The accounts settings read from config once, decorated as `fastify.accountsSettings` for the domain functions. */
import type { AccountsConfig } from './config.js'
import { parseAdminEmails } from './users/roles.js'

export interface AccountsSettings {
  adminEmails: ReadonlySet<string>
  /** Empty when Telegram login is off. */
  telegramBotToken: string
  /** The Login Widget's bot; empty hides the widget. */
  telegramBotUsername: string
  /** How old a Mini App's initData may be (TELEGRAM_WEBAPP_MAX_AGE_SECONDS). */
  telegramWebAppMaxAgeSeconds: number
  /** Shared secret of the internal routes the bot calls; empty turns them off. */
  internalApiToken: string
  accessTokenTtlSeconds: number
}

export const accountsSettingsFrom = (config: AccountsConfig): AccountsSettings => ({
  adminEmails: parseAdminEmails(config.ADMIN_EMAILS),
  telegramBotToken: config.TELEGRAM_BOT_TOKEN,
  telegramBotUsername: config.TELEGRAM_BOT_USERNAME,
  telegramWebAppMaxAgeSeconds: config.TELEGRAM_WEBAPP_MAX_AGE_SECONDS,
  internalApiToken: config.INTERNAL_API_TOKEN,
  accessTokenTtlSeconds: config.JWT_ACCESS_TTL_SECONDS,
})

declare module 'fastify' {
  interface FastifyInstance {
    accountsSettings: AccountsSettings
  }
}
