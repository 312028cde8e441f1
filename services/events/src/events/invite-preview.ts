/** The invite preview: what someone holding the link may see before joining (nothing that names other people). */
import type { AccessClaims } from '@prost/platform'
import type { InvitePreview, InviteYou, PlaceOption } from '@prost/contracts'
import type { EventDoc } from './event-document.js'

/** The caller as a participant of this event, from the token they sent (if any). */
export function inviteYou(
  doc: Pick<EventDoc, '_id' | 'organizer' | 'participants'>,
  caller: AccessClaims | undefined,
): InviteYou | undefined {
  if (!caller) return undefined
  if (caller.kind === 'participant' && caller.eventId !== doc._id.toHexString()) return undefined
  const me = doc.participants.find((p) => p.id === caller.sub && p.kind === caller.kind)
  if (!me) return undefined
  return {
    name: me.name,
    kind: me.kind,
    organizer: caller.kind === 'user' && caller.sub === doc.organizer.id,
  }
}

const place = ({ id, name, address, mapUrl, lat, lon }: PlaceOption): PlaceOption => ({
  id,
  name,
  ...(address !== undefined ? { address } : {}),
  ...(mapUrl !== undefined ? { mapUrl } : {}),
  ...(lat !== undefined ? { lat } : {}),
  ...(lon !== undefined ? { lon } : {}),
})

export function toInvitePreview(doc: EventDoc, caller: AccessClaims | undefined): InvitePreview {
  const you = inviteYou(doc, caller)
  return {
    eventId: doc._id.toHexString(),
    title: doc.title,
    description: doc.description,
    organizer: { name: doc.organizer.name },
    status: doc.status,
    timeZone: doc.timeZone,
    votingDeadline: doc.votingDeadline?.toISOString() ?? null,
    timeOptions: doc.timeOptions.map((o) => ({
      id: o.id,
      startsAt: o.startsAt.toISOString(),
      endsAt: o.endsAt.toISOString(),
    })),
    placeOptions: doc.placeOptions.map(place),
    final: doc.final
      ? {
          ...doc.final,
          startsAt: doc.final.startsAt.toISOString(),
          endsAt: doc.final.endsAt.toISOString(),
          place: place(doc.final.place),
        }
      : null,
    participantCount: doc.participants.length,
    ...(you ? { you } : {}),
  }
}
