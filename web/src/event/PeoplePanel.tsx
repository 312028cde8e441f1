/**
 * Who is in the event: each participant, with their seat once a finalized event has a capacity ("in"
 * or "waitlist #n"), the organizer's "Remove" and a participant's own "Leave this event", each after
 * an explicit confirmation (removing takes their votes off the board; the old invite link no longer
 * lets a removed person back in).
 */
import { useEffect, useRef, useState } from 'react'
import { useNavigate } from 'react-router'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { Event, Participant } from '@prost/contracts'
import { events } from '../api/prost'
import { eventListsKey } from '../api/queries'
import { removeGuestPass } from '../api/session'
import { useI18n } from '../i18n/i18n'
import { ErrorBox } from '../components/feedback'
import { useEventSaved } from './use-event-saved'

function SeatBadge({ participant }: { participant: Participant }) {
  const { t } = useI18n()
  if (participant.seat === 'in') return <span className="badge badge-in">{t('seat.in')}</span>
  if (participant.seat === 'waitlist')
    return (
      <span className="badge badge-voting">
        {t('seat.waitlist', { n: participant.waitlistPosition ?? '?' })}
      </span>
    )
  if (participant.seat === 'out') return <span className="badge badge-no">{t('seat.out')}</span>
  return null
}

/** "Really?" in place of the button that asked; focus goes to the safe answer. */
function Confirm({
  question,
  yes,
  busy,
  onYes,
  onNo,
}: {
  question: string
  yes: string
  busy: boolean
  onYes: () => void
  onNo: () => void
}) {
  const { t } = useI18n()
  const keep = useRef<HTMLButtonElement>(null)
  useEffect(() => keep.current?.focus(), [])
  return (
    <div className="confirm" role="group" aria-label={question}>
      <p>{question}</p>
      <div className="actions">
        <button type="button" className="btn btn-danger btn-small" onClick={onYes} disabled={busy}>
          {busy ? t('common.loading') : yes}
        </button>
        <button ref={keep} type="button" className="btn btn-small" onClick={onNo} disabled={busy}>
          {t('people.keep')}
        </button>
      </div>
    </div>
  )
}

export function PeoplePanel({
  event,
  meId,
  isOrganizer,
  signedIn,
}: {
  event: Event
  meId: string | null
  isOrganizer: boolean
  signedIn: boolean
}) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const eventSaved = useEventSaved()
  const [removing, setRemoving] = useState<Participant | null>(null)
  const [leaving, setLeaving] = useState(false)
  const remove = useMutation({
    mutationFn: (participantId: string) => events.removeParticipant(event.id, participantId),
    onSuccess: (saved) => {
      setRemoving(null)
      eventSaved(saved)
    },
  })
  const leave = useMutation({
    mutationFn: () => events.leave(event.id),
    onSuccess: () => {
      removeGuestPass(event.id)
      void queryClient.invalidateQueries({ queryKey: eventListsKey })
      // A guest's pass was for this event only: they go to the public listing.
      void navigate(signedIn ? '/mine' : '/')
    },
  })
  const open = event.status !== 'cancelled'
  const me = event.participants.find((p) => p.id === meId)
  const canLeave = open && me !== undefined && meId !== event.organizer.id

  return (
    <section className="panel stack people" aria-labelledby="people-heading">
      <h2 id="people-heading">
        👥 {t('people.title')} ({event.participants.length})
      </h2>
      {event.seating && (
        <p className="muted" data-testid="seating">
          {t('seat.summary', { in: event.seating.inCount, capacity: event.seating.capacity })}
          {event.seating.waitlistCount > 0 && ` · ${t('seat.waiting', { n: event.seating.waitlistCount })}`}
        </p>
      )}
      {!event.seating && event.status === 'polling' && event.capacity && (
        <p className="hint">{t('seat.capacityAhead', { capacity: event.capacity })}</p>
      )}
      <ul className="people-list">
        {event.participants.map((p) => (
          <li key={p.id}>
            <div className="person">
              <span className="person-name">
                {p.name}
                {p.id === event.organizer.id && <span className="muted"> · {t('people.organizer')}</span>}
                {p.id === meId && <span className="muted"> · {t('people.you')}</span>}
              </span>
              <SeatBadge participant={p} />
              {isOrganizer && open && p.id !== event.organizer.id && removing?.id !== p.id && (
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={t('people.removeWho', { name: p.name })}
                  onClick={() => setRemoving(p)}
                >
                  {t('people.remove')}
                </button>
              )}
            </div>
            {removing?.id === p.id && (
              <Confirm
                question={t('people.removeAsk', { name: p.name })}
                yes={t('people.removeSure')}
                busy={remove.isPending}
                onYes={() => remove.mutate(p.id)}
                onNo={() => setRemoving(null)}
              />
            )}
          </li>
        ))}
      </ul>
      {remove.isError && <ErrorBox error={remove.error} />}
      {canLeave &&
        (leaving ? (
          <Confirm
            question={t('people.leaveAsk')}
            yes={t('people.leaveSure')}
            busy={leave.isPending}
            onYes={() => leave.mutate()}
            onNo={() => setLeaving(false)}
          />
        ) : (
          <button type="button" className="btn" onClick={() => setLeaving(true)}>
            🚪 {t('people.leave')}
          </button>
        ))}
      {leave.isError && <ErrorBox error={leave.error} />}
    </section>
  )
}

/** The viewer's own seat, under the decided plan: in, or their place on the waitlist. */
export function MySeat({ event, meId }: { event: Event; meId: string | null }) {
  const { t } = useI18n()
  const me = event.participants.find((p) => p.id === meId)
  if (!me?.seat) return null
  if (me.seat === 'in')
    return (
      <p className="notice notice-yes" role="status" data-testid="my-seat">
        🎟 {t('seat.youAreIn')}
      </p>
    )
  if (me.seat === 'waitlist')
    return (
      <p className="notice notice-maybe" role="status" data-testid="my-seat">
        ⏳ {t('seat.youWait', { n: me.waitlistPosition ?? '?' })}
      </p>
    )
  return null
}

/**
 * A signed-in visitor of a decided public event may still join: with places left they are in, when
 * it is full they go on the waitlist (the server decides, under the event's lock).
 */
export function JoinDecided({ event }: { event: Event }) {
  const { t } = useI18n()
  const eventSaved = useEventSaved()
  const join = useMutation({ mutationFn: () => events.join(event.id), onSuccess: eventSaved })
  const full =
    event.seating !== null && event.seating !== undefined && event.seating.inCount >= event.seating.capacity
  return (
    <>
      <div className="notice">
        <span>{full ? t('seat.joinFull') : t('seat.joinDecided')}</span>
        <button
          type="button"
          className="btn btn-primary btn-small"
          onClick={() => join.mutate()}
          disabled={join.isPending}
        >
          {full ? t('seat.joinWaitlist') : t('event.join')}
        </button>
      </div>
      {join.isError && <ErrorBox error={join.error} />}
    </>
  )
}
