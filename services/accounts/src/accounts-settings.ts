/** The accounts settings read from config once, decorated as `fastify.accountsSettings` for the domain functions. */
import type { AccountsConfig } from './config.js'
import { parseAdminEmails } from './users/roles.js'

export interface AccountsSettings {
  adminEmails: ReadonlySet<string>
  /** Empty when Telegram login is off. */
  telegramBotToken: string
  /** The Login Widget's bot; empty hides the widget. */
  telegramBotUsername: string
  accessTokenTtlSeconds: number
}

export const accountsSettingsFrom = (config: AccountsConfig): AccountsSettings => ({
  adminEmails: parseAdminEmails(config.ADMIN_EMAILS),
  telegramBotToken: config.TELEGRAM_BOT_TOKEN,
  telegramBotUsername: config.TELEGRAM_BOT_USERNAME,
  accessTokenTtlSeconds: config.JWT_ACCESS_TTL_SECONDS,
})

declare module 'fastify' {
  interface FastifyInstance {
    accountsSettings: AccountsSettings
  }
}
