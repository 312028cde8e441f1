/**
 * What the event's privacy settings mean for the reader: the settings as badges under the title,
 * and above the board why counts or names are missing (the server left them out; see
 * contracts/votes/board-view.ts), or, for the organizer, that others see less.
 */
import type { Board, Event } from '@prost/contracts'
import { useI18n } from '../i18n/i18n'

export function PrivacyBadges({ event }: { event: Event }) {
  const { t } = useI18n()
  return (
    <ul className="privacy-badges" aria-label={t('form.privacy')}>
      <li className="badge badge-privacy">
        {t(event.visibility === 'public' ? 'privacy.public' : 'privacy.private')}
      </li>
      {event.hideResults && <li className="badge badge-privacy">{t('privacy.hideResults')}</li>}
      {event.hideNames && <li className="badge badge-privacy">{t('privacy.hideNames')}</li>}
    </ul>
  )
}

export function BoardPrivacyNote({
  board,
  isOrganizer,
  canVote,
}: {
  board: Board
  isOrganizer: boolean
  canVote: boolean
}) {
  const { t } = useI18n()
  if (board.view === 'results-hidden')
    return (
      <p className="notice notice-maybe" role="status">
        {t(canVote ? 'privacy.resultsAfterVote' : 'privacy.resultsAfterVoteGuest')}
      </p>
    )
  if (board.view === 'names-hidden') return <p className="hint">{t('privacy.namesHidden')}</p>
  if (isOrganizer && (board.hideResults || board.hideNames))
    return <p className="hint">{t('privacy.organizerSees')}</p>
  return null
}
