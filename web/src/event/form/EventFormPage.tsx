/** Create (/new) and edit (/events/:id/edit) an event: details, times, places, cover. */
import { useEffect, useMemo, useState } from 'react'
import { Navigate, useNavigate, useParams } from 'react-router'
import { useQuery } from '@tanstack/react-query'
import { useForm } from 'react-hook-form'
import type { Event } from '@prost/contracts'
import { MAX_CAPACITY } from '@prost/contracts'
import { events } from '../../api/prost'
import { boardQuery, eventQuery } from '../../api/queries'
import { useSession } from '../../api/use-session'
import { useI18n } from '../../i18n/i18n'
import type { MessageKey } from '../../i18n/dictionary'
import { Field } from '../../components/Field'
import { ErrorBox, PageLoading } from '../../components/feedback'
import { fieldErrors } from '../../components/problem-text'
import { formError, limitsAt } from '../../forms/contract-errors'
import { browserTimeZone, formatDateChip, timeZones, todayIn } from '../../time/zoned-time'
import {
  DURATIONS,
  editTimeRow,
  emptyForm,
  formFieldForServerPath,
  formFromEvent,
  keepClockTimesInZone,
  keepMomentsInZone,
  nextDays,
  nextTimeRow,
  rowKey,
  sameTimeOn,
  withServerIds,
  type EventFormValues,
  type PlaceRow,
  type TimeRow,
  NUDGE_HOURS,
} from './event-form'
import { EventFormSchema, eventFormResolver, type EventFormContext } from './event-form-validation'
import { EVENT_LIMITS } from './event-limits'
import { MapPreview } from './MapPreview'
import { voteResets } from './option-edits'
import { useSaveEvent } from './use-save-event'

export default function EventFormPage() {
  const { id } = useParams()
  const session = useSession()
  const existing = useQuery({ ...eventQuery(id ?? ''), enabled: Boolean(id && session) })
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

/** After a zone change in the edit form: which reading the times got, and the values to go back to. */
interface ZoneNote {
  from: string
  mode: 'moments' | 'clock'
  /** The times as they were before "keep the clock times"; gone (with the offer) once a time is edited. */
  undo: Pick<EventFormValues, 'times' | 'deadline'> | null
  offer: boolean
}

function EventForm({ event }: { event?: Event }) {
  const { t, locale, language } = useI18n()
  const navigate = useNavigate()
  const [cover, setCover] = useState<File | null>(null)
  const [dropCover, setDropCover] = useState(false)
  const [initial] = useState<EventFormValues>(() =>
    event ? formFromEvent(event) : emptyForm(browserTimeZone(), todayIn(browserTimeZone())),
  )
  const { register, setValue, getValues, watch, handleSubmit, formState } = useForm<
    EventFormValues,
    EventFormContext
  >({
    defaultValues: initial,
    resolver: eventFormResolver,
    context: { cover },
    // Errors show after "Save" and stay until the next one; focus goes to the first (see onInvalid).
    reValidateMode: 'onSubmit',
    shouldFocusError: false,
  })
  const values = watch()
  const { errors } = formState
  const { save, base } = useSaveEvent(event, (ids) => {
    setValue('times', withServerIds(getValues('times'), ids))
    setValue('places', withServerIds(getValues('places'), ids))
  })
  const [zoneNote, setZoneNote] = useState<ZoneNote | null>(null)
  const coverPreview = useMemo(() => (cover ? URL.createObjectURL(cover) : null), [cover])
  useEffect(() => () => void (coverPreview && URL.revokeObjectURL(coverPreview)), [coverPreview])
  const zones = useMemo(() => timeZones(values.timeZone), [values.timeZone])
  // Who answered what, to say how many votes an edit resets (same query as the event page's board).
  const board = useQuery({ ...boardQuery(event?.id ?? ''), enabled: Boolean(event) })
  const resets = base ? voteResets(base, values, board.data) : new Map<string, number | null>()

  const server = Object.fromEntries(
    Object.entries(fieldErrors(save.error, t)).map(([k, v]) => [formFieldForServerPath(k), v]),
  )
  const err = (key: string) => {
    const found = formError(errors, key)
    return found ? t(found, limitsAt(EventFormSchema, key)) : server[key]
  }
  const hasErrors = Object.keys(errors).length > 0
  /** "57 of 120 characters" (always, or once near the limit), "That is the limit" at it. */
  const lengthHint = (text: string, max: number, always = false) =>
    text.length >= max
      ? t('form.atLimit', { max })
      : always || text.length >= max * 0.8
        ? t('form.charCount', { n: text.length, max })
        : undefined
  const resetText = (kind: 'time' | 'place', voters: number | null) => {
    if (voters === null) return t('form.resetUnknown')
    const form = new Intl.PluralRules(language).select(voters)
    const plural = form === 'one' || form === 'few' || form === 'many' ? form : 'other'
    return t(`form.${kind === 'time' ? 'resetTime' : 'resetPlace'}.${plural}` as MessageKey, { n: voters })
  }

  const setTimes = (times: TimeRow[]) => setValue('times', times)
  const setPlaces = (places: PlaceRow[]) => setValue('places', places)
  // The organizer now types times in the new zone: going back to the other reading would undo that.
  const closeZoneOffer = () => setZoneNote((n) => n && { ...n, offer: false, undo: null })
  const setTime = (i: number, patch: Partial<Omit<TimeRow, 'key' | 'id' | 'instant'>>) => {
    setTimes(getValues('times').map((r, j) => (j === i ? editTimeRow(r, patch) : r)))
    closeZoneOffer()
  }
  const setPlace = (i: number, patch: Partial<PlaceRow>) =>
    setPlaces(getValues('places').map((r, j) => (j === i ? { ...r, ...patch } : r)))
  const showTimes = ({
    times,
    deadline,
    timeZone,
  }: Pick<EventFormValues, 'times' | 'deadline' | 'timeZone'>) => {
    setValue('timeZone', timeZone)
    setValue('times', times)
    setValue('deadline', deadline)
  }
  const changeZone = (zone: string) => {
    // A new event has no moments yet: its times are simply read in the zone picked.
    if (!event) return setValue('timeZone', zone)
    setZoneNote({ from: getValues('timeZone'), mode: 'moments', undo: null, offer: true })
    showTimes(keepMomentsInZone(getValues(), zone))
  }
  const keepClock = () => {
    if (!zoneNote) return
    const { times, deadline } = getValues()
    setZoneNote({ ...zoneNote, mode: 'clock', undo: { times, deadline } })
    showTimes(keepClockTimesInZone(getValues(), zoneNote.from))
  }
  const keepMoments = () => {
    if (!zoneNote?.undo) return
    showTimes({ ...zoneNote.undo, timeZone: getValues('timeZone') })
    setZoneNote({ ...zoneNote, mode: 'moments', undo: null })
  }
  const lastTime = values.times[values.times.length - 1]
  const timesFull = values.times.length >= EVENT_LIMITS.options
  const placesFull = values.places.length >= EVENT_LIMITS.options

  const onSubmit = handleSubmit(
    (checked) =>
      save.mutate(
        { values: checked, cover, dropCover },
        { onSuccess: (saved) => navigate(`/events/${saved.id}`) },
      ),
    () => requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()),
  )

  return (
    <main className="page page-form">
      <h1>{event ? t('form.editTitle') : t('form.newTitle')}</h1>
      <form className="stack" onSubmit={onSubmit} noValidate>
        {hasErrors && (
          <p className="error-box" role="alert">
            {t('common.fixBelow')}
          </p>
        )}
        <section className="panel stack">
          <Field
            label={t('form.title')}
            error={err('title')}
            hint={lengthHint(values.title, EVENT_LIMITS.title, true)}
          >
            <input
              {...register('title')}
              placeholder={t('form.titlePlaceholder')}
              maxLength={EVENT_LIMITS.title}
            />
          </Field>
          <Field
            label={t('form.description')}
            optional={t('common.optional')}
            error={err('description')}
            hint={lengthHint(values.description, EVENT_LIMITS.description, values.description.length > 0)}
          >
            <textarea
              {...register('description')}
              rows={3}
              placeholder={t('form.descriptionPlaceholder')}
              maxLength={EVENT_LIMITS.description}
            />
          </Field>
          <div className="row-2">
            <Field label={t('form.timeZone')} error={err('timeZone')}>
              <select name="timeZone" value={values.timeZone} onChange={(e) => changeZone(e.target.value)}>
                {zones.map((zone) => (
                  <option key={zone} value={zone}>
                    {zone.replaceAll('_', ' ')}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('form.deadline')} optional={t('common.optional')} error={err('deadline')}>
              <input {...register('deadline', { onChange: closeZoneOffer })} type="datetime-local" />
            </Field>
            {values.deadline && (
              <>
                <Field label={t('form.afterDeadline')}>
                  <select {...register('afterDeadline')}>
                    <option value="manual">{t('form.afterDeadlineManual')}</option>
                    <option value="auto">{t('form.afterDeadlineAuto')}</option>
                  </select>
                </Field>
                <Field label={t('form.nudge')} hint={t('form.nudgeHint')}>
                  <select {...register('nudgeHours')}>
                    <option value="">{t('form.nudgeOff')}</option>
                    {NUDGE_HOURS.map((h) => (
                      <option key={h} value={String(h)}>
                        {t('form.nudgeHours', { count: h })}
                      </option>
                    ))}
                  </select>
                </Field>
              </>
            )}
          </div>
          {zoneNote && (
            <div className="notice zone-note" role="status">
              <span>
                {t(zoneNote.mode === 'moments' ? 'form.zoneMoments' : 'form.zoneClock', {
                  zone: values.timeZone.replaceAll('_', ' '),
                })}
              </span>
              {zoneNote.offer && zoneNote.mode === 'moments' && (
                <button type="button" className="btn btn-small" onClick={keepClock}>
                  {t('form.keepClock')}
                </button>
              )}
              {zoneNote.undo && zoneNote.mode === 'clock' && (
                <button type="button" className="btn btn-small" onClick={keepMoments}>
                  {t('form.keepMoments')}
                </button>
              )}
            </div>
          )}
          <fieldset className="choice-group">
            <legend>{t('form.visibility')}</legend>
            {(['private', 'public'] as const).map((v) => (
              <label key={v} className="choice">
                <input type="radio" {...register('visibility')} value={v} />
                {t(v === 'public' ? 'form.public' : 'form.private')}
              </label>
            ))}
          </fieldset>
          <fieldset className="choice-group">
            <legend>{t('form.privacy')}</legend>
            {/* Left out rather than disabled once decided: a disabled field would be sent as "unset". */}
            {event !== undefined && event.status !== 'polling' ? (
              <p className="hint">{t('form.privacyLocked')}</p>
            ) : (
              <>
                <label className="choice">
                  <input type="checkbox" {...register('hideResults')} />
                  {t('form.hideResults')}
                </label>
                <label className="choice">
                  <input type="checkbox" {...register('hideNames')} />
                  {t('form.hideNames')}
                </label>
              </>
            )}
          </fieldset>
          <Field
            label={t('form.capacity')}
            optional={t('common.optional')}
            hint={t('form.capacityHint')}
            error={err('capacity')}
          >
            <input
              {...register('capacity')}
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_CAPACITY}
              className="input-narrow"
            />
          </Field>
          <label className="choice">
            <input type="checkbox" {...register('allowParticipantOptions')} />
            {t('form.allowParticipantOptions')}
          </label>
        </section>

        <section className="panel stack" aria-labelledby="times-heading">
          <h2 id="times-heading">🕖 {t('form.times')}</h2>
          <p className="hint">{t('form.timesHint')}</p>
          {formError(errors, 'times') && (
            <p className="field-error" role="alert">
              {err('times')}
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
                          {t('form.hours', { n: Math.round(h * 100) / 100 })}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <button
                    type="button"
                    className="btn btn-icon"
                    aria-label={`${t('common.remove')}: ${t('form.timeN', { n: i + 1 })}`}
                    onClick={() => setTimes(values.times.filter((_, j) => j !== i))}
                  >
                    ✕
                  </button>
                </fieldset>
                {resets.has(row.key) && (
                  <p className="notice notice-maybe vote-reset" role="status">
                    ⚠️ {resetText('time', resets.get(row.key)!)}
                  </p>
                )}
              </li>
            ))}
          </ol>
          {lastTime?.date && lastTime.time && !timesFull && (
            <div className="chips" role="group" aria-label={t('form.sameTimeOn')}>
              <span className="muted">
                {t('form.sameTimeOn')} {lastTime.time}
              </span>
              {nextDays(lastTime, 6).map((date) => (
                <button
                  key={date}
                  type="button"
                  className="chip"
                  onClick={() => setTimes(sameTimeOn(values, lastTime, date))}
                >
                  + {formatDateChip(date, locale)}
                </button>
              ))}
            </div>
          )}
          <div className="add-row">
            <button
              type="button"
              className="btn"
              disabled={timesFull}
              aria-describedby="times-used"
              onClick={() => setTimes([...values.times, nextTimeRow(values, todayIn(values.timeZone))])}
            >
              + {t('form.addTime')}
            </button>
            <span id="times-used" className="hint" role="status">
              {timesFull
                ? t('form.maxTimes', { max: EVENT_LIMITS.options })
                : t('form.timesUsed', { n: values.times.length, max: EVENT_LIMITS.options })}
            </span>
          </div>
        </section>

        <section className="panel stack" aria-labelledby="places-heading">
          <h2 id="places-heading">📍 {t('form.places')}</h2>
          <p className="hint">{t('form.placesHint')}</p>
          {formError(errors, 'places') && (
            <p className="field-error" role="alert">
              {err('places')}
            </p>
          )}
          <ol className="option-rows">
            {values.places.map((row, i) => (
              <li key={row.key} className="option-row">
                <fieldset className="place-row">
                  <legend className="visually-hidden">{t('form.placeN', { n: i + 1 })}</legend>
                  <Field
                    label={t('form.placeName')}
                    error={err(`places.${i}.name`)}
                    hint={lengthHint(row.name, EVENT_LIMITS.placeName)}
                  >
                    <input
                      value={row.name}
                      onChange={(e) => setPlace(i, { name: e.target.value })}
                      placeholder={t('form.placeNamePlaceholder')}
                      maxLength={EVENT_LIMITS.placeName}
                    />
                  </Field>
                  <Field
                    label={t('form.address')}
                    optional={t('common.optional')}
                    error={err(`places.${i}.address`)}
                    hint={lengthHint(row.address, EVENT_LIMITS.placeAddress)}
                  >
                    <input
                      value={row.address}
                      onChange={(e) => setPlace(i, { address: e.target.value })}
                      maxLength={EVENT_LIMITS.placeAddress}
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
                      maxLength={EVENT_LIMITS.mapUrl}
                    />
                  </Field>
                  <Field
                    label={t('form.placeCapacity')}
                    optional={t('common.optional')}
                    error={err(`places.${i}.capacity`)}
                  >
                    <input
                      type="number"
                      inputMode="numeric"
                      min={1}
                      max={MAX_CAPACITY}
                      className="input-narrow"
                      value={row.capacity ?? ''}
                      onChange={(e) => setPlace(i, { capacity: e.target.value })}
                    />
                  </Field>
                  <MapPreview row={row} />
                  <button
                    type="button"
                    className="btn btn-icon"
                    aria-label={`${t('common.remove')}: ${t('form.placeN', { n: i + 1 })}`}
                    onClick={() => setPlaces(values.places.filter((_, j) => j !== i))}
                  >
                    ✕
                  </button>
                </fieldset>
                {resets.has(row.key) && (
                  <p className="notice notice-maybe vote-reset" role="status">
                    ⚠️ {resetText('place', resets.get(row.key)!)}
                  </p>
                )}
              </li>
            ))}
          </ol>
          <div className="add-row">
            <button
              type="button"
              className="btn"
              disabled={placesFull}
              aria-describedby="places-used"
              onClick={() =>
                setPlaces([...values.places, { key: rowKey(), name: '', address: '', mapUrl: '' }])
              }
            >
              + {t('form.addPlace')}
            </button>
            <span id="places-used" className="hint" role="status">
              {placesFull
                ? t('form.maxPlaces', { max: EVENT_LIMITS.options })
                : t('form.placesUsed', { n: values.places.length, max: EVENT_LIMITS.options })}
            </span>
          </div>
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

        {save.isError && <ErrorBox error={save.error} />}
        {resets.size > 0 && (
          <p className="notice notice-maybe" role="status">
            ⚠️ {t('form.resetSummary')}
          </p>
        )}
        <div className="form-actions">
          <button className="btn btn-primary btn-large" type="submit" disabled={save.isPending}>
            {save.isPending ? t('form.saving') : event ? t('form.saveChanges') : `🍻 ${t('form.create')}`}
          </button>
        </div>
      </form>
    </main>
  )
}
