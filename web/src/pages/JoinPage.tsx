/** /join/:token — a friend opens the invite link and joins with just a name (or as their account). */
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { useMutation } from '@tanstack/react-query'
import { events } from '../api/prost'
import { setGuestPass } from '../api/session'
import { useSession } from '../api/use-session'
import { useI18n } from '../i18n/i18n'
import { Field } from '../components/Field'
import { ErrorBox } from '../components/feedback'
import { fieldErrors } from '../components/problem-text'

export default function JoinPage() {
  const { token = '' } = useParams()
  const { t } = useI18n()
  const session = useSession()
  const navigate = useNavigate()
  const [name, setName] = useState('')
  const [error, setError] = useState<string>()
  const join = useMutation({
    mutationFn: () => events.joinByInvite(token, session ? undefined : name.trim()),
    onSuccess: (result) => {
      if (result.participantToken)
        setGuestPass(result.eventId, {
          token: result.participantToken,
          participantId: result.participant.id,
          name: result.participant.name,
        })
      navigate(`/events/${result.eventId}`, { replace: true })
    },
  })
  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    if (!session && !name.trim()) return setError(t('v.required'))
    setError(undefined)
    join.mutate()
  }
  const serverField = fieldErrors(join.error).displayName
  return (
    <main className="page page-narrow">
      <div className="join-hero" aria-hidden="true">
        🍻
      </div>
      <h1>{t('join.title')}</h1>
      <p className="lead">{t('join.lead')}</p>
      <form className="panel stack" onSubmit={submit} noValidate>
        {!session && (
          <Field label={t('join.name')} error={error ?? serverField}>
            <input
              name="displayName"
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoComplete="nickname"
              maxLength={60}
              autoFocus
            />
          </Field>
        )}
        {join.isError && !serverField && <ErrorBox error={join.error} />}
        <button className="btn btn-primary btn-block" type="submit" disabled={join.isPending}>
          {join.isPending
            ? t('common.loading')
            : session
              ? t('join.asUser', { name: session.user.displayName })
              : t('join.asGuest')}
        </button>
        {!session && (
          <p className="center">
            <Link to={`/login?next=/join/${token}`}>{t('join.haveAccount')}</Link>
          </p>
        )}
      </form>
    </main>
  )
}
