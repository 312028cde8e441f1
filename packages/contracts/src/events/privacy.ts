/**
 * Privacy settings of one event (issue 16, feature 1), chosen by the organizer and changeable while
 * voting. The server applies them in every read path (voting's board over REST and WebSocket, the
 * Telegram group card); the organizer always sees everything.
 */
import { Type } from '@sinclair/typebox'

export const HideResults = Type.Boolean({
  description:
    'hideResults: until you have voted, the counts and names of every answer are hidden from you ' +
    '(the organizer always sees them; everyone sees them once the event is decided)',
})

export const HideNames = Type.Boolean({
  description:
    'hideNames: anonymous voting; everyone sees how many answered yes, if-need-be or no, but only ' +
    'the organizer sees who',
})

/** The create/update fields (absent = unchanged; on create absent = false). */
export const PrivacySettings = {
  hideResults: Type.Optional(HideResults),
  hideNames: Type.Optional(HideNames),
}

/** What "public" means, said once for the create schema, the OpenAPI document and the SPA. */
export const VISIBILITY_DESCRIPTION =
  'public = listed in browse and search for anyone, also without an account; private (the default) = ' +
  'only people with the invite link or an invitation'
