/** Shown when a route fails to render or its chunk cannot load (e.g. a deploy replaced it): plain words, one automatic reload. */
import { useEffect } from 'react'
import { isRouteErrorResponse, Link, useRouteError } from 'react-router'
import { useI18n, type Translate } from '../i18n/i18n'
import { ApiError } from '../api/client'
import { Empty } from './feedback'
import { readableError } from './problem-text'

const RELOADED = 'prost.chunk-reload'

export function isChunkLoadError(error: unknown): boolean {
  return (
    error instanceof Error &&
    /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(
      error.message,
    )
  )
}

/** What to say: a chunk that will not load is a connection problem, a 404 a missing page, the rest our fault. */
function routeErrorText(error: unknown, t: Translate): string {
  if (isChunkLoadError(error)) return t('common.offline')
  if (isRouteErrorResponse(error) && error.status === 404) return t('notFound.lead')
  if (error instanceof ApiError) return readableError(error, t).title
  return t('problem.internal')
}

export function RouteError() {
  const error = useRouteError()
  const { t } = useI18n()
  const chunk = isChunkLoadError(error)
  useEffect(() => {
    if (chunk && !sessionStorage.getItem(RELOADED)) {
      sessionStorage.setItem(RELOADED, '1')
      location.reload()
    }
  }, [chunk])
  useEffect(() => {
    const timer = setTimeout(() => sessionStorage.removeItem(RELOADED), 10_000)
    return () => clearTimeout(timer)
  }, [])
  return (
    <main className="page" role="alert">
      <h1>{t('common.error')}</h1>
      <Empty icon="🫗">
        <p>{routeErrorText(error, t)}</p>
        <button type="button" className="btn btn-primary" onClick={() => location.reload()}>
          {t('common.retry')}
        </button>{' '}
        <Link className="btn" to="/">
          {t('notFound.home')}
        </Link>
      </Empty>
    </main>
  )
}
