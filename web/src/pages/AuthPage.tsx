/** Sign up and log in with email + password; the Telegram login widget where a bot is configured. */
import { useEffect, useRef } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { DisplayNameSchema, type TelegramLogin } from '@prost/contracts'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useForm } from 'react-hook-form'
import { auth } from '../api/prost'
import { authProvidersQuery } from '../api/queries'
import { setSession } from '../api/session'
import { useI18n } from '../i18n/i18n'
import { Field } from '../components/Field'
import { ErrorBox } from '../components/feedback'
import { fieldErrors } from '../components/problem-text'
import { AUTH_SCHEMAS, authResolver, type AuthMode, type AuthValues } from '../forms/auth-form'
import { formError, limitsAt } from '../forms/contract-errors'
import { browserTimeZone } from '../time/zoned-time'

export default function AuthPage({ mode }: { mode: AuthMode }) {
  const { t, language } = useI18n()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const next = params.get('next')?.startsWith('/') ? params.get('next')! : '/'
  const { register, handleSubmit, formState } = useForm<AuthValues, AuthMode>({
    defaultValues: { email: '', password: '', displayName: '' },
    resolver: authResolver,
    context: mode,
    // Errors show on "Create account"/"Log in" and stay until the next try.
    reValidateMode: 'onSubmit',
    shouldFocusError: false,
  })
  const { errors } = formState
  // The deployment says whether it has a Telegram bot (accounts' TELEGRAM_BOT_*), so one build fits all.
  const providers = useQuery(authProvidersQuery())
  const telegramBot = providers.data?.telegram?.botUsername

  const submit = useMutation({
    mutationFn: (values: AuthValues) =>
      mode === 'signup'
        ? auth.register({
            email: values.email.trim(),
            password: values.password,
            displayName: values.displayName.trim(),
            timeZone: browserTimeZone(),
            language,
          })
        : auth.login({ email: values.email.trim(), password: values.password }),
    onSuccess: (session) => {
      setSession(session)
      navigate(next, { replace: true })
    },
  })
  const telegram = useMutation({
    mutationFn: (payload: TelegramLogin) => auth.telegram(payload),
    onSuccess: (session) => {
      setSession(session)
      navigate(next, { replace: true })
    },
  })

  const onSubmit = handleSubmit((values) => submit.mutate(values))
  const server = fieldErrors(submit.error)
  const err = (key: keyof AuthValues) => {
    const found = formError(errors, key)
    return found ? t(found, limitsAt(AUTH_SCHEMAS[mode], key)) : server[key]
  }

  return (
    <main className="page page-narrow">
      <h1>{mode === 'signup' ? t('auth.signupTitle') : t('auth.loginTitle')}</h1>
      <form className="stack panel" onSubmit={onSubmit} noValidate>
        {mode === 'signup' && (
          <Field label={t('auth.displayName')} hint={t('auth.displayNameHint')} error={err('displayName')}>
            <input
              {...register('displayName')}
              autoComplete="nickname"
              maxLength={DisplayNameSchema.maxLength}
            />
          </Field>
        )}
        <Field label={t('auth.email')} error={err('email')}>
          <input {...register('email')} type="email" autoComplete="email" />
        </Field>
        <Field
          label={t('auth.password')}
          hint={mode === 'signup' ? t('auth.passwordHint') : undefined}
          error={err('password')}
        >
          <input
            {...register('password')}
            type="password"
            autoComplete={mode === 'signup' ? 'new-password' : 'current-password'}
          />
        </Field>
        {submit.isError && <ErrorBox error={submit.error} />}
        <button className="btn btn-primary btn-block" type="submit" disabled={submit.isPending}>
          {submit.isPending ? t('common.loading') : mode === 'signup' ? t('auth.signup') : t('auth.login')}
        </button>
        <p className="center">
          <Link to={`${mode === 'signup' ? '/login' : '/signup'}${params.size ? `?${params}` : ''}`}>
            {mode === 'signup' ? t('auth.toLogin') : t('auth.toSignup')}
          </Link>
        </p>
      </form>
      {telegramBot && (
        <section className="panel center">
          <p>{t('tg.loginWidget')}</p>
          <TelegramLoginButton bot={telegramBot} onAuth={(payload) => telegram.mutate(payload)} />
          {telegram.isError && <ErrorBox error={telegram.error} />}
        </section>
      )}
    </main>
  )
}

function TelegramLoginButton({ bot, onAuth }: { bot: string; onAuth: (payload: TelegramLogin) => void }) {
  const ref = useRef<HTMLDivElement>(null)
  const callback = useRef(onAuth)
  callback.current = onAuth
  useEffect(() => {
    const host = ref.current
    if (!host) return
    ;(window as unknown as Record<string, unknown>).onProstTelegramAuth = (user: TelegramLogin) =>
      callback.current(user)
    const script = document.createElement('script')
    script.src = 'https://telegram.org/js/telegram-widget.js?22'
    script.async = true
    script.dataset.telegramLogin = bot
    script.dataset.size = 'large'
    script.dataset.onauth = 'onProstTelegramAuth(user)'
    script.dataset.requestAccess = 'write'
    host.appendChild(script)
    return () => {
      host.innerHTML = ''
    }
  }, [bot])
  return <div ref={ref} className="tg-widget" />
}
