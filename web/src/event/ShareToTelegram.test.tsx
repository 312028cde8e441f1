/** "Share to a Telegram group": switchInlineQuery inside the Mini App, the startgroup link outside. EN and RU. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { emptyBoard, myEvent, openEventPage } from '../test/event-page'
import { signIn } from '../test/fixtures'
import { renderWithApp } from '../test/render'
import { server } from '../test/server'
import { ShareToTelegram } from './ShareToTelegram'

const telegram = vi.hoisted(() => ({
  inside: false,
  available: true,
  linkAvailable: true,
  calls: [] as unknown[][],
  links: [] as string[],
}))
vi.mock('../telegram/detect', () => ({ isInsideTelegram: () => telegram.inside }))
vi.mock('@telegram-apps/sdk-react', () => ({
  switchInlineQuery: Object.assign((...args: unknown[]) => telegram.calls.push(args), {
    isAvailable: () => telegram.available,
  }),
  openTelegramLink: Object.assign((url: string) => telegram.links.push(url), {
    isAvailable: () => telegram.linkAvailable,
  }),
}))

const withBot = http.get('/api/auth/providers', () =>
  HttpResponse.json({ password: true, telegram: { botUsername: 'prost_bot' } }),
)
const event = myEvent()

beforeEach(() => {
  signIn()
  telegram.inside = false
  telegram.available = true
  telegram.linkAvailable = true
  telegram.calls = []
  telegram.links = []
})
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('Share to a Telegram group', () => {
  it('outside Telegram opens the t.me link that adds the bot to a group with the event', async () => {
    const open = vi.fn()
    vi.stubGlobal('open', open)
    openEventPage(event, emptyBoard(event), [withBot])
    await userEvent.click(await screen.findByRole('button', { name: /Share to a Telegram group/ }))
    await vi.waitFor(() =>
      expect(open).toHaveBeenCalledWith(
        `https://t.me/prost_bot?startgroup=${event.id}`,
        '_blank',
        'noopener,noreferrer',
      ),
    )
    expect(telegram.calls).toEqual([])
  })

  it('inside the Mini App asks Telegram for a group with "@bot <title>" (switchInlineQuery), no link', async () => {
    telegram.inside = true
    const open = vi.fn()
    vi.stubGlobal('open', open)
    server.use(withBot)
    renderWithApp(<ShareToTelegram event={event} />)
    await userEvent.click(await screen.findByRole('button', { name: /Share to a Telegram group/ }))
    await vi.waitFor(() => expect(telegram.calls).toEqual([['Friday pints', ['groups']]]))
    expect(open).not.toHaveBeenCalled()
  })

  it('without inline mode has Telegram open the startgroup link in the app (the Mini App stays open)', async () => {
    telegram.inside = true
    telegram.available = false
    const open = vi.fn()
    vi.stubGlobal('open', open)
    server.use(withBot)
    renderWithApp(<ShareToTelegram event={event} />, { language: 'ru' })
    await userEvent.click(await screen.findByRole('button', { name: /Поделиться в группе Telegram/ }))
    await vi.waitFor(() => expect(telegram.links).toEqual([`https://t.me/prost_bot?startgroup=${event.id}`]))
    expect(open).not.toHaveBeenCalled()
    expect(telegram.calls).toEqual([])
  })

  it('opens a tab only when this Telegram client can do neither', async () => {
    telegram.inside = true
    telegram.available = false
    telegram.linkAvailable = false
    const open = vi.fn()
    vi.stubGlobal('open', open)
    server.use(withBot)
    renderWithApp(<ShareToTelegram event={event} />)
    await userEvent.click(await screen.findByRole('button', { name: /Share to a Telegram group/ }))
    await vi.waitFor(() => expect(open).toHaveBeenCalledTimes(1))
    expect(telegram.links).toEqual([])
  })

  it('is not offered when the deployment has no bot', async () => {
    server.use(http.get('/api/auth/providers', () => HttpResponse.json({ password: true, telegram: null })))
    const { client } = renderWithApp(<ShareToTelegram event={event} />)
    await vi.waitFor(() => expect(client.getQueryState(['auth-providers'])?.status).toBe('success'))
    expect(screen.queryByRole('button')).toBeNull()
  })
})
