/** Connect Telegram: the deep link, linked state, my upcoming reminders, and dry-run messages. */
import { Link, Navigate } from 'react-router'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { notifications } from '../api/prost'
import { useSession } from '../api/use-session'
import { useI18n } from '../i18n/i18n'
import { Empty, ErrorBox, Skeleton } from '../components/feedback'

export default function TelegramPage() {
  const { t, locale } = useI18n()
  const session = useSession()
  const queryClient = useQueryClient()
  const me = useQuery({
    queryKey: ['notifications'],
    queryFn: notifications.me,
    enabled: Boolean(session),
    refetchInterval: 15_000,
  })
  const link = useMutation({ mutationFn: notifications.link })
  const unlink = useMutation({
    mutationFn: notifications.unlink,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  })
  if (!session) return <Navigate to="/login?next=/telegram" replace />
  const when = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))

  return (
    <main className="page page-narrow">
      <h1>✈️ {t('tg.title')}</h1>
      <p className="lead">{t('tg.lead')}</p>
      {me.isPending ? (
        <Skeleton lines={4} />
      ) : me.isError ? (
        <ErrorBox error={me.error} onRetry={() => void me.refetch()} />
      ) : (
        <>
          <section className="panel stack">
            <p className={me.data.linked ? 'notice notice-yes' : 'notice'}>
              {me.data.linked
                ? `✓ ${t('tg.linked', { when: me.data.linkedAt ? when(me.data.linkedAt) : '' })}`
                : t('tg.notLinked')}
            </p>
            {me.data.linked ? (
              <button
                type="button"
                className="btn"
                onClick={() => unlink.mutate()}
                disabled={unlink.isPending}
              >
                {t('tg.unlink')}
              </button>
            ) : link.data ? (
              <a
                className="btn btn-telegram"
                href={link.data.deepLink}
                target="_blank"
                rel="noreferrer noopener"
              >
                ✈️ {t('tg.openLink', { when: when(link.data.expiresAt) })}
              </a>
            ) : (
              <button
                type="button"
                className="btn btn-telegram"
                onClick={() => link.mutate()}
                disabled={link.isPending}
              >
                ✈️ {t('tg.connect')}
              </button>
            )}
            {link.isError && <ErrorBox error={link.error} />}
            {unlink.isError && <ErrorBox error={unlink.error} />}
          </section>
          <section className="panel stack" aria-labelledby="upcoming-heading">
            <h2 id="upcoming-heading">⏰ {t('tg.upcoming')}</h2>
            {me.data.upcoming.length === 0 ? (
              <Empty icon="⏰">
                <p>{t('tg.noUpcoming')}</p>
              </Empty>
            ) : (
              <ul className="plain-list">
                {me.data.upcoming.map((r) => (
                  <li key={`${r.eventId}-${r.dueAt}`}>
                    <Link to={`/events/${r.eventId}`}>{r.title}</Link> · {when(r.startsAt)}
                    {r.placeName && ` · ${r.placeName}`}
                    <br />
                    <small className="muted">
                      {t('tg.due', { when: when(r.dueAt) })} · {r.status}
                    </small>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {me.data.dryRun && (
            <section className="panel stack" aria-labelledby="dry-heading">
              <h2 id="dry-heading">🧪 {t('tg.dryRun')}</h2>
              {me.data.dryRunMessages.length === 0 ? (
                <p className="muted">{t('tg.noMessages')}</p>
              ) : (
                <ul className="plain-list">
                  {me.data.dryRunMessages.map((m, i) => (
                    <li key={i} className="tg-message">
                      <small className="muted">
                        {m.kind} · {when(m.sentAt)}
                      </small>
                      <pre>{m.text}</pre>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}
        </>
      )}
    </main>
  )
}
