/**
 * "Share to a Telegram group": inside the Mini App, Telegram's switchInlineQuery opens a group or
 * supergroup picker with `@<bot> <title>` typed in, and the bot's inline mode lists the event (it
 * needs inline mode on: BotFather /setinline, which Telegram tells the app as `tgWebAppBotInline`;
 * otherwise the SDK says it is not available). Without it, a t.me link adds the bot to a group the
 * user picks with `startgroup`, whose /start <event id> the bot treats like /plan <event id>
 * (organizers only): inside Telegram opened by Telegram itself (openTelegramLink, so the Mini App
 * stays open), outside in a new tab.
 * The SDK is imported only inside Telegram (see detect.ts), so normal visitors never load it.
 */
import { isInsideTelegram } from './detect'

/** Telegram's limit for the inline query a Mini App may type in. */
const MAX_QUERY = 256

export const startGroupUrl = (botUsername: string, eventId: string) =>
  `https://t.me/${botUsername}?startgroup=${eventId}`

/** True when Telegram took over (the chat picker is open); false when the caller should open the link. */
export async function switchToInlineShare(title: string): Promise<boolean> {
  if (!isInsideTelegram()) return false
  try {
    const { switchInlineQuery } = await import('@telegram-apps/sdk-react')
    if (!switchInlineQuery.isAvailable()) return false
    // Telegram's chat type 'groups' covers groups and supergroups (its Mini App API has no separate one).
    switchInlineQuery(title.slice(0, MAX_QUERY), ['groups'])
    return true
  } catch {
    return false
  }
}

/** Inside Telegram, has Telegram open a t.me link in the app; false when the caller should open it. */
export async function openTelegramLinkInside(url: string): Promise<boolean> {
  if (!isInsideTelegram()) return false
  try {
    const { openTelegramLink } = await import('@telegram-apps/sdk-react')
    if (!openTelegramLink.isAvailable()) return false
    openTelegramLink(url)
    return true
  } catch {
    return false
  }
}
