/**
 * An invite link as this browser sees it. The preview is public; who "you" are comes from the
 * token sent with it. A signed-in session goes along by itself; a guest pass is kept per event, so
 * it can only be sent once the first answer has named the event. A pass the server no longer
 * recognises (expired, or its participant is gone) is forgotten, so the page offers the form again
 * instead of a door that will not open.
 */
import type { InvitePreview } from '@prost/contracts'
import { events } from './prost'
import { getGuestPass, getSession, removeGuestPass } from './session'

export async function loadInvite(token: string): Promise<InvitePreview> {
  const preview = await events.invitePreview(token)
  if (preview.you || getSession() || !getGuestPass(preview.eventId)) return preview
  const checked = await events.invitePreview(token, preview.eventId)
  if (!checked.you) removeGuestPass(preview.eventId)
  return checked
}
