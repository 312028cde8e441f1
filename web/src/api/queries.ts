/**
 * Every server read the SPA caches: one key and one fetcher per resource, so the page that reads
 * it, the write that seeds it and the live update that invalidates it all name the same entry.
 * Options that belong to one screen (enabled, polling, retries) are spread in by the caller.
 */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query'
import type { ListEventsQuery } from '@prost/contracts'
import { loadInvite } from './invite'
import { auth, events, notifications, votes } from './prost'

export const eventQuery = (id: string) =>
  queryOptions({ queryKey: ['event', id], queryFn: () => events.get(id) })

/** Who answered what (the voting service's read model of the event). */
export const boardQuery = (eventId: string) =>
  queryOptions({
    queryKey: ['board', eventId],
    queryFn: () => votes.board(eventId),
    // A refetch that started before a live update can answer after it with an older event version
    // (voting had not applied the change yet): keep the newer board instead of flashing back.
    structuralSharing: (old: unknown, next: unknown) =>
      isBoard(old) && isBoard(next) && old.eventVersion > next.eventVersion ? old : next,
  })

const isBoard = (value: unknown): value is { eventVersion: number } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { eventVersion?: unknown }).eventVersion === 'number'

export const commentsQuery = (eventId: string) =>
  queryOptions({ queryKey: ['comments', eventId], queryFn: () => events.comments(eventId) })

/** The prefix of every list of events: creating, editing or cancelling one makes them all stale. */
export const eventListsKey = ['events'] as const

export const browseQuery = (filters: ListEventsQuery) =>
  infiniteQueryOptions({
    queryKey: [...eventListsKey, 'browse', filters],
    queryFn: ({ pageParam, signal }) =>
      events.browse({ ...filters, limit: 12, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })

export const myEventsQuery = () =>
  queryOptions({ queryKey: [...eventListsKey, 'mine'], queryFn: events.mine })

/** Every copy of one invite's preview, whoever was asking. */
export const inviteKey = (token: string) => ['invite', token] as const

/** Keyed by who is asking: signing in changes what the preview says about "you". */
export const inviteQuery = (token: string, viewerId: string | null) =>
  queryOptions({ queryKey: [...inviteKey(token), viewerId], queryFn: () => loadInvite(token) })

export const userSearchQuery = (q: string) =>
  queryOptions({ queryKey: ['users', q], queryFn: ({ signal }) => auth.searchUsers(q, signal) })

/** Which sign-in ways the deployment offers; it changes with a redeploy at most. */
export const authProvidersQuery = () =>
  queryOptions({ queryKey: ['auth-providers'], queryFn: auth.providers, staleTime: 300_000 })

/** My Telegram link, upcoming reminders and (in dry-run deployments) the messages sent. */
export const notificationsQuery = () =>
  queryOptions({ queryKey: ['notifications'], queryFn: notifications.me })
