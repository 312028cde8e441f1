/** One typed function per API call, shapes from @prost/contracts. */
import type { Static } from '@sinclair/typebox'
import type {
  Language,
  AuthProviders,
  AuthSession,
  Ballot,
  Board,
  BallotChoices,
  Comment,
  CommentPageSchema,
  CreateEvent,
  Event,
  EventPage,
  EventSummary,
  FinalizeEvent,
  InvitePreview,
  ListEventsQuery,
  Login,
  NewPlaceOption,
  NewTimeOption,
  JoinResultSchema,
  NotificationsMe,
  Register,
  LeaveResult,
  RsvpAnswer,
  TelegramLink,
  TelegramLogin,
  TelegramWebAppLogin,
  UpdateEvent,
  UpdateProfile,
  User,
  UserSearchResult,
} from '@prost/contracts'
import type { CalendarFeed, CreateSeries, DuplicateEvent, Series } from '@prost/contracts'
import { ApiError, query, request } from './client'

export type JoinResult = Static<typeof JoinResultSchema>
export type CommentPage = Static<typeof CommentPageSchema>

const ev = (id: string) => `/api/events/${encodeURIComponent(id)}`

export const auth = {
  register: (body: Register) => request<AuthSession>('/api/auth/register', { method: 'POST', body }),
  login: (body: Login) => request<AuthSession>('/api/auth/login', { method: 'POST', body }),
  telegram: (body: TelegramLogin) => request<AuthSession>('/api/auth/telegram', { method: 'POST', body }),
  /** Inside the Telegram Mini App: the raw initData Telegram gave it. */
  telegramWebApp: (body: TelegramWebAppLogin) =>
    request<AuthSession>('/api/auth/telegram/webapp', { method: 'POST', body }),
  logout: (refreshToken: string) =>
    request<void>('/api/auth/logout', { method: 'POST', body: { refreshToken } }),
  me: () => request<User>('/api/auth/me'),
  updateProfile: (body: UpdateProfile) => request<User>('/api/auth/me', { method: 'PATCH', body }),
  providers: () => request<AuthProviders>('/api/auth/providers'),
  searchUsers: (q: string, signal?: AbortSignal) =>
    request<UserSearchResult>(`/api/auth/users${query({ q })}`, { signal }),
}

export const events = {
  browse: (filters: ListEventsQuery, signal?: AbortSignal) =>
    request<EventPage>(`/api/events${query({ ...filters })}`, { signal }),
  mine: () => request<{ items: EventSummary[] }>('/api/events/mine'),
  get: (id: string) => request<Event>(ev(id), { eventId: id }),
  create: (body: CreateEvent) => request<Event>('/api/events', { method: 'POST', body }),
  update: (id: string, body: UpdateEvent) => request<Event>(ev(id), { method: 'PATCH', body }),
  addTime: (id: string, body: NewTimeOption) =>
    request<Event>(`${ev(id)}/time-options`, { method: 'POST', body }),
  putTime: (id: string, optionId: string, body: NewTimeOption) =>
    request<Event>(`${ev(id)}/time-options/${optionId}`, { method: 'PUT', body }),
  removeTime: (id: string, optionId: string) =>
    request<Event>(`${ev(id)}/time-options/${optionId}`, { method: 'DELETE' }),
  addPlace: (id: string, body: NewPlaceOption) =>
    request<Event>(`${ev(id)}/place-options`, { method: 'POST', body }),
  putPlace: (id: string, optionId: string, body: NewPlaceOption) =>
    request<Event>(`${ev(id)}/place-options/${optionId}`, { method: 'PUT', body }),
  removePlace: (id: string, optionId: string) =>
    request<Event>(`${ev(id)}/place-options/${optionId}`, { method: 'DELETE' }),
  finalize: (id: string, body: FinalizeEvent) =>
    request<Event>(`${ev(id)}/finalize`, { method: 'POST', body }),
  reschedule: (id: string, body: FinalizeEvent) =>
    request<Event>(`${ev(id)}/reschedule`, { method: 'POST', body }),
  cancel: (id: string) => request<Event>(`${ev(id)}/cancel`, { method: 'POST' }),
  /** My answer to a decided event: coming, running late, or can't make it (the last one counts). */
  rsvp: (id: string, answer: RsvpAnswer) =>
    request<Event>(`${ev(id)}/rsvp`, { method: 'PUT', body: { answer }, eventId: id }),
  /** The organizer removes a participant: their votes leave the board; the old invite link no longer lets them in. */
  removeParticipant: (id: string, participantId: string) =>
    request<Event>(`${ev(id)}/participants/${encodeURIComponent(participantId)}`, { method: 'DELETE' }),
  /** I leave the event: my votes leave the board and my reminders stop. */
  leave: (id: string) => request<LeaveResult>(`${ev(id)}/leave`, { method: 'POST', eventId: id }),
  rotateInviteLink: (id: string) =>
    request<{ inviteToken: string }>(`${ev(id)}/invite-link`, { method: 'POST' }),
  /** What the invite link shows before joining; with `eventId`, the guest pass held for that event goes along. */
  invitePreview: (inviteToken: string, eventId?: string) =>
    request<InvitePreview>(`/api/events/invites/${encodeURIComponent(inviteToken)}`, { eventId }),
  /** `eventId` sends the guest pass this browser holds for the event, so a returning guest is not added twice. */
  joinByInvite: (inviteToken: string, displayName?: string, eventId?: string) =>
    request<JoinResult>('/api/events/join', {
      method: 'POST',
      body: displayName ? { inviteToken, displayName } : { inviteToken },
      eventId,
    }),
  join: (id: string) => request<Event>(`${ev(id)}/join`, { method: 'POST' }),
  invite: (id: string, userId: string, name: string) =>
    request<Event>(`${ev(id)}/invitations`, { method: 'POST', body: { userId, name } }),
  comments: (id: string, cursor?: string) =>
    request<CommentPage>(`${ev(id)}/comments${query({ cursor, limit: 50 })}`, { eventId: id }),
  comment: (id: string, text: string) =>
    request<Comment>(`${ev(id)}/comments`, { method: 'POST', body: { text }, eventId: id }),
  uploadCover: (id: string, file: File) => {
    const form = new FormData()
    form.append('file', file)
    return request<Event>(`${ev(id)}/cover`, { method: 'PUT', body: form })
  },
  removeCover: (id: string) => request<Event>(`${ev(id)}/cover`, { method: 'DELETE' }),
  coverUrl: (id: string) => `${ev(id)}/cover`,
  ics: (id: string) => request<Response>(`${ev(id)}/ics`, { eventId: id, raw: true }),
  cover: (id: string) => request<Response>(`${ev(id)}/cover`, { eventId: id, raw: true }),
}

export const votes = {
  board: (eventId: string) => request<Board>(`/api/votes/${eventId}`, { eventId }),
  put: (eventId: string, choices: BallotChoices, eventVersion?: number) =>
    request<Ballot>(`/api/votes/${eventId}`, {
      method: 'PUT',
      body: eventVersion === undefined ? { choices } : { choices, eventVersion },
      eventId,
    }),
  /** My own ballot (null before I vote): the board leaves names out under hideNames, mine included. */
  ballot: async (eventId: string): Promise<Ballot | null> => {
    try {
      return await request<Ballot>(`/api/votes/${eventId}/ballot`, { eventId })
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null
      throw error
    }
  },
}

export const notifications = {
  me: () => request<NotificationsMe>('/api/notifications/me'),
  link: () => request<TelegramLink>('/api/telegram/link', { method: 'POST' }),
  unlink: () => request<void>('/api/telegram/link', { method: 'DELETE' }),
  setLanguage: (language: Language) =>
    request<void>('/api/notifications/me/language', { method: 'PUT', body: { language } }),
}

/** Participants propose options (the organizer's setting); a guest's call carries their event pass. */
export const proposals = {
  addTime: (id: string, body: NewTimeOption) =>
    request<Event>(`${ev(id)}/time-options`, { method: 'POST', body, eventId: id }),
  addPlace: (id: string, body: NewPlaceOption) =>
    request<Event>(`${ev(id)}/place-options`, { method: 'POST', body, eventId: id }),
  remove: (id: string, kind: 'time' | 'place', optionId: string) =>
    request<Event>(`${ev(id)}/${kind}-options/${optionId}`, { method: 'DELETE', eventId: id }),
}

/** Repeat meetups: duplicate an event, or a series that opens each poll by itself. */
export const repeat = {
  duplicate: (id: string, body: DuplicateEvent) =>
    request<Event>(`${ev(id)}/duplicate`, { method: 'POST', body }),
  startSeries: (body: CreateSeries) => request<Series>('/api/events/series', { method: 'POST', body }),
  series: (seriesId: string) => request<Series>(`/api/events/series/${encodeURIComponent(seriesId)}`),
  seriesFrom: (eventId: string) =>
    request<{ items: Series[] }>(`/api/events/series${query({ fromEventId: eventId })}`),
  stopSeries: (seriesId: string) =>
    request<Series>(`/api/events/series/${encodeURIComponent(seriesId)}/stop`, { method: 'POST' }),
}

/** My personal calendar feed URL. */
export const calendarFeed = {
  get: () => request<CalendarFeed>('/api/events/calendar/feed'),
  rotate: () => request<CalendarFeed>('/api/events/calendar/feed/rotate', { method: 'POST' }),
}
