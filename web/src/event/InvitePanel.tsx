/**
 * Organizer's invite tools: copy the link, share it to Telegram, replace a link that went too far,
 * invite registered users by name.
 */
import { useEffect, useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Event } from '@prost/contracts'
import { events } from '../api/prost'
import { eventQuery, userSearchQuery } from '../api/queries'
import { useI18n } from '../i18n/i18n'
import { ErrorBox } from '../components/feedback'

export const inviteUrl = (token: string, origin = location.origin) => `${origin}/join/${token}`
export const telegramShareUrl = (url: string, text: string) =>
  `https://t.me/share/url?url=${encodeURIComponent(url)}&text=${encodeURIComponent(text)}`

/** `first`: nobody has joined yet, so the panel leads the page and says what to do with the link. */
export function InvitePanel({ event, first = false }: { event: Event; first?: boolean }) {
  const { t } = useI18n()
  const queryClient = useQueryClient()
  const [copied, setCopied] = useState(false)
  const [name, setName] = useState('')
  const [q, setQ] = useState('')
  useEffect(() => {
    const timer = setTimeout(() => setQ(name.trim()), 250)
    return () => clearTimeout(timer)
  }, [name])
  const users = useQuery({ ...userSearchQuery(q), enabled: q.length > 0 })
  const invite = useMutation({
    mutationFn: (user: { id: string; displayName: string }) =>
      events.invite(event.id, user.id, user.displayName),
    onSuccess: (saved) => queryClient.setQueryData(eventQuery(event.id).queryKey, saved),
  })
  const rotate = useMutation({
    mutationFn: () => events.rotateInviteLink(event.id),
    onSuccess: ({ inviteToken }) =>
      queryClient.setQueryData(eventQuery(event.id).queryKey, (old) => (old ? { ...old, inviteToken } : old)),
  })
  if (!event.inviteToken) return null
  const url = inviteUrl(event.inviteToken)

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url)
    } catch {
      ;(document.getElementById('invite-link') as HTMLInputElement | null)?.select()
      document.execCommand?.('copy')
    }
    setCopied(true)
    setTimeout(() => setCopied(false), 2000)
  }

  return (
    <section className="panel stack" aria-labelledby="invite-heading">
      <h2 id="invite-heading">💌 {t('invite.title')}</h2>
      {first && <p className="hint">{t('invite.firstLead')}</p>}
      <div className="field">
        <label htmlFor="invite-link">{t('invite.linkLabel')}</label>
        <div className="input-row invite-link-row">
          <input id="invite-link" readOnly value={url} onFocus={(e) => e.target.select()} />
          <button type="button" className="btn" onClick={() => void copy()}>
            {copied ? `✓ ${t('invite.copied')}` : t('invite.copy')}
          </button>
        </div>
      </div>
      <a
        className="btn btn-telegram"
        href={telegramShareUrl(url, t('invite.shareText', { title: event.title }))}
        target="_blank"
        rel="noreferrer noopener"
      >
        ✈️ {t('invite.telegram')}
      </a>
      <div>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => rotate.mutate()}
          disabled={rotate.isPending}
        >
          🔄 {t('invite.rotate')}
        </button>
        <p className="hint" role="status">
          {rotate.isSuccess ? `✓ ${t('invite.rotated')}` : t('invite.rotateHint')}
        </p>
      </div>
      {rotate.isError && <ErrorBox error={rotate.error} />}
      <div className="field">
        <label htmlFor="invite-name">{t('invite.byName')}</label>
        <input
          id="invite-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={t('invite.search')}
          autoComplete="off"
          maxLength={80}
        />
      </div>
      {users.isError && <ErrorBox error={users.error} />}
      {users.data && (
        <ul className="user-results">
          {users.data.items.length === 0 && <li className="muted">{t('invite.none')}</li>}
          {users.data.items.map((user) => {
            const already =
              event.invited.some((i) => i.id === user.id) || event.participants.some((p) => p.id === user.id)
            return (
              <li key={user.id}>
                <span>{user.displayName}</span>
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={already || invite.isPending}
                  onClick={() => invite.mutate(user)}
                >
                  {already ? `✓ ${t('invite.invited')}` : t('invite.invite')}
                </button>
              </li>
            )
          })}
        </ul>
      )}
      {invite.isError && <ErrorBox error={invite.error} />}
      {event.invited.length > 0 && (
        <p className="muted">
          {t('invite.invited')}: {event.invited.map((i) => i.name).join(', ')}
        </p>
      )}
    </section>
  )
}
