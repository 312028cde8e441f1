/**
 * The time zone of each event in a list whose rows do not carry it (my Telegram reminders), read
 * from the event itself under the event page's cache key, so both pages print the same clock.
 */
import { useQueries } from '@tanstack/react-query'
import { eventQuery } from '../api/queries'

export function useEventZones(eventIds: string[]): ReadonlyMap<string, string> {
  const ids = [...new Set(eventIds)]
  return useQueries({
    queries: ids.map((id) => ({
      ...eventQuery(id),
      // A zone rarely changes; the event page refetches on its own when opened.
      staleTime: 5 * 60_000,
    })),
    combine: (results) =>
      new Map(results.flatMap((r, i) => (r.data ? [[ids[i]!, r.data.timeZone] as const] : []))),
  })
}
