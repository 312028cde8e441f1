/**
 * Who is coming to a decided meetup (coming / running late / can't make it, by name) and, for a
 * participant, their own three buttons: the same answer the reminder's buttons in Telegram record
 * (PUT /api/events/:id/rsvp; the last answer counts).
 */
import { useMutation } from '@tanstack/react-query'
import type { Event, RsvpAnswer } from '@prost/contracts'
import { events } from '../api/prost'
import { useI18n } from '../i18n/i18n'
import { ErrorBox } from '../components/feedback'
import { useEventSaved } from './use-event-saved'

const ANSWERS: { answer: RsvpAnswer; icon: string }[] = [
  { answer: 'coming', icon: '👍' },
  { answer: 'late', icon: '🏃' },
  { answer: 'cannot', icon: '🙅' },
]

export function RsvpPanel({
  event,
  meId,
}: {
  event: Pick<Event, 'id' | 'participants'>
  meId: string | null
}) {
  const { t } = useI18n()
  const eventSaved = useEventSaved()
  const save = useMutation({
    mutationFn: (answer: RsvpAnswer) => events.rsvp(event.id, answer),
    onSuccess: eventSaved,
  })
  const mine = event.participants.find((p) => p.id === meId)?.rsvp
  const answered = event.participants.filter((p) => p.rsvp)
  return (
    <section className="rsvp" aria-labelledby="rsvp-heading">
      <h2 id="rsvp-heading">🙋 {t('rsvp.title')}</h2>
      {meId !== null && (
        <div className="actions" role="group" aria-label={t('rsvp.title')}>
          {ANSWERS.map(({ answer, icon }) => (
            <button
              key={answer}
              type="button"
              className={mine === answer ? 'btn btn-primary' : 'btn'}
              aria-pressed={mine === answer}
              disabled={save.isPending}
              onClick={() => save.mutate(answer)}
            >
              {icon} {t(`rsvp.${answer}`)}
            </button>
          ))}
        </div>
      )}
      {save.error !== null && <ErrorBox error={save.error} />}
      {answered.length === 0 ? (
        <p className="muted">{t('rsvp.nobody')}</p>
      ) : (
        <dl>
          {ANSWERS.map(({ answer, icon }) => {
            const names = answered.filter((p) => p.rsvp === answer).map((p) => p.name)
            if (names.length === 0) return null
            return (
              <div key={answer} data-rsvp={answer}>
                <dt>
                  {icon} {t(`rsvp.${answer}List`)} ({names.length})
                </dt>
                <dd>{names.join(', ')}</dd>
              </div>
            )
          })}
        </dl>
      )}
    </section>
  )
}
