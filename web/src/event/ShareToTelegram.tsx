/** The organizer's "Share to a Telegram group" button (see telegram/share-inline.ts for how it shares). */
import { useQuery } from '@tanstack/react-query'
import type { Event } from '@prost/contracts'
import { authProvidersQuery } from '../api/queries'
import { useI18n } from '../i18n/i18n'
import { openTelegramLinkInside, startGroupUrl, switchToInlineShare } from '../telegram/share-inline'

export function ShareToTelegram({ event }: { event: Pick<Event, 'id' | 'title'> }) {
  const { t } = useI18n()
  // The deployment says whether it has a bot; without one there is nothing to share to.
  const providers = useQuery(authProvidersQuery())
  const bot = providers.data?.telegram?.botUsername
  if (!bot) return null
  const share = async () => {
    if (await switchToInlineShare(event.title)) return
    const url = startGroupUrl(bot, event.id)
    if (await openTelegramLinkInside(url)) return
    window.open(url, '_blank', 'noopener,noreferrer')
  }
  return (
    <div className="share-telegram">
      <button type="button" className="btn" onClick={() => void share()}>
        ✈️ {t('share.telegram')}
      </button>
      <p className="muted">{t('share.telegramHint')}</p>
    </div>
  )
}
