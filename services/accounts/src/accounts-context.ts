/** What the accounts domain functions need from the app, as a narrow type so they are testable without HTTP. */
import type { FastifyInstance } from 'fastify'
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

declare module 'fastify' {
  interface FastifyInstance {
    accountsSettings: AccountsSettings
  }
}

export const accountsSettingsFrom = (config: AccountsConfig): AccountsSettings => ({
  adminEmails: parseAdminEmails(config.ADMIN_EMAILS),
  telegramBotToken: config.TELEGRAM_BOT_TOKEN,
  telegramBotUsername: config.TELEGRAM_BOT_USERNAME,
  accessTokenTtlSeconds: config.JWT_ACCESS_TTL_SECONDS,
})

export type AccountsContext = Pick<
  FastifyInstance,
  'usersRepository' | 'refreshTokens' | 'loginThrottle' | 'signAccessToken' | 'accountsSettings' | 'log'
>
