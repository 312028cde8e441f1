/** A link card for a place's map link: the host, the coordinates read from it, the address. */
import { useI18n } from '../../i18n/i18n'
import { coordinatesFromMapUrl, isHttpUrl, type PlaceRow } from './event-form'

export function MapPreview({ row }: { row: PlaceRow }) {
  const { t } = useI18n()
  if (!isHttpUrl(row.mapUrl)) return null
  const coords = coordinatesFromMapUrl(row.mapUrl)
  let host = ''
  try {
    host = new URL(row.mapUrl.trim()).hostname.replace(/^www\./, '')
  } catch {
    return null
  }
  return (
    <a className="map-preview" href={row.mapUrl.trim()} target="_blank" rel="noreferrer noopener">
      <span className="map-pin" aria-hidden="true">
        🗺️
      </span>
      <span>
        <strong>{row.name || t('form.mapPreview')}</strong>
        <small>
          {host}
          {coords ? ` · ${coords.lat.toFixed(4)}, ${coords.lon.toFixed(4)}` : ''}
          {row.address ? ` · ${row.address}` : ''}
        </small>
      </span>
      <span aria-hidden="true">↗</span>
    </a>
  )
}
