/** After a write that returns the event: keep the answer as the event, and re-read its board. */
import { useQueryClient } from '@tanstack/react-query'
import type { Event } from '@prost/contracts'

export function useEventSaved() {
  const queryClient = useQueryClient()
  return (saved: Event) => {
    queryClient.setQueryData(['event', saved.id], saved)
    void queryClient.invalidateQueries({ queryKey: ['board', saved.id] })
  }
}
