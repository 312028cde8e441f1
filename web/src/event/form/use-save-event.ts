/**
 * Saving the event form. A new event is created in one call; an edited one is saved step by step
 * (save-edits.ts) from `base`, the server's copy, which moves on with every step, so a save that
 * failed half-way continues from where the server is. Then the cover is uploaded or removed. The
 * answer becomes the cached event, and every list of events is stale.
 */
import { useRef, useState } from 'react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { Event } from '@prost/contracts'
import { events } from '../../api/prost'
import { eventListsKey } from '../../api/queries'
import { useEventSaved } from '../use-event-saved'
import { toCreateEvent, type EventFormValues } from './event-form'
import { saveEdits } from './save-edits'

export interface EventDraft {
  values: EventFormValues
  /** A new cover to upload. */
  cover: File | null
  /** Take the saved cover off (unless a new one is given). */
  dropCover: boolean
}

/**
 * `event`: the event being edited, none for a new one. `onRowsSaved` hears, after each step of an
 * edit, the server ids of the rows added or replaced so far (form row key → option id).
 */
export function useSaveEvent(
  event: Event | undefined,
  onRowsSaved: (ids: ReadonlyMap<string, string>) => void,
) {
  const queryClient = useQueryClient()
  const eventSaved = useEventSaved()
  // What the edits are measured against; the form warns about reset votes against it too.
  const [base, setBase] = useState(event)
  // A retry after the cover upload failed must not create the event twice.
  const created = useRef<Event | null>(null)
  const save = useMutation({
    mutationFn: async ({ values, cover, dropCover }: EventDraft) => {
      let saved = base
        ? await saveEdits(base, values, (latest, ids) => {
            setBase(latest)
            onRowsSaved(ids)
          })
        : (created.current ??= await events.create(toCreateEvent(values)))
      if (cover) saved = await events.uploadCover(saved.id, cover)
      else if (dropCover && saved.hasCover) saved = await events.removeCover(saved.id)
      return saved
    },
    onSuccess: (saved) => {
      eventSaved(saved)
      void queryClient.invalidateQueries({ queryKey: eventListsKey })
    },
  })
  return { save, base }
}
