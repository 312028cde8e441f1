/** A browse/my-plans card: cover, title, when and where (or "still voting"), head count. */
import { Link } from 'react-router'
import type { EventSummary } from '@prost/contracts'
import { events } from '../api/prost'
import { useI18n } from '../i18n/i18n'
import { When } from '../time/When'

const EMOJI = ['🍺', '🍻', '🥨', '🎲', '🥾', '🎳', '🍕', '🎤']

export function EventCard({ event }: { event: EventSummary }) {
  const { t, tp } = useI18n()
  const emoji = EMOJI[parseInt(event.id.slice(-2), 16) % EMOJI.length]
  return (
    <li className="card">
      <Link to={`/events/${event.id}`} className="card-link">
        <div className="card-cover" aria-hidden="true">
          {event.hasCover ? (
            <img src={events.coverUrl(event.id)} alt="" loading="lazy" />
          ) : (
            <span>{emoji}</span>
          )}
        </div>
        <div className="card-body">
          <h3>{event.title}</h3>
          {event.status === 'finalized' ? (
            <p className="card-when">
              {event.startsAt && (
                <span>
                  📅 <When startsAt={event.startsAt} zone={event.timeZone} />
                </span>
              )}
              <span>📍 {event.placeName ?? t('card.noPlace')}</span>
            </p>
          ) : event.status === 'cancelled' ? (
            <p>
              <span className="badge badge-no">{t('card.cancelled')}</span>
            </p>
          ) : (
            <p className="card-when">
              <span className="badge badge-voting">🗳️ {t('card.stillVoting')}</span>
              {event.startsAt && (
                <span>
                  {t('when.firstOption')} <When startsAt={event.startsAt} zone={event.timeZone} />
                </span>
              )}
              <span className="muted">
                {t('card.options', { times: event.timeOptionCount, places: event.placeOptionCount })}
              </span>
            </p>
          )}
          <p className="card-count">👥 {tp('participants', event.participantCount)}</p>
        </div>
      </Link>
    </li>
  )
}

export function CardSkeletons({ n = 6 }: { n?: number }) {
  const { t } = useI18n()
  return (
    <ul className="cards" aria-busy="true">
      <li className="visually-hidden">{t('common.loading')}</li>
      {Array.from({ length: n }, (_, i) => (
        <li key={i} className="card card-skeleton" aria-hidden="true">
          <div className="card-cover" />
          <div className="card-body">
            <div className="skeleton-line" style={{ width: '70%' }} />
            <div className="skeleton-line" style={{ width: '45%' }} />
          </div>
        </li>
      ))}
    </ul>
  )
}
