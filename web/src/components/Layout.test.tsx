import { describe, expect, it } from 'vitest'
import { act, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { getSession } from '../api/session'
import { signIn, testUser } from '../test/fixtures'
import { renderWithApp } from '../test/render'
import { recordCalls, server } from '../test/server'
import { Layout } from './Layout'

describe('Layout language switch', () => {
  it('saves a signed-in user’s switch to their profile, so the bot writes in it too', async () => {
    signIn()
    const calls = recordCalls()
    server.use(
      http.patch('/api/auth/me', async ({ request }) =>
        HttpResponse.json({ ...testUser, ...((await request.json()) as object) }),
      ),
    )
    renderWithApp(<Layout />)

    await userEvent.setup().selectOptions(screen.getByLabelText('Language'), 'ru')

    await screen.findByRole('link', { name: 'Афиша' })
    await waitFor(() => expect(getSession()?.user.language).toBe('ru'))
    const patches = calls.filter((c) => c.method === 'PATCH')
    expect(patches).toHaveLength(1)
    expect(patches[0]!.url).toBe('/api/auth/me')
    expect(patches[0]!.body).toEqual({ language: 'ru' })
    expect(patches[0]!.headers.authorization).toBe('Bearer acc')
  })

  it('keeps a guest’s choice in this browser only', async () => {
    const calls = recordCalls()
    renderWithApp(<Layout />)

    await userEvent.setup().selectOptions(screen.getByLabelText('Language'), 'ru')

    await screen.findByRole('link', { name: 'Афиша' })
    expect(localStorage.getItem('prost.language')).toBe('ru')
    expect(calls).toEqual([])
  })

  it('starts in the profile’s language on sign-in', async () => {
    renderWithApp(<Layout />)
    expect(screen.getByRole('link', { name: 'Browse' })).toBeTruthy()

    act(() => {
      signIn({ language: 'ru' })
    })

    await screen.findByRole('link', { name: 'Афиша' })
    expect(localStorage.getItem('prost.language')).toBe('ru')
  })

  it('translates the skip link', async () => {
    renderWithApp(<Layout />)
    expect(screen.getByRole('link', { name: 'Skip to content' })).toBeTruthy()

    await userEvent.setup().selectOptions(screen.getByLabelText('Language'), 'ru')

    expect(await screen.findByRole('link', { name: 'Перейти к содержимому' })).toBeTruthy()
  })
})

describe('Layout inside Telegram (Mini App)', () => {
  it('shows who is signed in instead of "Log out", and calls the Telegram page "Reminders"', async () => {
    window.location.hash = '#tgWebAppData=user%3D%257B%257D&tgWebAppPlatform=ios'
    try {
      signIn()
      renderWithApp(<Layout />)
      expect(screen.getByText(testUser.displayName)).toBeTruthy()
      expect(screen.queryByRole('button', { name: 'Log out' })).toBeNull()
      expect(screen.getByRole('link', { name: 'Reminders' }).getAttribute('href')).toBe('/telegram')
    } finally {
      window.location.hash = ''
    }
  })

  it('keeps "Log out" and "Telegram" in a normal browser', () => {
    signIn()
    renderWithApp(<Layout />)
    expect(screen.getByRole('button', { name: 'Log out' })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Telegram' })).toBeTruthy()
  })
})
