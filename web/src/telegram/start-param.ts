/**
 * Where a Mini App opens: `t.me/<bot>?startapp=<eventId>` (the "Open in Prost" button of a group
 * card, a shared link) arrives as the launch parameter `tgWebAppStartParam`. Telegram allows only
 * `[A-Za-z0-9_-]{0,512}` there; Prost puts an event id in it. Anything else opens the start page.
 */
const EVENT_ID = /^[0-9a-f]{24}$/

export function routeForStartParam(startParam: string | undefined | null): string | null {
  if (!startParam) return null
  const value = startParam.trim().toLowerCase()
  return EVENT_ID.test(value) ? `/events/${value}` : null
}
