/** The decided plan: when, where, a map link and "Add to calendar". */
import { useState } from 'react'
import type { Event, FinalChoice } from '@prost/contracts'
import { events } from '../api/prost'
import { useI18n } from '../i18n/i18n'
import { ErrorBox } from '../components/feedback'
import { When } from '../time/When'
import { mapLink } from './map-link'

export function FinalCard({
  event,
  final,
}: {
  event: Pick<Event, 'id' | 'title' | 'timeZone'>
  final: FinalChoice
}) {
  const { t } = useI18n()
  const [error, setError] = useState<unknown>(null)
  const download = async () => {
    setError(null)
    try {
      const res = await events.ics(event.id)
      const url = URL.createObjectURL(await res.blob())
      const a = document.createElement('a')
      a.href = url
      a.download = `${event.title.replace(/[^\p{L}\p{N}]+/gu, '-').toLowerCase() || 'prost'}.ics`
      a.click()
      setTimeout(() => URL.revokeObjectURL(url), 1000)
    } catch (e) {
      setError(e)
    }
  }
  return (
    <section className="final-card" aria-labelledby="final-heading">
      <h2 id="final-heading">{t('final.title')}</h2>
      <dl>
        <dt>{t('final.when')}</dt>
        <dd>
          <When startsAt={final.startsAt} endsAt={final.endsAt} zone={event.timeZone} />
        </dd>
        <dt>{t('final.where')}</dt>
        <dd>
          <strong>{final.place.name}</strong>
          {final.place.address && <span className="muted"> · {final.place.address}</span>}
        </dd>
      </dl>
      <div className="actions">
        <a className="btn" href={mapLink(final.place)} target="_blank" rel="noopener noreferrer">
          🗺️ {t('final.map')}
        </a>
        <button type="button" className="btn btn-primary" onClick={() => void download()}>
          📅 {t('final.calendar')}
        </button>
      </div>
      {error !== null && <ErrorBox error={error} />}
    </section>
  )
}
