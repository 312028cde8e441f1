/**
 * Mini App launch data signed the way Telegram signs it
 * (https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app): the fields as
 * sorted `key=value` lines, HMAC-SHA-256 keyed with HMAC-SHA-256("WebAppData", bot token). Written
 * with node:crypto from the documentation, independently of the library the service uses, so a
 * mistake in how the service calls it shows up here.
 */
import { createHmac } from 'node:crypto'

export interface InitDataFields {
  user?: Record<string, unknown> | string
  auth_date?: number | string
  query_id?: string
  [field: string]: unknown
}

export function signInitData(fields: InitDataFields, botToken: string): string {
  const values: Record<string, string> = {}
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue
    values[key] =
      typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value)
  }
  const checkString = Object.keys(values)
    .sort()
    .map((key) => `${key}=${values[key]}`)
    .join('\n')
  const key = createHmac('sha256', 'WebAppData').update(botToken).digest()
  const hash = createHmac('sha256', key).update(checkString).digest('hex')
  return new URLSearchParams({ ...values, hash }).toString()
}

export const nowSeconds = () => Math.floor(Date.now() / 1000)

export const randomTelegramId = () => 100_000 + Math.floor(Math.random() * 1e9)
