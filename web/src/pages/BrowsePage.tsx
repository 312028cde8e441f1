/**
 * The landing page: what Prost is (for guests), then browse and search public events; filters live
 * in the URL so links share them.
 */
import { useState } from 'react'
import { useInfiniteQuery } from '@tanstack/react-query'
import { Link, useSearchParams } from 'react-router'
import type { ListEventsQuery, TimeOfDay } from '@prost/contracts'
import { browseQuery } from '../api/queries'
import { useSession } from '../api/use-session'
import { useI18n } from '../i18n/i18n'
import { CardSkeletons, EventCard } from '../components/EventCard'
import { Empty, ErrorBox } from '../components/feedback'

const TIMES: TimeOfDay[] = ['morning', 'afternoon', 'evening', 'night']
const FILTERS = ['q', 'from', 'to', 'timeOfDay', 'place'] as const

/** Guests land here first: say what Prost does before the list, briefly enough that events stay in view on a phone. */
function Intro() {
  const { t } = useI18n()
  return (
    <section className="intro" aria-labelledby="intro-title">
      <h1 id="intro-title">{t('hero.title')}</h1>
      <p className="intro-lead">{t('hero.lead')}</p>
      <Link className="btn btn-primary" to="/new">
        <span aria-hidden="true">🍻</span> {t('hero.cta')}
      </Link>
    </section>
  )
}

export default function BrowsePage() {
  const { t } = useI18n()
  const session = useSession()
  const [params, setParams] = useSearchParams()
  const filters: ListEventsQuery = {}
  for (const key of FILTERS) {
    const value = params.get(key)?.trim()
    if (value) (filters as Record<string, string>)[key] = value
  }
  // On phones only the text search shows until asked, unless a link already uses the other filters.
  const [showMore, setShowMore] = useState(false)
  const linkUsesMore = FILTERS.some((key) => key !== 'q' && filters[key])
  const moreOpen = showMore || linkUsesMore

  const list = useInfiniteQuery(browseQuery(filters))

  const submit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const data = new FormData(e.currentTarget)
    const next = new URLSearchParams()
    for (const key of FILTERS) {
      const value = String(data.get(key) ?? '').trim()
      if (value) next.set(key, value)
    }
    setParams(next)
  }

  const items = list.data?.pages.flatMap((p) => p.items) ?? []

  return (
    <main className="page">
      {!session && <Intro />}
      <section className="hero">
        {session ? <h1>{t('browse.title')}</h1> : <h2 className="browse-title">{t('browse.title')}</h2>}
        <p className="lead">{t('browse.lead')}</p>
      </section>
      <form
        id="browse-filters"
        className={moreOpen ? 'filters is-open' : 'filters'}
        role="search"
        onSubmit={submit}
        key={params.toString()}
      >
        <div className="field filter-q">
          <label htmlFor="f-q">{t('browse.q')}</label>
          <input
            id="f-q"
            name="q"
            type="search"
            defaultValue={filters.q ?? ''}
            placeholder={t('browse.qPlaceholder')}
            maxLength={100}
          />
        </div>
        <div className="field filter-more">
          <label htmlFor="f-from">{t('browse.from')}</label>
          <input id="f-from" name="from" type="date" defaultValue={filters.from ?? ''} />
        </div>
        <div className="field filter-more">
          <label htmlFor="f-to">{t('browse.to')}</label>
          <input id="f-to" name="to" type="date" defaultValue={filters.to ?? ''} />
        </div>
        <div className="field filter-more">
          <label htmlFor="f-tod">{t('browse.timeOfDay')}</label>
          <select id="f-tod" name="timeOfDay" defaultValue={filters.timeOfDay ?? ''}>
            <option value="">{t('browse.anyTime')}</option>
            {TIMES.map((time) => (
              <option key={time} value={time}>
                {t(`tod.${time}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field filter-more">
          <label htmlFor="f-place">{t('browse.place')}</label>
          <input
            id="f-place"
            name="place"
            defaultValue={filters.place ?? ''}
            placeholder={t('browse.placePlaceholder')}
            maxLength={100}
          />
        </div>
        <div className="filter-actions">
          <button className="btn btn-primary" type="submit">
            {t('browse.search')}
          </button>
          {!linkUsesMore && (
            <button
              className="btn filter-toggle"
              type="button"
              aria-expanded={showMore}
              aria-controls="browse-filters"
              onClick={() => setShowMore(!showMore)}
            >
              {t('browse.moreFilters')} <span aria-hidden="true">{showMore ? '▴' : '▾'}</span>
            </button>
          )}
          {params.size > 0 && (
            <button className="btn" type="button" onClick={() => setParams(new URLSearchParams())}>
              {t('browse.reset')}
            </button>
          )}
        </div>
      </form>

      {list.isPending ? (
        <CardSkeletons />
      ) : list.isError && items.length === 0 ? (
        <ErrorBox error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Empty>
          <p>{t('browse.empty')}</p>
          <Link className="btn btn-primary" to="/new">
            {t('browse.createOne')}
          </Link>
        </Empty>
      ) : (
        <>
          <ul className="cards" aria-label={t('browse.title')}>
            {items.map((event) => (
              <EventCard key={event.id} event={event} />
            ))}
          </ul>
          {list.hasNextPage && (
            <div className="load-more">
              <button
                className="btn"
                type="button"
                disabled={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
              >
                {list.isFetchingNextPage ? t('common.loading') : t('browse.loadMore')}
              </button>
            </div>
          )}
          {list.isError && <ErrorBox error={list.error} onRetry={() => void list.fetchNextPage()} />}
        </>
      )}
    </main>
  )
}
