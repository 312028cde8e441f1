/** My ballot as I edit it: shown at once, saved (whole ballot, PUT) shortly after the last change. */
import { useCallback, useEffect, useRef, useState } from 'react'
import { useMutation } from '@tanstack/react-query'
import type { BallotChoices, VoteValue } from '@prost/contracts'
import { votes } from '../api/prost'

export function useMyBallot(
  eventId: string,
  fromBoard: BallotChoices,
  eventVersion: number | undefined,
  delayMs = 350,
) {
  const [draft, setDraft] = useState<BallotChoices | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  const save = useMutation({
    mutationFn: (choices: BallotChoices) => votes.put(eventId, choices, eventVersion),
    // The server said no: show what it has instead of a ballot it did not take.
    onError: () => setDraft(null),
  })
  const { mutate } = save
  useEffect(() => () => clearTimeout(timer.current), [])
  const choices = draft ?? fromBoard
  const vote = useCallback(
    (optionId: string, value: VoteValue) => {
      const next = { ...choices, [optionId]: value }
      setDraft(next)
      clearTimeout(timer.current)
      timer.current = setTimeout(() => mutate(next), delayMs)
    },
    [choices, mutate, delayMs],
  )
  const pending = draft !== null && (save.isPending || save.isIdle)
  return { choices, vote, pending, saved: save.isSuccess && !pending, error: save.error }
}
