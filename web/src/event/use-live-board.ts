/** Keeps the event's board query fresh from the WebSocket and refetches the event (or its comments) when they change. */
import { useEffect, useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { refreshSession, tokenFor } from '../api/client'
import { boardQuery, commentsQuery, eventQuery } from '../api/queries'
import { browserNetwork, connectBoard, type LiveStatus } from '../live/board-socket'

export function useLiveBoard(eventId: string, enabled: boolean): LiveStatus {
  const queryClient = useQueryClient()
  const [status, setStatus] = useState<LiveStatus>(() =>
    browserNetwork.isOnline() ? 'connecting' : 'offline',
  )
  useEffect(() => {
    if (!enabled) return
    return connectBoard({
      eventId,
      // Patches: a ballot costs a few hundred bytes instead of the whole board (names and all).
      patches: true,
      getToken: () => tokenFor(eventId),
      onUnauthenticated: () => refreshSession(),
      onStatus: setStatus,
      onBoard: (board, reason) => {
        queryClient.setQueryData(boardQuery(eventId).queryKey, board)
        if (reason !== 'ballot.changed' && reason !== 'snapshot')
          void queryClient.invalidateQueries({ queryKey: eventQuery(eventId).queryKey })
        // A (re)subscription may have missed comment notices while the socket was away.
        if (reason === 'snapshot')
          void queryClient.invalidateQueries({ queryKey: commentsQuery(eventId).queryKey })
      },
      onNotice: () => void queryClient.invalidateQueries({ queryKey: commentsQuery(eventId).queryKey }),
    })
  }, [eventId, enabled, queryClient])
  return status
}
