import { describe, expect, it } from 'vitest'
import { screen } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import {
  ReminderStatus,
  type EventStatus,
  type EventSummary,
  type Language,
  type NotificationsMe,
} from '@prost/contracts'
import { signIn } from '../test/fixtures'
import { renderWithApp } from '../test/render'
import { server } from '../test/server'
import TelegramPage from '../pages/TelegramPage'
import { EventCard } from '../components/EventCard'
import { translate } from './i18n'
import { deliveryStatusText, messageKindText } from './status-words'

/**
 * Machine words the services send. In Russian none may reach the screen; in English some are also
 * plain words ("sent"), so there only the ones no reader should see are checked, plus the wording.
 */
const RAW = /\b(pending|queued|sending|sent|skipped|failed|polling|finalized|cancelled|reminder|moved|bot)\b/i
const RAW_IN_ENGLISH = /\b(pending|polling|failed|finalized ·|reminder ·|bot ·)/
const rawFor = (language: Language) => (language === 'ru' ? RAW : RAW_IN_ENGLISH)
const DELIVERY = ReminderStatus.anyOf.map((s) => String(s.const))
const KINDS = ['reminder', 'finalized', 'moved', 'cancelled', 'bot']

const renderIn = (language: Language, ui: React.ReactNode) =>
  renderWithApp(ui, { path: '/telegram', route: '/telegram', language })

describe('status words', () => {
  it('translates every delivery status and message kind, in both languages, never as the raw word', () => {
    for (const language of ['en', 'ru'] as const) {
      const t = (key: Parameters<typeof translate>[1]) => translate(language, key)
      const words = [
        ...DELIVERY.map((s) => deliveryStatusText(t, s)),
        ...KINDS.map((k) => messageKindText(t, k)),
      ]
      for (const word of words) expect(word, language).not.toMatch(rawFor(language))
      expect(new Set(words).size, `${language}: distinct words`).toBeGreaterThan(DELIVERY.length)
    }
    const t = (key: Parameters<typeof translate>[1]) => translate('ru', key)
    expect(deliveryStatusText(t, 'pending')).toBe('запланировано')
    expect(messageKindText(t, 'finalized')).toBe('План утверждён')
  })

  it('reads an unknown status as a translated "unknown", not the raw word', () => {
    const t = (key: Parameters<typeof translate>[1]) => translate('en', key)
    expect(deliveryStatusText(t, 'bouncing')).toBe('unknown state')
    expect(messageKindText(t, 'toString')).toBe('Message')
  })

  it('shows no raw status on the Telegram page', async () => {
    signIn()
    const me: NotificationsMe = {
      linked: true,
      linkedAt: '2030-01-01T10:00:00Z',
      dryRun: true,
      upcoming: DELIVERY.map((status, i) => ({
        eventId: String(i).padStart(24, '0'),
        title: `Pints ${i}`,
        startsAt: '2030-02-01T19:00:00Z',
        dueAt: '2030-02-01T18:00:00Z',
        timeZone: 'Europe/Berlin',
        status,
        placeName: 'The Tap',
      })),
      dryRunMessages: KINDS.map((kind) => ({
        text: `Cheers ${kind.length}`,
        kind,
        sentAt: '2030-01-02T10:00:00Z',
      })),
    }
    server.use(http.get('/api/notifications/me', () => HttpResponse.json(me)))
    for (const language of ['en', 'ru'] as const) {
      const { unmount } = renderIn(language, <TelegramPage />)
      await screen.findByText(/Pints 0/)
      const text = document.body.textContent ?? ''
      expect(text, language).not.toMatch(rawFor(language))
      expect(text).toContain(language === 'en' ? 'scheduled' : 'запланировано')
      expect(text).toContain(language === 'en' ? 'not delivered' : 'не доставлено')
      expect(text).toContain(language === 'en' ? 'Plan decided' : 'План утверждён')
      unmount()
    }
  })

  it('shows no raw status on a browse card', () => {
    for (const status of ['polling', 'finalized', 'cancelled'] as EventStatus[]) {
      const event: EventSummary = {
        id: 'c'.repeat(24),
        title: 'Pints',
        timeZone: 'UTC',
        status,
        startsAt: '2030-02-01T19:00:00Z',
        placeName: 'The Tap',
        timeOptionCount: 2,
        placeOptionCount: 1,
        participantCount: 3,
        hasCover: false,
      }
      for (const language of ['en', 'ru'] as const) {
        const { unmount } = renderIn(language, <EventCard event={event} />)
        expect(document.body.textContent, `${status} ${language}`).not.toMatch(rawFor(language))
        unmount()
      }
    }
  })
})
