/** Comments under the board: read by anyone who sees the event, written by participants. */
import { useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { events } from '../api/prost'
import { commentsQuery } from '../api/queries'
import { useI18n } from '../i18n/i18n'
import { useWhen } from '../time/When'
import { Empty, ErrorBox, Skeleton } from '../components/feedback'

export function Comments({ eventId, canWrite }: { eventId: string; canWrite: boolean }) {
  const { t } = useI18n()
  const queryClient = useQueryClient()
  const [text, setText] = useState('')
  const list = useQuery({
    ...commentsQuery(eventId),
    // New comments arrive live (a notice on the board's WebSocket); this slow poll only covers a lost notice.
    refetchInterval: 120_000,
  })
  const send = useMutation({
    mutationFn: () => events.comment(eventId, text.trim()),
    onSuccess: () => {
      setText('')
      void queryClient.invalidateQueries({ queryKey: commentsQuery(eventId).queryKey })
    },
  })
  const when = useWhen()
  return (
    <section className="panel stack" aria-labelledby="comments-heading">
      <h2 id="comments-heading">💬 {t('comments.title')}</h2>
      {list.isPending ? (
        <Skeleton lines={2} />
      ) : list.isError ? (
        <ErrorBox error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Empty icon="💬">
          <p>{t('comments.empty')}</p>
        </Empty>
      ) : (
        <ol className="comments">
          {list.data.items.map((c) => (
            <li key={c.id}>
              <p className="comment-meta">
                <strong>{c.author.name}</strong> <time dateTime={c.createdAt}>{when.local(c.createdAt)}</time>
              </p>
              <p className="comment-text">{c.text}</p>
            </li>
          ))}
        </ol>
      )}
      {canWrite ? (
        <form
          className="input-row"
          onSubmit={(e) => {
            e.preventDefault()
            if (text.trim()) send.mutate()
          }}
        >
          <label htmlFor="comment-text" className="visually-hidden">
            {t('comments.placeholder')}
          </label>
          <input
            id="comment-text"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('comments.placeholder')}
            maxLength={2000}
          />
          <button className="btn btn-primary" type="submit" disabled={send.isPending || !text.trim()}>
            {t('comments.send')}
          </button>
        </form>
      ) : (
        <p className="muted">{t('comments.joinToComment')}</p>
      )}
      {send.isError && <ErrorBox error={send.error} />}
    </section>
  )
}
