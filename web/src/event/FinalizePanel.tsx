/**
 * The organizer picks the time and place (the board's best preselected), or, once finalized, moves the
 * meetup to another of the options (the current choice preselected); participants' reminders follow.
 * Both ask once more, naming what gets locked in, since everyone is told at once. When everyone who
 * answered rejected the chosen time or place, the server wants `force: true` (409
 * needs-confirmation): the panel then asks a second time, saying which one, before forcing it.
 */
import { useEffect, useRef, useState } from 'react'
import { useMutation } from '@tanstack/react-query'
import type { Board, Event } from '@prost/contracts'
import { events } from '../api/prost'
import { ApiError } from '../api/client'
import { useI18n } from '../i18n/i18n'
import { ErrorBox } from '../components/feedback'
import { useWhen, When } from '../time/When'
import { useEventSaved } from './use-event-saved'

export function FinalizePanel({ event, board }: { event: Event; board: Board }) {
  const { t } = useI18n()
  const when = useWhen()
  const eventSaved = useEventSaved()
  // Follows the live best until the organizer picks something else.
  const [pickedTime, setTimeId] = useState<string | null>(null)
  const [pickedPlace, setPlaceId] = useState<string | null>(null)
  const rescheduling = event.final !== null
  // The best combination (by score, never an option everyone rejected) first, then the board's best.
  const best = board.bestCombination
  const timeId =
    pickedTime ?? event.final?.timeOptionId ?? best?.time?.optionId ?? board.bestTimeOptionId ?? event.timeOptions[0]?.id ?? ''
  const placeId =
    pickedPlace ?? event.final?.placeOptionId ?? best?.place?.optionId ?? board.bestPlaceOptionId ?? event.placeOptions[0]?.id ?? ''
  const unchanged = rescheduling && timeId === event.final?.timeOptionId && placeId === event.final?.placeOptionId
  // The choice being confirmed, fixed when asked: a live change of the best must not swap what is sent.
  const [asking, setAsking] = useState<{ timeOptionId: string; placeOptionId: string } | null>(null)
  const question = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    if (asking) question.current?.focus()
  }, [asking])
  // Which of the asked choice everyone rejected, once the server said so (the confirm step).
  const [rejected, setRejected] = useState<{ time: boolean; place: boolean } | null>(null)
  const finalize = useMutation({
    mutationFn: (choice: { timeOptionId: string; placeOptionId: string; force?: boolean }) =>
      (rescheduling ? events.reschedule : events.finalize)(event.id, choice),
    onSuccess: (saved) => {
      setAsking(null)
      setRejected(null)
      eventSaved(saved)
    },
    onError: (error) => {
      if (error instanceof ApiError && error.problem.type.endsWith('/needs-confirmation')) {
        const paths = (error.problem.errors ?? []).map((e) => e.path)
        setRejected({ time: paths.includes('/body/timeOptionId'), place: paths.includes('/body/placeOptionId') })
      }
    },
  })
  const back = () => {
    setAsking(null)
    setRejected(null)
    finalize.reset()
  }
  if (event.timeOptions.length === 0) return null
  const chosenTime = event.timeOptions.find((o) => o.id === timeId)
  const askedTime = asking && event.timeOptions.find((o) => o.id === asking.timeOptionId)
  const askedPlace = asking && event.placeOptions.find((o) => o.id === asking.placeOptionId)
  const confirming = Boolean(askedTime && askedPlace)
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
          setAsking({ timeOptionId: timeId, placeOptionId: placeId })
        }}
      >
        <div className="stack">
          <div className="field">
            <label htmlFor="finalize-time">{t('finalize.time')}</label>
            <select
              id="finalize-time"
              value={timeId}
              onChange={(e) => setTimeId(e.target.value)}
              disabled={confirming}
            >
              {event.timeOptions.map((o) => (
                <option key={o.id} value={o.id}>
                  {when.text(o.startsAt, o.endsAt, event.timeZone)}
                  {o.id === board.bestTimeOptionId ? ` 🍺 ${t('event.best')}` : ''}
                </option>
              ))}
            </select>
            {/* A closed select cuts the long text off: the chosen time in full, with both clocks. */}
            {chosenTime && (
              <p className="hint finalize-when">
                <When startsAt={chosenTime.startsAt} endsAt={chosenTime.endsAt} zone={event.timeZone} />
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor="finalize-place">{t('finalize.place')}</label>
            <select
              id="finalize-place"
              value={placeId}
              onChange={(e) => setPlaceId(e.target.value)}
              disabled={event.placeOptions.length === 0 || confirming}
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
        {finalize.isError && !rejected && <ErrorBox error={finalize.error} />}
        {asking && rejected ? (
          <div className="confirm stack">
            <p className="notice notice-no" role="alert">
              {t('finalize.rejected', {
                what: t(
                  rejected.time && rejected.place
                    ? 'finalize.rejectedBoth'
                    : rejected.place
                      ? 'finalize.rejectedPlace'
                      : 'finalize.rejectedTime',
                ),
              })}
            </p>
            <div className="actions">
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => finalize.mutate({ ...asking, force: true })}
                disabled={finalize.isPending}
              >
                {finalize.isPending ? t('common.loading') : t('finalize.force')}
              </button>
              <button type="button" className="btn" onClick={back} disabled={finalize.isPending}>
                {t('confirm.back')}
              </button>
            </div>
          </div>
        ) : asking && askedTime && askedPlace ? (
          <div className="confirm stack">
            <p className="notice" ref={question} tabIndex={-1}>
              {t(rescheduling ? 'reschedule.ask' : 'finalize.ask', {
                time: when.text(askedTime.startsAt, askedTime.endsAt, event.timeZone),
                place: askedPlace.name,
              })}
            </p>
            <div className="actions">
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => finalize.mutate(asking)}
                disabled={finalize.isPending}
              >
                {finalize.isPending
                  ? t('common.loading')
                  : rescheduling
                    ? t('reschedule.sure')
                    : `🍻 ${t('finalize.sure')}`}
              </button>
              <button type="button" className="btn" onClick={back} disabled={finalize.isPending}>
                {t('confirm.back')}
              </button>
            </div>
          </div>
        ) : (
          <button className="btn btn-primary" type="submit" disabled={!timeId || !placeId || unchanged}>
            {rescheduling ? t('reschedule.confirm') : `🍻 ${t('finalize.confirm')}`}
          </button>
        )}
      </form>
    </section>
  )
}
