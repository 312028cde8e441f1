/** Create (/new) and edit (/events/:id/edit) an event: details, times, places, cover. */
import { useEffect, useMemo, useState } from 'react'
import { Navigate, useNavigate, useParams } from 'react-router'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Event, UpdateEvent } from '@prost/contracts'
import { events } from '../api/prost'
import { useEventSaved } from '../event/use-event-saved'
import { useSession } from '../api/use-session'
import { useI18n } from '../i18n/i18n'
import { Field } from '../components/Field'
import { ErrorBox, PageLoading } from '../components/feedback'
import { fieldErrors } from '../components/problem-text'
import {
  DURATIONS,
  coordinatesFromMapUrl,
  deadlineInstant,
  emptyForm,
  formFieldForServerPath,
  formFromEvent,
  isHttpUrl,
  nextDays,
  rowKey,
  sameTimeOn,
  toCreateEvent,
  toPlaceOption,
  toTimeOption,
  validateEventForm,
  type EventFormErrors,
  type EventFormValues,
  type PlaceRow,
  type TimeRow,
} from '../forms/event-form'
import { browserTimeZone, formatDateChip, timeZones, todayIn } from '../time/zoned-time'

export default function EventFormPage() {
  const { id } = useParams()
  const session = useSession()
  const existing = useQuery({
    queryKey: ['event', id],
    queryFn: () => events.get(id!),
    enabled: Boolean(id && session),
  })
  if (!session)
    return <Navigate to={`/login?next=${encodeURIComponent(id ? `/events/${id}/edit` : '/new')}`} replace />
  if (id && existing.isPending) return <PageLoading />
  if (id && existing.isError)
    return (
      <main className="page">
        <ErrorBox error={existing.error} onRetry={() => void existing.refetch()} />
      </main>
    )
  return <EventForm key={id ?? 'new'} event={existing.data} />
}

/** Saves an edited event: the details by PATCH, then each added, changed or removed option. */
async function saveEdits(event: Event, values: EventFormValues): Promise<Event> {
  let latest = event
  const patch: UpdateEvent = {}
  if (values.title.trim() !== event.title) patch.title = values.title.trim()
  if (values.description.trim() !== event.description) patch.description = values.description.trim()
  if (values.timeZone !== event.timeZone) patch.timeZone = values.timeZone
  if (values.visibility !== event.visibility) patch.visibility = values.visibility
  const deadline = deadlineInstant(values)
  if ((deadline ?? null) !== (event.votingDeadline ? new Date(event.votingDeadline).toISOString() : null))
    patch.votingDeadline = deadline
  if (Object.keys(patch).length > 0) latest = await events.update(event.id, patch)

  for (const old of event.timeOptions)
    if (!values.times.some((r) => r.id === old.id)) latest = await events.removeTime(event.id, old.id)
  for (const row of values.times) {
    const body = toTimeOption(row, values.timeZone)
    const old = event.timeOptions.find((o) => o.id === row.id)
    if (!old) latest = await events.addTime(event.id, body)
    else if (
      Date.parse(old.startsAt) !== Date.parse(body.startsAt) ||
      Date.parse(old.endsAt) - Date.parse(old.startsAt) !== body.durationMinutes! * 60_000
    )
      latest = await events.putTime(event.id, old.id, body)
  }
  for (const old of event.placeOptions)
    if (!values.places.some((r) => r.id === old.id)) latest = await events.removePlace(event.id, old.id)
  for (const row of values.places) {
    const body = toPlaceOption(row)
    const old = event.placeOptions.find((o) => o.id === row.id)
    if (!old) latest = await events.addPlace(event.id, body)
    else if (
      old.name !== body.name ||
      (old.address ?? '') !== (body.address ?? '') ||
      (old.mapUrl ?? '') !== (body.mapUrl ?? '')
    )
      latest = await events.putPlace(event.id, old.id, body)
  }
  return latest
}

function EventForm({ event }: { event?: Event }) {
  const { t, locale } = useI18n()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const eventSaved = useEventSaved()
  const [values, setValues] = useState<EventFormValues>(() =>
    event ? formFromEvent(event) : emptyForm(browserTimeZone(), todayIn(browserTimeZone())),
  )
  const [errors, setErrors] = useState<EventFormErrors>({})
  const [cover, setCover] = useState<File | null>(null)
  const [dropCover, setDropCover] = useState(false)
  const coverPreview = useMemo(() => (cover ? URL.createObjectURL(cover) : null), [cover])
  useEffect(() => () => void (coverPreview && URL.revokeObjectURL(coverPreview)), [coverPreview])
  const zones = useMemo(() => timeZones(values.timeZone), [values.timeZone])

  const save = useMutation({
    mutationFn: async () => {
      let saved = event ? await saveEdits(event, values) : await events.create(toCreateEvent(values))
      if (cover) saved = await events.uploadCover(saved.id, cover)
      else if (dropCover && saved.hasCover) saved = await events.removeCover(saved.id)
      return saved
    },
    onSuccess: (saved) => {
      eventSaved(saved)
      void queryClient.invalidateQueries({ queryKey: ['events'] })
      navigate(`/events/${saved.id}`)
    },
  })

  const server = Object.fromEntries(
    Object.entries(fieldErrors(save.error)).map(([k, v]) => [formFieldForServerPath(k), v]),
  )
  const err = (key: string) =>
    errors[key] ? t(errors[key], { max: key === 'title' ? 120 : 4000 }) : server[key]

  const set = <K extends keyof EventFormValues>(key: K, value: EventFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }))
  const setTime = (i: number, patch: Partial<TimeRow>) =>
    set(
      'times',
      values.times.map((r, j) => (j === i ? { ...r, ...patch } : r)),
    )
  const setPlace = (i: number, patch: Partial<PlaceRow>) =>
    set(
      'places',
      values.places.map((r, j) => (j === i ? { ...r, ...patch } : r)),
    )
  const lastTime = values.times[values.times.length - 1]

  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault()
    const found = validateEventForm(values, Date.now(), cover)
    setErrors(found)
    if (Object.keys(found).length === 0) save.mutate()
    else requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
  }

  return (
    <main className="page page-form">
      <h1>{event ? t('form.editTitle') : t('form.newTitle')}</h1>
      <form className="stack" onSubmit={onSubmit} noValidate>
        {Object.keys(errors).length > 0 && (
          <p className="error-box" role="alert">
            {t('common.fixBelow')}
          </p>
        )}
        <section className="panel stack">
          <Field label={t('form.title')} error={err('title')}>
            <input
              name="title"
              value={values.title}
              onChange={(e) => set('title', e.target.value)}
              placeholder={t('form.titlePlaceholder')}
              maxLength={140}
            />
          </Field>
          <Field label={t('form.description')} optional={t('common.optional')} error={err('description')}>
            <textarea
              name="description"
              rows={3}
              value={values.description}
              onChange={(e) => set('description', e.target.value)}
              placeholder={t('form.descriptionPlaceholder')}
            />
          </Field>
          <div className="row-2">
            <Field label={t('form.timeZone')} error={err('timeZone')}>
              <select
                name="timeZone"
                value={values.timeZone}
                onChange={(e) => set('timeZone', e.target.value)}
              >
                {zones.map((zone) => (
                  <option key={zone} value={zone}>
                    {zone.replaceAll('_', ' ')}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('form.deadline')} optional={t('common.optional')} error={err('deadline')}>
              <input
                name="deadline"
                type="datetime-local"
                value={values.deadline}
                onChange={(e) => set('deadline', e.target.value)}
              />
            </Field>
          </div>
          <fieldset className="choice-group">
            <legend>{t('form.visibility')}</legend>
            {(['public', 'private'] as const).map((v) => (
              <label key={v} className="choice">
                <input
                  type="radio"
                  name="visibility"
                  value={v}
                  checked={values.visibility === v}
                  onChange={() => set('visibility', v)}
                />
                {t(v === 'public' ? 'form.public' : 'form.private')}
              </label>
            ))}
          </fieldset>
        </section>

        <section className="panel stack" aria-labelledby="times-heading">
          <h2 id="times-heading">🕖 {t('form.times')}</h2>
          <p className="hint">{t('form.timesHint')}</p>
          {errors.times && (
            <p className="field-error" role="alert">
              {t(errors.times)}
            </p>
          )}
          <ol className="option-rows">
            {values.times.map((row, i) => (
              <li key={row.key} className="option-row">
                <fieldset className="time-row">
                  <legend className="visually-hidden">{t('form.timeN', { n: i + 1 })}</legend>
                  <Field label={t('form.date')} error={err(`times.${i}`)}>
                    <input
                      type="date"
                      value={row.date}
                      onChange={(e) => setTime(i, { date: e.target.value })}
                    />
                  </Field>
                  <Field label={t('form.start')}>
                    <input
                      type="time"
                      value={row.time}
                      step={300}
                      onChange={(e) => setTime(i, { time: e.target.value })}
                    />
                  </Field>
                  <Field label={t('form.duration')}>
                    <select value={row.hours} onChange={(e) => setTime(i, { hours: Number(e.target.value) })}>
                      {[...new Set([...DURATIONS, row.hours])].map((h) => (
                        <option key={h} value={h}>
                          {t('form.hours', { n: h })}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <button
                    type="button"
                    className="btn btn-icon"
                    aria-label={`${t('common.remove')}: ${t('form.timeN', { n: i + 1 })}`}
                    onClick={() =>
                      set(
                        'times',
                        values.times.filter((_, j) => j !== i),
                      )
                    }
                  >
                    ✕
                  </button>
                </fieldset>
              </li>
            ))}
          </ol>
          {lastTime?.date && lastTime.time && (
            <div className="chips" role="group" aria-label={t('form.sameTimeOn')}>
              <span className="muted">
                {t('form.sameTimeOn')} {lastTime.time}
              </span>
              {nextDays(lastTime, 6).map((date) => (
                <button
                  key={date}
                  type="button"
                  className="chip"
                  onClick={() => set('times', sameTimeOn(values, lastTime, date))}
                >
                  + {formatDateChip(date, locale)}
                </button>
              ))}
            </div>
          )}
          <button
            type="button"
            className="btn"
            onClick={() =>
              set('times', [
                ...values.times,
                {
                  key: rowKey(),
                  date: lastTime?.date ?? todayIn(values.timeZone),
                  time: lastTime?.time ?? '19:00',
                  hours: lastTime?.hours ?? 3,
                },
              ])
            }
          >
            + {t('form.addTime')}
          </button>
        </section>

        <section className="panel stack" aria-labelledby="places-heading">
          <h2 id="places-heading">📍 {t('form.places')}</h2>
          <p className="hint">{t('form.placesHint')}</p>
          <ol className="option-rows">
            {values.places.map((row, i) => (
              <li key={row.key} className="option-row">
                <fieldset className="place-row">
                  <legend className="visually-hidden">{t('form.placeN', { n: i + 1 })}</legend>
                  <Field label={t('form.placeName')} error={err(`places.${i}.name`)}>
                    <input
                      value={row.name}
                      onChange={(e) => setPlace(i, { name: e.target.value })}
                      placeholder={t('form.placeNamePlaceholder')}
                      maxLength={120}
                    />
                  </Field>
                  <Field
                    label={t('form.address')}
                    optional={t('common.optional')}
                    error={err(`places.${i}.address`)}
                  >
                    <input
                      value={row.address}
                      onChange={(e) => setPlace(i, { address: e.target.value })}
                      maxLength={300}
                    />
                  </Field>
                  <Field
                    label={t('form.mapUrl')}
                    optional={t('common.optional')}
                    error={err(`places.${i}.mapUrl`)}
                  >
                    <input
                      type="url"
                      inputMode="url"
                      value={row.mapUrl}
                      onChange={(e) => setPlace(i, { mapUrl: e.target.value })}
                      placeholder="https://maps.google.com/…"
                    />
                  </Field>
                  <MapPreview row={row} />
                  <button
                    type="button"
                    className="btn btn-icon"
                    aria-label={`${t('common.remove')}: ${t('form.placeN', { n: i + 1 })}`}
                    onClick={() =>
                      set(
                        'places',
                        values.places.filter((_, j) => j !== i),
                      )
                    }
                  >
                    ✕
                  </button>
                </fieldset>
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="btn"
            onClick={() =>
              set('places', [...values.places, { key: rowKey(), name: '', address: '', mapUrl: '' }])
            }
          >
            + {t('form.addPlace')}
          </button>
        </section>

        <section className="panel stack">
          <Field
            label={t('form.cover')}
            hint={t('form.coverHint')}
            optional={t('common.optional')}
            error={err('cover')}
          >
            <input
              type="file"
              accept="image/jpeg,image/png,image/webp"
              onChange={(e) => {
                setCover(e.target.files?.[0] ?? null)
                setDropCover(false)
              }}
            />
          </Field>
          {(coverPreview || (event?.hasCover && !dropCover)) && (
            <img
              className="cover-preview"
              src={coverPreview ?? events.coverUrl(event!.id)}
              alt={t('form.coverPreview')}
            />
          )}
          {event?.hasCover && !cover && (
            <p className="hint" role="status">
              {dropCover ? (
                t('form.coverRemoved')
              ) : (
                <button type="button" className="btn btn-small" onClick={() => setDropCover(true)}>
                  🗑️ {t('form.removeCover')}
                </button>
              )}
            </p>
          )}
        </section>

        {save.isError && <ErrorBox error={save.error} fieldLabel={(path) => path.replace(/^\/body\//, '')} />}
        <div className="form-actions">
          <button className="btn btn-primary btn-large" type="submit" disabled={save.isPending}>
            {save.isPending ? t('form.saving') : event ? t('form.saveChanges') : `🍻 ${t('form.create')}`}
          </button>
        </div>
      </form>
    </main>
  )
}

function MapPreview({ row }: { row: PlaceRow }) {
  const { t } = useI18n()
  if (!isHttpUrl(row.mapUrl)) return null
  const coords = coordinatesFromMapUrl(row.mapUrl)
  let host = ''
  try {
    host = new URL(row.mapUrl.trim()).hostname.replace(/^www\./, '')
  } catch {
    return null
  }
  return (
    <a className="map-preview" href={row.mapUrl.trim()} target="_blank" rel="noreferrer noopener">
      <span className="map-pin" aria-hidden="true">
        🗺️
      </span>
      <span>
        <strong>{row.name || t('form.mapPreview')}</strong>
        <small>
          {host}
          {coords ? ` · ${coords.lat.toFixed(4)}, ${coords.lon.toFixed(4)}` : ''}
          {row.address ? ` · ${row.address}` : ''}
        </small>
      </span>
      <span aria-hidden="true">↗</span>
    </a>
  )
}
