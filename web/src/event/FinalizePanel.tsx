/**
 * The organizer picks the time and place (the board's best preselected), or, once finalized, moves the
 * meetup to another of the options (the current choice preselected); participants' reminders follow.
 */
import { useState } from 'react'
import { useMutation } from '@tanstack/react-query'
import type { Board, Event } from '@prost/contracts'
import { events } from '../api/prost'
import { useI18n } from '../i18n/i18n'
import { ErrorBox } from '../components/feedback'
import { formatRange } from '../time/zoned-time'
import { useEventSaved } from './use-event-saved'

export function FinalizePanel({ event, board }: { event: Event; board: Board }) {
  const { t, locale } = useI18n()
  const eventSaved = useEventSaved()
  // Follows the live best until the organizer picks something else.
  const [pickedTime, setTimeId] = useState<string | null>(null)
  const [pickedPlace, setPlaceId] = useState<string | null>(null)
  const rescheduling = event.final !== null
  const timeId = pickedTime ?? event.final?.timeOptionId ?? board.bestTimeOptionId ?? event.timeOptions[0]?.id ?? ''
  const placeId = pickedPlace ?? event.final?.placeOptionId ?? board.bestPlaceOptionId ?? event.placeOptions[0]?.id ?? ''
  const unchanged = rescheduling && timeId === event.final?.timeOptionId && placeId === event.final?.placeOptionId
  const finalize = useMutation({
    mutationFn: () =>
      (rescheduling ? events.reschedule : events.finalize)(event.id, { timeOptionId: timeId, placeOptionId: placeId }),
    onSuccess: eventSaved,
  })
  if (event.timeOptions.length === 0) return null
  return (
    <section className="panel stack" aria-labelledby="finalize-heading">
      <h2 id="finalize-heading">
        {rescheduling ? `🔁 ${t('reschedule.title')}` : `✅ ${t('finalize.title')}`}
      </h2>
      <p className="hint">{rescheduling ? t('reschedule.lead') : t('finalize.lead')}</p>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault()
          finalize.mutate()
        }}
      >
        <div className="stack">
          <div className="field">
            <label htmlFor="finalize-time">{t('finalize.time')}</label>
            <select id="finalize-time" value={timeId} onChange={(e) => setTimeId(e.target.value)}>
              {event.timeOptions.map((o) => (
                <option key={o.id} value={o.id}>
                  {formatRange(o.startsAt, o.endsAt, event.timeZone, locale)}
                  {o.id === board.bestTimeOptionId ? ` 🍺 ${t('event.best')}` : ''}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="finalize-place">{t('finalize.place')}</label>
            <select
              id="finalize-place"
              value={placeId}
              onChange={(e) => setPlaceId(e.target.value)}
              disabled={event.placeOptions.length === 0}
            >
              {event.placeOptions.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                  {o.id === board.bestPlaceOptionId ? ` 🍺 ${t('event.best')}` : ''}
                </option>
              ))}
            </select>
          </div>
        </div>
        {event.placeOptions.length === 0 && <p className="hint">{t('finalize.needPlace')}</p>}
        {finalize.isError && <ErrorBox error={finalize.error} />}
        <button
          className="btn btn-primary"
          type="submit"
          disabled={finalize.isPending || !timeId || !placeId || unchanged}
        >
          {finalize.isPending
            ? t('common.loading')
            : rescheduling
              ? t('reschedule.confirm')
              : `🍻 ${t('finalize.confirm')}`}
        </button>
      </form>
    </section>
  )
}
