/** Events I organize, joined or was invited to. */
import { Link, Navigate } from 'react-router'
import { useQuery } from '@tanstack/react-query'
import { myEventsQuery } from '../api/queries'
import { useSession } from '../api/use-session'
import { useI18n } from '../i18n/i18n'
import { CardSkeletons, EventCard } from '../components/EventCard'
import { Empty, ErrorBox } from '../components/feedback'
import { CalendarFeedPanel } from './CalendarFeedPanel'

export default function MyEventsPage() {
  const { t } = useI18n()
  const session = useSession()
  const mine = useQuery({ ...myEventsQuery(), enabled: Boolean(session) })
  if (!session) return <Navigate to="/login?next=/me/events" replace />
  return (
    <main className="page">
      <h1>{t('mine.title')}</h1>
      {mine.isPending ? (
        <CardSkeletons n={3} />
      ) : mine.isError ? (
        <ErrorBox error={mine.error} onRetry={() => void mine.refetch()} />
      ) : mine.data.items.length === 0 ? (
        <Empty>
          <p>{t('mine.empty')}</p>
          <Link className="btn btn-primary" to="/new">
            {t('nav.new')}
          </Link>
        </Empty>
      ) : (
        <ul className="cards">
          {mine.data.items.map((event) => (
            <EventCard key={event.id} event={event} />
          ))}
        </ul>
      )}
      <CalendarFeedPanel />
    </main>
  )
}
