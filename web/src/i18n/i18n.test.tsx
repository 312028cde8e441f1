import { describe, expect, it } from 'vitest'
import { render, screen } from '@testing-library/react'
import { en, ru } from './dictionary'
import { I18nProvider, translate, useI18n } from './i18n'

function Count({ n }: { n: number }) {
  return <p>{useI18n().tp('participants', n)}</p>
}

describe('i18n', () => {
  it('has a Russian text for every English key, with the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(ru[key], key).toBeTruthy()
      const holes = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort()
      expect(holes(ru[key]), key).toEqual(holes(en[key]))
    }
  })

  it('fills placeholders and picks Russian plural forms', () => {
    expect(translate('en', 'event.organizedBy', { name: 'Ada' })).toBe('Organized by Ada')
    render(
      <I18nProvider initial="ru">
        <Count n={1} />
        <Count n={3} />
        <Count n={5} />
      </I18nProvider>,
    )
    expect(screen.getByText('1 участник')).toBeTruthy()
    expect(screen.getByText('3 участника')).toBeTruthy()
    expect(screen.getByText('5 участников')).toBeTruthy()
    expect(document.documentElement.lang).toBe('ru')
  })
})
