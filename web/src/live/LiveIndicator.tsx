/** The board's real connection state, as an icon, a colour and a word: connecting, live, reconnecting or offline. */
import { useI18n } from '../i18n/i18n'
import type { LiveStatus } from './board-socket'

type Shown = Exclude<LiveStatus, 'closed'>
const ICON: Record<Shown, string> = { connecting: '◌', live: '●', reconnecting: '◌', offline: '○' }

export function LiveIndicator({ status }: { status: LiveStatus }) {
  const { t } = useI18n()
  // 'closed' only follows an unmount; nothing is connected then, so say so.
  const shown: Shown = status === 'closed' ? 'offline' : status
  return (
    <span className={`live live-${shown}`} role="status">
      <span aria-hidden="true">{ICON[shown]}</span> {t(`live.${shown}`)}
    </span>
  )
}
