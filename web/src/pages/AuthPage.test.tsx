import { describe, expect, it, vi } from 'vitest'
import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import AuthPage from './AuthPage'
import { getSession } from '../api/session'
import { mockFetch, renderWithApp, testAuthSession } from '../test-render'

describe('AuthPage', () => {
  it('checks the sign-up form before sending anything', async () => {
    const { fetchMock, calls } = mockFetch({})
    vi.stubGlobal('fetch', fetchMock)
    renderWithApp(<AuthPage mode="signup" />)
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Email'), 'not-an-email')
    await user.type(screen.getByLabelText('Password'), 'short')
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    expect(screen.getByText('Please fill this in.')).toBeTruthy()
    expect(screen.getByText('That does not look like an email address.')).toBeTruthy()
    expect(screen.getByText('The password needs at least 8 characters.')).toBeTruthy()
    expect(screen.getByLabelText('Your name').getAttribute('aria-invalid')).toBe('true')
    expect(calls).toHaveLength(0)
  })

  it('shows the server problem in plain words, with the field message next to its field', async () => {
    vi.stubGlobal(
      'fetch',
      mockFetch({
        'POST /api/auth/register': () => ({
          status: 409,
          body: {
            type: 'urn:prost:conflict',
            title: 'That email is already registered',
            status: 409,
            detail: 'Log in instead, or use another address.',
            errors: [{ path: '/body/email', message: 'is taken' }],
          },
        }),
      }).fetchMock,
    )
    renderWithApp(<AuthPage mode="signup" />)
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Your name'), 'Ada')
    await user.type(screen.getByLabelText('Email'), 'ada@example.com')
    await user.type(screen.getByLabelText('Password'), 'long enough pass')
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('That email is already registered')
    expect(alert.textContent).toContain('Log in instead, or use another address.')
    expect(alert.textContent).not.toContain('[object')
    expect(screen.getAllByText('is taken').length).toBeGreaterThan(0)
  })

  it('logs in, stores the session and goes where it was asked to', async () => {
    const session = testAuthSession()
    const { fetchMock, calls } = mockFetch({ 'POST /api/auth/login': () => ({ status: 200, body: session }) })
    vi.stubGlobal('fetch', fetchMock)
    const { router } = renderWithApp(<AuthPage mode="login" />, { path: '/login', route: '/login?next=/new' })
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Email'), 'ada@example.com')
    await user.type(screen.getByLabelText('Password'), 'whatever')
    await user.click(screen.getByRole('button', { name: 'Log in' }))
    await screen.findByText('elsewhere')
    expect(router.state.location.pathname).toBe('/new')
    expect(calls[0]!.body).toEqual({ email: 'ada@example.com', password: 'whatever' })
    expect(getSession()?.accessToken).toBe('acc')
  })
})
