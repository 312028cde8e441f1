/** Connect Telegram: the deep link, linked state, my upcoming reminders, and dry-run messages. */
import { Link, Navigate } from 'react-router'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { notifications } from '../api/prost'
import { notificationsQuery } from '../api/queries'
import { useSession } from '../api/use-session'
import { useI18n } from '../i18n/i18n'
import { deliveryStatusText, messageKindText } from '../i18n/status-words'
import { Empty, ErrorBox, Skeleton } from '../components/feedback'
import { useWhen, When } from '../time/When'

export default function TelegramPage() {
  const { t } = useI18n()
  const zoned = useWhen()
  const session = useSession()
  const queryClient = useQueryClient()
  const me = useQuery({
    ...notificationsQuery(),
    enabled: Boolean(session),
    refetchInterval: 15_000,
  })
  const link = useMutation({
    mutationFn: async () => {
      const deepLink = await notifications.link()
      // The bot writes in the profile's language from its first message, not in the Telegram app's.
      if (session) await notifications.setLanguage(session.user.language).catch(() => undefined)
      return deepLink
    },
  })
  const unlink = useMutation({
    mutationFn: notifications.unlink,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: notificationsQuery().queryKey }),
  })
  if (!session) return <Navigate to="/login?next=/telegram" replace />
  // Moments of no event (link times, messages) on the viewer's clock, zone named.
  const when = (iso: string) => zoned.local(iso)

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
                    <Link to={`/events/${r.eventId}`}>{r.title}</Link> ·{' '}
                    <When startsAt={r.startsAt} zone={r.timeZone} />
                    {r.placeName && ` · ${r.placeName}`}
                    <br />
                    <small className="muted">
                      {t('tg.due', { when: zoned.text(r.dueAt, null, r.timeZone) })} ·{' '}
                      {deliveryStatusText(t, r.status)}
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
                        {messageKindText(t, m.kind)} · {when(m.sentAt)}
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
