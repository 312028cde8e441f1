/**
 * "Propose an option" for participants, when the organizer allows it: a time (on the event's wall
 * clock, its zone named) or a place; and the participant's own proposals, which they may take back.
 */
import { useState } from 'react'
import { useMutation } from '@tanstack/react-query'
import type { Event } from '@prost/contracts'
import { proposals } from '../api/prost'
import { useI18n } from '../i18n/i18n'
import { Field } from '../components/Field'
import { ErrorBox } from '../components/feedback'
import { addDays, todayIn, zonedToInstant } from '../time/zoned-time'
import { useWhen } from '../time/When'
import { useEventSaved } from './use-event-saved'

type Kind = 'time' | 'place'

export function ProposeOptionPanel({ event, meId }: { event: Event; meId: string }) {
  const { t } = useI18n()
  const when = useWhen()
  const eventSaved = useEventSaved()
  const [kind, setKind] = useState<Kind>('time')
  const [date, setDate] = useState(() => addDays(todayIn(event.timeZone), 1))
  const [time, setTime] = useState('19:00')
  const [name, setName] = useState('')
  const [address, setAddress] = useState('')
  const propose = useMutation({
    mutationFn: () =>
      kind === 'time'
        ? proposals.addTime(event.id, { startsAt: zonedToInstant(date, time, event.timeZone) })
        : proposals.addPlace(event.id, {
            name: name.trim(),
            ...(address.trim() ? { address: address.trim() } : {}),
          }),
    onSuccess: (saved) => {
      eventSaved(saved)
      setName('')
      setAddress('')
    },
  })
  const remove = useMutation({
    mutationFn: (option: { kind: Kind; id: string }) => proposals.remove(event.id, option.kind, option.id),
    onSuccess: eventSaved,
  })
  const mine = [
    ...event.timeOptions
      .filter((o) => o.proposedBy?.id === meId)
      .map((o) => ({
        kind: 'time' as const,
        id: o.id,
        label: when.text(o.startsAt, o.endsAt, event.timeZone),
      })),
    ...event.placeOptions
      .filter((o) => o.proposedBy?.id === meId)
      .map((o) => ({ kind: 'place' as const, id: o.id, label: o.name })),
  ]

  return (
    <section className="panel stack" aria-labelledby="propose-heading">
      <h2 id="propose-heading">💡 {t('propose.title')}</h2>
      <p className="hint">{t('propose.lead')}</p>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault()
          propose.mutate()
        }}
      >
        <fieldset className="choice-group">
          <legend className="visually-hidden">{t('propose.title')}</legend>
          {(['time', 'place'] as const).map((k) => (
            <label key={k} className="choice">
              <input type="radio" name="propose-kind" checked={kind === k} onChange={() => setKind(k)} />
              {t(k === 'time' ? 'propose.time' : 'propose.place')}
            </label>
          ))}
        </fieldset>
        {kind === 'time' ? (
          <>
            <div className="input-row">
              <Field label={t('form.date')}>
                <input type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
              </Field>
              <Field label={t('form.start')}>
                <input type="time" required value={time} onChange={(e) => setTime(e.target.value)} />
              </Field>
            </div>
            <p className="hint">{t('propose.zone', { zone: event.timeZone.replaceAll('_', ' ') })}</p>
          </>
        ) : (
          <>
            <Field label={t('propose.placeName')}>
              <input required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
            </Field>
            <Field label={t('propose.address')} optional={t('common.optional')}>
              <input maxLength={300} value={address} onChange={(e) => setAddress(e.target.value)} />
            </Field>
          </>
        )}
        <div>
          <button type="submit" className="btn btn-primary" disabled={propose.isPending}>
            {t('propose.submit')}
          </button>
        </div>
        <p className="hint" role="status">
          {propose.isSuccess ? `✓ ${t('propose.added')}` : ''}
        </p>
        {propose.isError && <ErrorBox error={propose.error} />}
      </form>
      {mine.length > 0 && (
        <>
          <h3>{t('propose.mine')}</h3>
          <ul className="user-results">
            {mine.map((option) => (
              <li key={option.id}>
                <span>{option.label}</span>
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(option)}
                >
                  {t('common.remove')}
                </button>
              </li>
            ))}
          </ul>
          {remove.isError && <ErrorBox error={remove.error} />}
        </>
      )}
    </section>
  )
}
