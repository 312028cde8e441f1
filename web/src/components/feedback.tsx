/** Error boxes, loading skeletons and empty states shared by the pages. */
import type { ReactNode } from 'react'
import { useI18n } from '../i18n/i18n'
import { readableError } from './problem-text'

/** An error in plain words (see problem-text.ts): a translated sentence, never the server's raw text. */
export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n()
  const e = readableError(error, t)
  return (
    <div className="error-box" role="alert">
      <strong>{e.title}</strong>
      {e.detail && <p>{e.detail}</p>}
      {e.fields.length > 0 && (
        <ul>
          {e.fields.map((f) => (
            <li key={f.path + f.message}>
              {f.label ? `${f.label}: ` : ''}
              {f.message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  )
}

export function Skeleton({ lines = 3, className = '' }: { lines?: number; className?: string }) {
  const { t } = useI18n()
  return (
    <div className={`skeleton ${className}`} aria-busy="true" aria-live="polite">
      <span className="visually-hidden">{t('common.loading')}</span>
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton-line" style={{ width: `${90 - i * 15}%` }} />
      ))}
    </div>
  )
}

export function Empty({ icon = '🍺', children }: { icon?: string; children: ReactNode }) {
  return (
    <div className="empty">
      <span className="empty-icon" aria-hidden="true">
        {icon}
      </span>
      {children}
    </div>
  )
}

export function PageLoading() {
  return (
    <main className="page">
      <Skeleton lines={4} />
    </main>
  )
}
