/**
 * The organizer's "Repeat this meetup": duplicate the event with its times moved by whole weeks, or
 * start a series that opens a poll by itself before every meetup (weekly or every N weeks, at a
 * wall-clock time in the event's zone, optional end), and stop it again.
 */
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Event, Series } from '@prost/contracts'
import { repeat } from '../api/prost'
import { useI18n } from '../i18n/i18n'
import { Field } from '../components/Field'
import { ErrorBox } from '../components/feedback'
import { addDays, instantToZoned, todayIn } from '../time/zoned-time'
import { useWhen } from '../time/When'

/** The event's first proposed (or final) time on its own clock, a week on: where a series would go on. */
function seriesDefaults(event: Event) {
  const first = event.final?.startsAt ?? event.timeOptions[0]?.startsAt
  if (!first) return { date: addDays(todayIn(event.timeZone), 7), time: '19:00' }
  const local = instantToZoned(first, event.timeZone)
  return { date: addDays(local.date, 7), time: local.time }
}

export function RepeatPanel({ event }: { event: Event }) {
  const { t, locale } = useI18n()
  const when = useWhen()
  const navigate = useNavigate()
  const [weeks, setWeeks] = useState('1')
  const defaults = seriesDefaults(event)
  const [firstDate, setFirstDate] = useState(defaults.date)
  const [time, setTime] = useState(defaults.time)
  const [every, setEvery] = useState('1')
  const [until, setUntil] = useState('')
  const [leadDays, setLeadDays] = useState('7')
  const queryClient = useQueryClient()
  const seriesKey = ['series', 'from', event.id]
  // The series started from this event, so a reload still shows them and lets the organizer stop one.
  const started = useQuery({ queryKey: seriesKey, queryFn: () => repeat.seriesFrom(event.id) })
  // A poll a series created belongs to that series: its organizer can stop it from here too.
  const own = useQuery({
    queryKey: ['series', event.seriesId],
    queryFn: () => repeat.series(event.seriesId!),
    enabled: Boolean(event.seriesId),
  })
  const keep = (saved: Series) => {
    queryClient.setQueryData<{ items: Series[] }>(seriesKey, (old) =>
      saved.sourceEventId === event.id
        ? { items: [saved, ...(old?.items ?? []).filter((s) => s.id !== saved.id)] }
        : old,
    )
    if (saved.id === event.seriesId) queryClient.setQueryData(['series', saved.id], saved)
  }
  const candidates = [...(own.data ? [own.data] : []), ...(started.data?.items ?? [])]
  const series = candidates.find((s) => s.status === 'active') ?? candidates[0] ?? null

  const duplicate = useMutation({
    mutationFn: () => repeat.duplicate(event.id, { shiftWeeks: Number(weeks) }),
    onSuccess: (copy) => void navigate(`/events/${copy.id}`),
  })
  const start = useMutation({
    mutationFn: () =>
      repeat.startSeries({
        fromEventId: event.id,
        firstDate,
        time,
        intervalWeeks: Number(every),
        leadDays: Number(leadDays),
        ...(until ? { until } : {}),
      }),
    onSuccess: keep,
  })
  const stop = useMutation({ mutationFn: (id: string) => repeat.stopSeries(id), onSuccess: keep })

  const zone = event.timeZone.replaceAll('_', ' ')
  const weekday = (date: string) =>
    new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
      new Date(`${date}T12:00:00Z`),
    )

  return (
    <section className="panel stack" aria-labelledby="repeat-heading">
      <h2 id="repeat-heading">🔁 {t('repeat.title')}</h2>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault()
          duplicate.mutate()
        }}
      >
        <p className="hint">{t('repeat.duplicateLead')}</p>
        <Field label={t('repeat.weeks')}>
          <input
            type="number"
            min={0}
            max={52}
            required
            value={weeks}
            onChange={(e) => setWeeks(e.target.value)}
          />
        </Field>
        <div>
          <button type="submit" className="btn" disabled={duplicate.isPending}>
            📄 {t('repeat.duplicate')}
          </button>
        </div>
        {duplicate.isError && <ErrorBox error={duplicate.error} />}
      </form>

      <h3>{t('repeat.seriesTitle')}</h3>
      {series && (
        <div className="stack" role="status">
          <p>
            {t(series.intervalWeeks === 1 ? 'repeat.weekly' : 'repeat.everyN', {
              n: series.intervalWeeks,
              weekday: weekday(series.firstDate),
              time: series.time,
              zone,
            })}
          </p>
          <p className="muted">{t('repeat.polls', { n: series.occurrences.length })}</p>
          {series.status === 'active' && series.next && (
            <p className="muted">{t('repeat.nextPoll', { when: when.local(series.next.pollCreatedAt) })}</p>
          )}
          {series.status === 'stopped' && <p className="notice">{t('repeat.stopped')}</p>}
          {series.status === 'ended' && <p className="notice">{t('repeat.ended')}</p>}
          {series.status === 'active' && (
            <div>
              <button
                type="button"
                className="btn btn-small"
                disabled={stop.isPending}
                onClick={() => stop.mutate(series.id)}
              >
                ⏹ {t('repeat.stop')}
              </button>
            </div>
          )}
          {stop.isError && <ErrorBox error={stop.error} />}
        </div>
      )}
      {started.isError && <ErrorBox error={started.error} />}
      {series?.status !== 'active' && (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault()
            start.mutate()
          }}
        >
          <p className="hint">{t('repeat.seriesLead')}</p>
          <div className="input-row">
            <Field label={t('repeat.firstDate')} hint={weekday(firstDate)}>
              <input type="date" required value={firstDate} onChange={(e) => setFirstDate(e.target.value)} />
            </Field>
            <Field label={t('repeat.time', { zone })}>
              <input type="time" required value={time} onChange={(e) => setTime(e.target.value)} />
            </Field>
          </div>
          <div className="input-row">
            <Field label={t('repeat.every')}>
              <input
                type="number"
                min={1}
                max={8}
                required
                value={every}
                onChange={(e) => setEvery(e.target.value)}
              />
            </Field>
            <Field label={t('repeat.leadDays')}>
              <input
                type="number"
                min={1}
                max={28}
                required
                value={leadDays}
                onChange={(e) => setLeadDays(e.target.value)}
              />
            </Field>
          </div>
          <Field label={t('repeat.until')} optional={t('common.optional')}>
            <input type="date" value={until} min={firstDate} onChange={(e) => setUntil(e.target.value)} />
          </Field>
          <div>
            <button type="submit" className="btn btn-primary" disabled={start.isPending}>
              {t('repeat.start')}
            </button>
          </div>
          {start.isError && <ErrorBox error={start.error} />}
        </form>
      )}
    </section>
  )
}
