/**
 * The event form's limits, read from the API contract itself so the form and the server can never
 * disagree (the server refuses a 121-character title; the form stops at the same number).
 */
import { CreateEventSchema, MAX_OPTIONS_PER_KIND, NewPlaceOptionSchema } from '@prost/contracts'

/** A schema's maxLength; a contract without one is a contract change the form must hear about. */
function maxLength(schema: { maxLength?: number }, name: string): number {
  if (schema.maxLength === undefined) throw new Error(`the contract gives ${name} no maxLength`)
  return schema.maxLength
}

export const EVENT_LIMITS = {
  title: maxLength(CreateEventSchema.properties.title, 'title'),
  description: maxLength(CreateEventSchema.properties.description, 'description'),
  placeName: maxLength(NewPlaceOptionSchema.properties.name, 'place name'),
  placeAddress: maxLength(NewPlaceOptionSchema.properties.address, 'place address'),
  mapUrl: maxLength(NewPlaceOptionSchema.properties.mapUrl, 'map link'),
  /** Time options and place options each. */
  options: MAX_OPTIONS_PER_KIND,
} as const
