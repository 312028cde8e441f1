/** The event page: header, final card, the live vote board, and the organizer's invite/finalize tools. */
import { Link, useParams } from 'react-router'
import { useMutation, useQuery } from '@tanstack/react-query'
import { Fragment, useEffect, useState } from 'react'
import type { Board, Event } from '@prost/contracts'
import { ApiError } from '../api/client'
import { events, votes } from '../api/prost'
import { boardQuery, eventQuery } from '../api/queries'
import { getGuestPass } from '../api/session'
import { useSession } from '../api/use-session'
import { useI18n } from '../i18n/i18n'
import { Empty, ErrorBox, PageLoading, Skeleton } from '../components/feedback'
import { LinkifiedText } from '../components/LinkifiedText'
import { LiveIndicator } from '../live/LiveIndicator'
import type { LiveStatus } from '../live/board-socket'
import { useWhen } from '../time/When'
import { CancelPanel } from './CancelPanel'
import { Comments } from './Comments'
import { FinalCard } from './FinalCard'
import { RsvpPanel } from './RsvpPanel'
import { JoinDecided, MySeat, PeoplePanel } from './PeoplePanel'
import { ShareToTelegram } from './ShareToTelegram'
import { FinalizePanel } from './FinalizePanel'
import { BestCombination } from './BestCombination'
import { BoardPrivacyNote, PrivacyBadges } from './PrivacyNotes'
import { InvitePanel } from './InvitePanel'
import { ProposeOptionPanel } from './ProposeOptionPanel'
import { RepeatPanel } from './RepeatPanel'
import { mapLink } from './map-link'
import { useEventSaved } from './use-event-saved'
import { useLiveBoard } from './use-live-board'
import { useMyBallot } from './use-my-ballot'
import { choicesOf, VoteGrid, type GridOption } from './VoteGrid'

export default function EventPage() {
  const { id = '' } = useParams()
  const { t } = useI18n()
  const event = useQuery(eventQuery(id))
  const board = useQuery({
    ...boardQuery(id),
    enabled: event.isSuccess,
    // The board is built from events the voting service hears about a moment later: a fresh event may 404 briefly.
    retry: (count, error) => count < (error instanceof ApiError && error.status === 404 ? 8 : 2),
    retryDelay: (count) => Math.min(4000, 750 * 2 ** count),
  })
  const live = useLiveBoard(id, event.isSuccess)

  if (event.isPending) return <PageLoading />
  if (event.isError)
    return (
      <main className="page">
        <ErrorBox error={event.error} onRetry={() => void event.refetch()} />
        <p>
          <Link to="/">{t('notFound.home')}</Link>
        </p>
      </main>
    )
  return <EventView event={event.data} board={board.data} boardError={board.error} live={live} />
}

function useMe(event: Event) {
  const session = useSession()
  if (session) {
    const joined = event.participants.find((p) => p.id === session.user.id)
    return {
      me: joined ? { id: joined.id, name: joined.name } : null,
      signedIn: true,
      userId: session.user.id,
    }
  }
  const pass = getGuestPass(event.id)
  return { me: pass ? { id: pass.participantId, name: pass.name } : null, signedIn: false, userId: null }
}

function CoverImage({ event }: { event: Event }) {
  const [src, setSrc] = useState<string | null>(
    event.visibility === 'public' ? events.coverUrl(event.id) : null,
  )
  useEffect(() => {
    if (event.visibility === 'public' || !event.hasCover) return
    // Private covers need the Bearer token, which an <img> cannot send.
    let url: string | null = null
    void events
      .cover(event.id)
      .then((res) => res.blob())
      .then((blob) => setSrc((url = URL.createObjectURL(blob))))
      .catch(() => undefined)
    return () => void (url && URL.revokeObjectURL(url))
  }, [event.id, event.visibility, event.hasCover, event.updatedAt])
  if (!event.hasCover || !src) return null
  return (
    <img
      className="event-cover"
      src={`${src}${event.visibility === 'public' ? `?v=${Date.parse(event.updatedAt)}` : ''}`}
      alt=""
    />
  )
}

function EventView({
  event,
  board,
  boardError,
  live,
}: {
  event: Event
  board?: Board
  boardError: unknown
  live: LiveStatus
}) {
  const { t } = useI18n()
  const eventSaved = useEventSaved()
  const { me, signedIn, userId } = useMe(event)
  const isOrganizer = userId === event.organizer.id
  // The newest version either copy has seen: voting waits for its read model to reach it (e.g. right after I joined).
  // Under hideNames the board names nobody, me included: my answers come from my ballot instead.
  const ownBallot = useQuery({
    queryKey: ['ballot', event.id, board?.eventVersion],
    queryFn: () => votes.ballot(event.id),
    enabled: board?.view === 'names-hidden' && me !== null,
  })
  const ballot = useMyBallot(
    event.id,
    board && me
      ? board.view === 'names-hidden'
        ? (ownBallot.data?.choices ?? {})
        : choicesOf(board, me.id)
      : {},
    Math.max(event.version, board?.eventVersion ?? 0),
  )
  const join = useMutation({
    mutationFn: () => events.join(event.id),
    onSuccess: eventSaved,
  })

  // Whichever copy saw the newer event version wins: the board lags the event service a moment, while
  // live updates reach the board first.
  const boardIsNewer = board !== undefined && board.eventVersion >= event.version
  const status = boardIsNewer ? board.status : event.status
  const final = boardIsNewer ? board.final : event.final
  const canVote =
    status === 'polling' &&
    me !== null &&
    !(event.votingDeadline && Date.parse(event.votingDeadline) < Date.now())
  const tz = event.timeZone
  const when = useWhen()

  // Who proposed an option, when a participant did (the organizer's own options need no byline).
  const proposer = (options: { id: string; proposedBy?: { id: string; name: string } }[], id: string) => {
    const by = options.find((o) => o.id === id)?.proposedBy
    return by && by.id !== event.organizer.id ? t('grid.proposedBy', { name: by.name }) : undefined
  }
  const timeOptions: GridOption[] = (board?.timeOptions ?? []).map((o) => {
    // Event zone named, and the viewer's own clock under it when that reads differently.
    const lines = when.lines(o.startsAt, o.endsAt, tz)
    return {
      id: o.id,
      title: lines.day,
      subtitle: lines.clock,
      note: lines.yours ?? undefined,
      byline: proposer(event.timeOptions, o.id),
      revised: o.revisedFrom
        ? t('grid.revisedTime', { when: when.text(o.revisedFrom.startsAt, o.revisedFrom.endsAt, tz) })
        : undefined,
      counts: o.counts,
      voters: o.voters,
    }
  })
  const placeOptions: GridOption[] = (board?.placeOptions ?? []).map((o) => ({
    id: o.id,
    title: o.name,
    subtitle: o.address,
    mapUrl: mapLink(o),
    byline: proposer(event.placeOptions, o.id),
    revised: o.revisedFrom
      ? t('grid.revisedPlace', {
          place: [o.revisedFrom.name, o.revisedFrom.address].filter(Boolean).join(', '),
        })
      : undefined,
    counts: o.counts,
    voters: o.voters,
  }))
  const participants = board?.participants ?? event.participants.map((p) => ({ id: p.id, name: p.name }))
  // Until a friend has joined, inviting is the organizer's one job: the link comes first, above the
  // board (on a phone the side panels come after it, below "Decide").
  const inviteFirst =
    isOrganizer && status === 'polling' && event.participants.every((p) => p.id === event.organizer.id)

  return (
    <main className="page page-event">
      <header className="event-head">
        <CoverImage event={event} />
        <div className="event-title-row">
          <h1>{event.title}</h1>
          {isOrganizer && status === 'polling' && (
            <Link className="btn btn-small" to={`/events/${event.id}/edit`}>
              ✏️ {t('event.edit')}
            </Link>
          )}
        </div>
        <p className="muted">
          {t('event.organizedBy', { name: event.organizer.name })}
          {event.votingDeadline && status === 'polling' && (
            <> · {t('event.deadline', { when: when.text(event.votingDeadline, null, tz) })}</>
          )}
        </p>
        <PrivacyBadges event={event} />
        {event.seriesId && <p className="muted">🔁 {t('repeat.partOf')}</p>}
        {event.description && (
          <p className="event-description">
            <LinkifiedText text={event.description} />
          </p>
        )}
      </header>
      {inviteFirst && (
        <div className="event-invite-first">
          <InvitePanel event={event} first />
        </div>
      )}

      {status === 'cancelled' && (
        <p className="notice notice-no" role="status">
          {t('event.cancelled')}
        </p>
      )}
      {status === 'finalized' && final && <FinalCard event={event} final={final} />}
      {status === 'finalized' && final && <MySeat event={event} meId={me?.id ?? null} />}
      {status === 'finalized' && final && !me && signedIn && <JoinDecided event={event} />}
      {status === 'finalized' && final && <RsvpPanel event={event} meId={me?.id ?? null} />}

      <section className="board" aria-labelledby="board-heading">
        <div className="board-head">
          <h2 id="board-heading">🗳️ {status === 'polling' ? t('card.stillVoting') : t('event.whoVoted')}</h2>
          <LiveIndicator status={live} />
        </div>
        {status === 'polling' && !me && (
          <div className="notice">
            {signedIn ? (
              <>
                <span>{t('event.joinToVote')}</span>
                <button
                  type="button"
                  className="btn btn-primary btn-small"
                  onClick={() => join.mutate()}
                  disabled={join.isPending}
                >
                  {t('event.join')}
                </button>
              </>
            ) : (
              <>
                <span>{t('event.loginToVote')}</span>
                <Link className="btn btn-primary btn-small" to={`/login?next=/events/${event.id}`}>
                  {t('nav.login')}
                </Link>
              </>
            )}
          </div>
        )}
        {join.isError && <ErrorBox error={join.error} />}
        {board && status === 'polling' && (
          <BoardPrivacyNote board={board} isOrganizer={isOrganizer} canVote={canVote} />
        )}
        {boardError ? (
          <ErrorBox error={boardError} />
        ) : !board ? (
          <Skeleton lines={5} className="board-skeleton" />
        ) : timeOptions.length + placeOptions.length === 0 ? (
          <Empty icon="🗓️">
            <p>{t('event.noOptions')}</p>
          </Empty>
        ) : (
          <>
            {(
              [
                ['🕖', t('event.times'), timeOptions, board.bestTimeOptionId],
                ['📍', t('event.places'), placeOptions, board.bestPlaceOptionId],
              ] as const
            ).map(
              ([icon, caption, options, bestId]) =>
                options.length > 0 && (
                  <Fragment key={caption}>
                    <h3>
                      {icon} {caption}
                    </h3>
                    <VoteGrid
                      caption={caption}
                      options={options}
                      participants={participants}
                      bestId={bestId}
                      me={me}
                      myChoices={ballot.choices}
                      onVote={canVote ? ballot.vote : undefined}
                      view={board.view}
                    />
                  </Fragment>
                ),
            )}
            <BestCombination event={event} board={board} />
            <p className="save-state" role="status" aria-live="polite">
              {ballot.pending ? t('event.savingVotes') : ballot.saved ? `✓ ${t('event.saved')}` : ''}
            </p>
            {ballot.error !== null && <ErrorBox error={ballot.error} />}
            {board.notVoted.length > 0 && (
              <p className="muted">
                {t('event.notVoted', { names: board.notVoted.map((v) => v.name).join(', ') })}
              </p>
            )}
          </>
        )}
      </section>

      <div className="event-side">
        {isOrganizer && status !== 'cancelled' && board && <FinalizePanel event={event} board={board} />}
        {isOrganizer && status === 'polling' && <ShareToTelegram event={event} />}
        {!isOrganizer && me && status === 'polling' && event.allowParticipantOptions && (
          <ProposeOptionPanel event={event} meId={me.id} />
        )}
        {isOrganizer && status !== 'cancelled' && !inviteFirst && <InvitePanel event={event} />}
        <PeoplePanel event={event} meId={me?.id ?? null} isOrganizer={isOrganizer} signedIn={signedIn} />
        <Comments eventId={event.id} canWrite={me !== null} />
        {isOrganizer && <RepeatPanel event={event} />}
        {isOrganizer && status !== 'cancelled' && <CancelPanel event={event} />}
      </div>
    </main>
  )
}
