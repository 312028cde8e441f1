import { describe, expect, it, vi } from 'vitest'
import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import AuthPage from './AuthPage'
import { getSession } from '../api/session'
import { testAuthSession } from '../test/fixtures'
import { renderWithApp } from '../test/render'
import { catalogProblem, problem, recordCalls, server } from '../test/server'

/** Opens the sign-up page, fills in the form and sends it. */
async function signUp(form: { name?: string; email: string; password: string }) {
  renderWithApp(<AuthPage mode="signup" />)
  const user = userEvent.setup()
  if (form.name) await user.type(screen.getByLabelText('Your name'), form.name)
  await user.type(screen.getByLabelText('Email'), form.email)
  await user.type(screen.getByLabelText('Password'), form.password)
  await user.click(screen.getByRole('button', { name: 'Create account' }))
}

/** Signs Ada up with a valid form, the accounts service refusing it with `answer`, as it sends problems. */
async function signUpRefused(answer: Parameters<typeof problem>[0]) {
  server.use(http.post('/api/auth/register', () => problem(answer)))
  await signUp({ name: 'Ada', email: 'ada@example.com', password: 'long enough pass' })
}

describe('AuthPage', () => {
  it('checks the sign-up form before sending anything', async () => {
    const calls = recordCalls()
    await signUp({ email: 'not-an-email', password: 'short' })
    expect(screen.getByText('Please fill this in.')).toBeTruthy()
    expect(screen.getByText('That does not look like an email address.')).toBeTruthy()
    expect(screen.getByText('The password needs at least 8 characters.')).toBeTruthy()
    expect(screen.getByLabelText('Your name').getAttribute('aria-invalid')).toBe('true')
    expect(calls.filter((c) => c.method !== 'GET')).toHaveLength(0)
  })

  it('shows the server problem in plain words, with the field message next to its field', async () => {
    // The accounts service's answers, as sent: the SPA says them in its own (translated) words.
    await signUpRefused(
      catalogProblem('already-exists', { detail: 'An account with this login already exists' }),
    )
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain(
      'An account with this email already exists. Log in instead, or use another address.',
    )
    expect(alert.textContent).not.toContain('[object')
  })

  it('puts a server field message next to its field, translated', async () => {
    await signUpRefused(
      catalogProblem('validation', {
        detail: '/body/displayName must NOT have more than 60 characters',
        errors: [{ path: '/body/displayName', message: 'must NOT have more than 60 characters' }],
      }),
    )
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Your name: Too long: at most 60 characters.',
    )
    expect(screen.getAllByText('Too long: at most 60 characters.').length).toBe(1) // inline, under the field
    expect(document.body.textContent).not.toMatch(/\/body|must NOT/)
  })

  it('logs in, stores the session and goes where it was asked to', async () => {
    const calls = recordCalls()
    server.use(http.post('/api/auth/login', () => HttpResponse.json(testAuthSession())))
    const { router } = renderWithApp(<AuthPage mode="login" />, { path: '/login', route: '/login?next=/new' })
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Email'), 'ada@example.com')
    await user.type(screen.getByLabelText('Password'), 'whatever')
    await user.click(screen.getByRole('button', { name: 'Log in' }))
    await screen.findByText('elsewhere')
    expect(router.state.location.pathname).toBe('/new')
    expect(calls.find((c) => c.url === '/api/auth/login')!.body).toEqual({
      email: 'ada@example.com',
      password: 'whatever',
    })
    expect(getSession()?.accessToken).toBe('acc')
  })

  it('shows the Telegram widget only when the deployment has a bot, and signs in with its payload', async () => {
    const calls = recordCalls()
    server.use(
      http.get('/api/auth/providers', () =>
        HttpResponse.json({ password: true, telegram: { botUsername: 'prost_bot' } }),
      ),
      http.post('/api/auth/telegram', () => HttpResponse.json(testAuthSession('tg-access'))),
    )
    const { container } = renderWithApp(<AuthPage mode="login" />, { path: '/login', route: '/login' })
    await screen.findByText('Or log in with Telegram')
    const script = container.querySelector<HTMLScriptElement>('.tg-widget script')!
    expect(script.dataset.telegramLogin).toBe('prost_bot')
    const payload = { id: 42, first_name: 'Ada', auth_date: 1_900_000_000, hash: 'f'.repeat(64) }
    ;(window as unknown as { onProstTelegramAuth: (user: unknown) => void }).onProstTelegramAuth(payload)
    await vi.waitFor(() => expect(getSession()?.accessToken).toBe('tg-access'))
    expect(calls.find((c) => c.url === '/api/auth/telegram')!.body).toEqual(payload)
  })

  it('hides the widget when the deployment has no bot', async () => {
    const calls = recordCalls()
    server.use(http.get('/api/auth/providers', () => HttpResponse.json({ password: true, telegram: null })))
    const { container } = renderWithApp(<AuthPage mode="login" />, { path: '/login', route: '/login' })
    await vi.waitFor(() => expect(calls.some((c) => c.url === '/api/auth/providers')).toBe(true))
    expect(container.querySelector('.tg-widget')).toBeNull()
  })
})
