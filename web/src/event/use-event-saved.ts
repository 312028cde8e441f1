/** After a write that returns the event: keep the answer as the event, and re-read its board. */
import { useQueryClient } from '@tanstack/react-query'
import type { Event } from '@prost/contracts'
import { boardQuery, eventQuery } from '../api/queries'

export function useEventSaved() {
  const queryClient = useQueryClient()
  return (saved: Event) => {
    queryClient.setQueryData(eventQuery(saved.id).queryKey, saved)
    void queryClient.invalidateQueries({ queryKey: boardQuery(saved.id).queryKey })
  }
}
