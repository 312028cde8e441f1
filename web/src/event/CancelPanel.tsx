/** The organizer calls the meetup off, after a second, explicit confirmation. */
import { useEffect, useRef, useState } from 'react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { Event } from '@prost/contracts'
import { events } from '../api/prost'
import { eventListsKey } from '../api/queries'
import { useI18n } from '../i18n/i18n'
import { ErrorBox } from '../components/feedback'
import { useEventSaved } from './use-event-saved'

export function CancelPanel({ event }: { event: Event }) {
  const { t } = useI18n()
  const queryClient = useQueryClient()
  const eventSaved = useEventSaved()
  const [asking, setAsking] = useState(false)
  // The "Cancel this event" button goes away when asked: keyboard focus moves to the safe answer.
  const keep = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (asking) keep.current?.focus()
  }, [asking])
  const cancel = useMutation({
    mutationFn: () => events.cancel(event.id),
    onSuccess: (saved) => {
      eventSaved(saved)
      void queryClient.invalidateQueries({ queryKey: eventListsKey })
    },
  })
  return (
    <section className="panel stack" aria-labelledby="cancel-heading">
      <h2 id="cancel-heading">🚫 {t('cancel.title')}</h2>
      <p className="hint">{t('cancel.lead')}</p>
      {asking ? (
        <div className="actions">
          <button
            type="button"
            className="btn btn-danger"
            onClick={() => cancel.mutate()}
            disabled={cancel.isPending}
          >
            {cancel.isPending ? t('common.loading') : t('cancel.sure')}
          </button>
          <button
            ref={keep}
            type="button"
            className="btn"
            onClick={() => setAsking(false)}
            disabled={cancel.isPending}
          >
            {t('cancel.keep')}
          </button>
        </div>
      ) : (
        <button type="button" className="btn" onClick={() => setAsking(true)}>
          {t('cancel.ask')}
        </button>
      )}
      {cancel.isError && <ErrorBox error={cancel.error} />}
    </section>
  )
}
