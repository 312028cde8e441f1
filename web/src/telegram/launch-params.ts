/**
 * Telegram's launch parameters (https://docs.telegram-mini-apps.com/platform/launch-parameters),
 * read from the URL hash Telegram opened the page with, or from this tab's sessionStorage after the
 * router has replaced the hash. Read here rather than only through the SDK: the SDK refuses launch
 * data whose initData lacks the `signature` field that Telegram clients before Bot API 8.0 do not
 * send, and signing in must work for those users too (the server checks the HMAC `hash`).
 */
import type { TelegramThemeParams } from './theme'

export interface LaunchData {
  /** initData exactly as Telegram sent it: its signature covers this very string. */
  rawInitData: string | undefined
  telegramUserId: number | undefined
  startParam: string | undefined
  theme: TelegramThemeParams
}

export const STORAGE_KEY = 'prost.telegram.launch'

function json(text: string | null): unknown {
  if (!text) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The launch parameters in a query string (`tgWebAppData=…&tgWebAppThemeParams=…`), or null. */
export function parseLaunchParams(query: string): LaunchData | null {
  const params = new URLSearchParams(query.replace(/^[#?]/, ''))
  if (!params.has('tgWebAppData') && !params.has('tgWebAppPlatform')) return null
  const rawInitData = params.get('tgWebAppData') ?? undefined
  const user = json(rawInitData ? new URLSearchParams(rawInitData).get('user') : null) as
    { id?: unknown } | undefined
  const theme = json(params.get('tgWebAppThemeParams'))
  return {
    rawInitData,
    telegramUserId: typeof user?.id === 'number' ? user.id : undefined,
    startParam: params.get('tgWebAppStartParam') ?? undefined,
    theme: theme && typeof theme === 'object' ? (theme as TelegramThemeParams) : {},
  }
}

/** The launch data of this Mini App session; the hash wins and is kept for reloads. */
export function readLaunchParams(win: Window = window): LaunchData | null {
  const fromHash = parseLaunchParams(win.location.hash)
  try {
    if (fromHash) {
      win.sessionStorage.setItem(STORAGE_KEY, win.location.hash)
      return fromHash
    }
    return parseLaunchParams(win.sessionStorage.getItem(STORAGE_KEY) ?? '')
  } catch {
    return fromHash
  }
}
