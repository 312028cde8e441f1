/**
 * My personal calendar feed: the secret https / webcal:// URL calendar apps subscribe to, copied or
 * opened, and a new one on demand (the old one stops working at once). Shown only when asked, so the
 * secret is not on screen by default.
 */
import { useState } from 'react'
import { useMutation } from '@tanstack/react-query'
import type { CalendarFeed } from '@prost/contracts'
import { calendarFeed } from '../api/prost'
import { useI18n } from '../i18n/i18n'
import { ErrorBox } from '../components/feedback'

export function CalendarFeedPanel() {
  const { t } = useI18n()
  const [feed, setFeed] = useState<CalendarFeed | null>(null)
  const [copied, setCopied] = useState(false)
  const show = useMutation({ mutationFn: calendarFeed.get, onSuccess: setFeed })
  const rotate = useMutation({ mutationFn: calendarFeed.rotate, onSuccess: setFeed })

  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url)
    } catch {
      ;(document.getElementById('feed-link') as HTMLInputElement | null)?.select()
      document.execCommand?.('copy')
    }
    setCopied(true)
    setTimeout(() => setCopied(false), 2000)
  }

  return (
    <section className="panel stack feed-panel" aria-labelledby="feed-heading">
      <h2 id="feed-heading">📅 {t('feed.title')}</h2>
      <p className="hint">{t('feed.lead')}</p>
      {!feed ? (
        <div>
          <button type="button" className="btn" disabled={show.isPending} onClick={() => show.mutate()}>
            {t('feed.show')}
          </button>
        </div>
      ) : (
        <>
          <div className="field">
            <label htmlFor="feed-link">{t('feed.link')}</label>
            <div className="input-row invite-link-row">
              <input id="feed-link" readOnly value={feed.httpsUrl} onFocus={(e) => e.target.select()} />
              <button type="button" className="btn" onClick={() => void copy(feed.httpsUrl)}>
                {copied ? `✓ ${t('feed.copied')}` : t('feed.copy')}
              </button>
            </div>
          </div>
          <div>
            <a className="btn btn-primary" href={feed.webcalUrl}>
              🗓 {t('feed.open')}
            </a>
          </div>
          <p className="hint">{t('feed.secret')}</p>
          <div>
            <button
              type="button"
              className="btn btn-small"
              disabled={rotate.isPending}
              onClick={() => rotate.mutate()}
            >
              🔄 {t('feed.rotate')}
            </button>
            <p className="hint" role="status">
              {rotate.isSuccess ? `✓ ${t('feed.rotated')}` : ''}
            </p>
          </div>
        </>
      )}
      {show.isError && <ErrorBox error={show.error} />}
      {rotate.isError && <ErrorBox error={rotate.error} />}
    </section>
  )
}
