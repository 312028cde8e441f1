/**
 * /join/:token — the invite link. It shows what the plan is before asking anything, recognises
 * people who already joined (from this browser's guest pass or their account), says plainly when
 * the link is dead, and turns a name someone else in the plan already has into a choice.
 */
import { useRef, useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InvitePreview } from '@prost/contracts'
import { ApiError } from '../api/client'
import { events } from '../api/prost'
import { inviteKey, inviteQuery } from '../api/queries'
import { setGuestPass } from '../api/session'
import { useSession } from '../api/use-session'
import { useI18n } from '../i18n/i18n'
import { Field } from '../components/Field'
import { Empty, ErrorBox, PageLoading } from '../components/feedback'
import { mapLink } from '../event/map-link'
import { When, useWhen } from '../time/When'

/** A link that never existed, was replaced, or is not even shaped like one (400) is the same to the person holding it. */
const isDeadLink = (error: unknown) =>
  error instanceof ApiError && (error.status === 404 || error.status === 400)

const isNameTaken = (error: unknown) =>
  error instanceof ApiError &&
  error.status === 409 &&
  (error.problem.errors ?? []).some((e) => e.path === '/body/displayName')

export default function JoinPage() {
  const { token = '' } = useParams()
  const session = useSession()
  const invite = useQuery(inviteQuery(token, session?.user.id ?? null))
  if (invite.isPending) return <PageLoading />
  if (invite.isError)
    return isDeadLink(invite.error) ? (
      <DeadLink />
    ) : (
      <main className="page page-narrow">
        <ErrorBox error={invite.error} onRetry={() => void invite.refetch()} />
      </main>
    )
  return <Invite token={token} preview={invite.data} />
}

function DeadLink() {
  const { t } = useI18n()
  return (
    <main className="page page-narrow">
      <Empty icon="🔗">
        <h1>{t('join.badTitle')}</h1>
        <p>{t('join.badLead')}</p>
        <Link className="btn btn-primary" to="/">
          {t('notFound.home')}
        </Link>
      </Empty>
    </main>
  )
}

function Invite({ token, preview }: { token: string; preview: InvitePreview }) {
  const { t, tp } = useI18n()
  const when = useWhen()
  const [linkDied, setLinkDied] = useState(false)
  if (linkDied) return <DeadLink />
  const tz = preview.timeZone
  const eventUrl = `/events/${preview.eventId}`
  const cancelled = preview.status === 'cancelled'
  return (
    <main className="page page-narrow">
      <header className="stack">
        <p className="lead">🍻 {t('join.invitedBy', { name: preview.organizer.name })}</p>
        <h1>{preview.title}</h1>
        <p className="muted">{tp('participants', preview.participantCount)}</p>
        {preview.description && <p className="event-description">{preview.description}</p>}
      </header>

      {cancelled && (
        <p className="notice notice-no" role="status">
          {t('event.cancelled')}
        </p>
      )}
      {!cancelled && preview.you && (
        <section className="notice notice-yes" aria-live="polite">
          <p>
            <strong>
              {preview.you.organizer ? t('join.yourEvent') : t('join.joinedAs', { name: preview.you.name })}
            </strong>
            {!preview.you.organizer && <> {t('join.joinedLead')}</>}
          </p>
          <Link className="btn btn-primary" to={eventUrl}>
            {t('join.open')}
          </Link>
        </section>
      )}

      {preview.final ? (
        <section className="final-card" aria-labelledby="invite-final">
          <h2 id="invite-final">{t('final.title')}</h2>
          <dl>
            <dt>{t('final.when')}</dt>
            <dd>
              <When startsAt={preview.final.startsAt} endsAt={preview.final.endsAt} zone={tz} />
            </dd>
            <dt>{t('final.where')}</dt>
            <dd>
              <Place place={preview.final.place} />
            </dd>
          </dl>
        </section>
      ) : (
        <>
          <section className="panel" aria-labelledby="invite-times">
            <h2 id="invite-times">{t('join.times')}</h2>
            {preview.timeOptions.length === 0 ? (
              <p className="muted">{t('join.noOptions')}</p>
            ) : (
              <ul className="plain-list">
                {preview.timeOptions.map((o) => (
                  <li key={o.id}>
                    <When startsAt={o.startsAt} endsAt={o.endsAt} zone={tz} />
                  </li>
                ))}
              </ul>
            )}
            {preview.votingDeadline && (
              <p className="muted">
                {t('event.deadline', { when: when.text(preview.votingDeadline, null, tz) })}
              </p>
            )}
          </section>
          <section className="panel" aria-labelledby="invite-places">
            <h2 id="invite-places">{t('join.places')}</h2>
            {preview.placeOptions.length === 0 ? (
              <p className="muted">{t('join.noOptions')}</p>
            ) : (
              <ul className="plain-list">
                {preview.placeOptions.map((p) => (
                  <li key={p.id}>
                    <Place place={p} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}

      {!cancelled && !preview.you && (
        <JoinForm token={token} eventId={preview.eventId} onLinkDied={() => setLinkDied(true)} />
      )}
    </main>
  )
}

function Place({ place }: { place: InvitePreview['placeOptions'][number] }) {
  const { t } = useI18n()
  return (
    <>
      <strong>{place.name}</strong>
      {place.address && <span className="muted"> · {place.address}</span>}{' '}
      <a
        href={mapLink(place)}
        target="_blank"
        rel="noreferrer noopener"
        aria-label={t('join.mapOf', { place: place.name })}
      >
        🗺️ {t('join.map')}
      </a>
    </>
  )
}

function JoinForm({
  token,
  eventId,
  onLinkDied,
}: {
  token: string
  eventId: string
  onLinkDied: () => void
}) {
  const { t } = useI18n()
  const session = useSession()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const nameInput = useRef<HTMLInputElement>(null)
  const [name, setName] = useState('')
  const [error, setError] = useState<string>()
  const [takenName, setTakenName] = useState<string>()
  const [itsMe, setItsMe] = useState(false)
  const join = useMutation({
    // With the event's id the guest pass this browser may hold goes along, so a returning guest gets their own place back.
    mutationFn: (displayName: string | undefined) => events.joinByInvite(token, displayName, eventId),
    onSuccess: (result) => {
      if (result.participantToken)
        setGuestPass(result.eventId, {
          token: result.participantToken,
          participantId: result.participant.id,
          name: result.participant.name,
        })
      // Coming back to the link must show "you joined", not the cached preview from before joining.
      queryClient.removeQueries({ queryKey: inviteKey(token) })
      void navigate(`/events/${result.eventId}`, { replace: true })
    },
    onError: (e, displayName) => {
      if (isDeadLink(e)) onLinkDied()
      else if (isNameTaken(e)) {
        setTakenName(displayName?.trim())
        setItsMe(false)
      }
    },
  })
  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    if (!session && !name.trim()) return setError(t('v.required'))
    setError(undefined)
    setTakenName(undefined)
    join.mutate(session ? undefined : name.trim())
  }
  const pickAnother = () => {
    nameInput.current?.focus()
    nameInput.current?.select()
  }
  const otherError = join.isError && !isNameTaken(join.error) && !isDeadLink(join.error)
  return (
    <form className="panel stack" onSubmit={submit} noValidate aria-labelledby="join-heading">
      <h2 id="join-heading">{t('join.lead')}</h2>
      {!session && (
        <Field
          label={t('join.name')}
          error={error ?? (takenName !== undefined ? t('join.nameTaken', { name: takenName }) : undefined)}
        >
          <input
            ref={nameInput}
            name="displayName"
            value={name}
            onChange={(e) => {
              setName(e.target.value)
              setTakenName(undefined)
            }}
            autoComplete="nickname"
            maxLength={60}
          />
        </Field>
      )}
      {takenName !== undefined && (
        <div className="notice" role="alert">
          <p>{t('join.nameTakenHint')}</p>
          <div className="actions">
            <button type="button" className="btn btn-small" onClick={pickAnother}>
              {t('join.pickAnother')}
            </button>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => setItsMe(true)}
              aria-expanded={itsMe}
            >
              {t('join.thatsMe')}
            </button>
          </div>
          {itsMe && (
            <p>
              {t('join.thatsMeHelp', { name: takenName })}{' '}
              <Link to={`/login?next=/join/${token}`}>{t('nav.login')}</Link>
            </p>
          )}
        </div>
      )}
      {otherError && <ErrorBox error={join.error} />}
      <button className="btn btn-primary btn-block" type="submit" disabled={join.isPending}>
        {join.isPending
          ? t('common.loading')
          : session
            ? t('join.asUser', { name: session.user.displayName })
            : t('join.asGuest')}
      </button>
      {!session && (
        <p className="center">
          <Link to={`/login?next=/join/${token}`}>{t('join.haveAccount')}</Link>
        </p>
      )}
    </form>
  )
}
