import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { act, render, screen } from '@testing-library/react'
import type { Board } from '@prost/contracts'
import { renderWithApp } from '../test/render'
import { I18nProvider } from '../i18n/i18n'
import { useLiveBoard } from '../event/use-live-board'
import { LiveIndicator } from './LiveIndicator'

/** A WebSocket that the test opens and feeds by hand. */
class FakeSocket {
  static OPEN = 1
  static all: FakeSocket[] = []
  readyState = 0
  onopen?: () => void
  onmessage?: (m: { data: string }) => void
  onclose?: () => void
  constructor(public url: string) {
    FakeSocket.all.push(this)
  }
  send() {}
  close() {
    this.readyState = 3
    this.onclose?.()
  }
}

const eventId = 'e'.repeat(24)

function BoardState() {
  return <LiveIndicator status={useLiveBoard(eventId, true)} />
}

let online = true
beforeEach(() => {
  online = true
  FakeSocket.all = []
  vi.stubGlobal('WebSocket', FakeSocket)
  vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online)
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const goOnline = (value: boolean) =>
  act(() => {
    online = value
    window.dispatchEvent(new Event(value ? 'online' : 'offline'))
  })

describe('the live indicator', () => {
  it('shows connecting, live, then offline when the browser loses the network, and never "Live" while offline', async () => {
    renderWithApp(<BoardState />)
    expect(screen.getByRole('status').textContent).toContain('Connecting…')

    const socket = FakeSocket.all[0]!
    act(() => {
      socket.readyState = 1
      socket.onmessage?.({ data: JSON.stringify({ type: 'snapshot', eventId, board: { eventId } as Board }) })
    })
    expect(screen.getByRole('status').textContent).toContain('Live')

    goOnline(false)
    expect(screen.getByRole('status').textContent).toContain('Offline')
    expect(screen.getByRole('status').textContent).not.toContain('Live')
    expect(screen.getByRole('status').className).toContain('live-offline')

    goOnline(true)
    expect(screen.getByRole('status').textContent).toContain('Reconnecting…')
    expect(FakeSocket.all).toHaveLength(2)
  })

  it('starts offline when the page opens without a network', () => {
    online = false
    renderWithApp(<BoardState />)
    expect(screen.getByRole('status').textContent).toContain('Offline')
    expect(FakeSocket.all).toHaveLength(0)
  })

  it('names every state in Russian too', () => {
    const words = (['connecting', 'live', 'reconnecting', 'offline'] as const).map((status) => {
      const { unmount } = render(
        <I18nProvider initial="ru">
          <LiveIndicator status={status} />
        </I18nProvider>,
      )
      const text = screen.getByRole('status').textContent
      unmount()
      return text
    })
    expect(words).toEqual(['◌ Подключаемся…', '● Онлайн', '◌ Переподключаемся…', '○ Нет связи'])
  })
})
