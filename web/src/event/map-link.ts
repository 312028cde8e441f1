/** Where a place's "Map" link points: its own map link (http/https only), else OpenStreetMap by coordinates or by name. */
import type { PlaceOption } from '@prost/contracts'

/** The URL when it is an absolute http(s) link; anything else (javascript:, data:, relative) is no link. */
export function httpUrl(value: string | undefined): string | null {
  if (!value) return null
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

export function mapLink(place: Pick<PlaceOption, 'name' | 'address' | 'mapUrl' | 'lat' | 'lon'>): string {
  const own = httpUrl(place.mapUrl)
  if (own) return own
  if (place.lat !== undefined && place.lon !== undefined)
    return `https://www.openstreetmap.org/?mlat=${place.lat}&mlon=${place.lon}#map=17/${place.lat}/${place.lon}`
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent([place.name, place.address].filter(Boolean).join(', '))}`
}
