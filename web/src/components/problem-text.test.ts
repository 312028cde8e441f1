import { describe, expect, it } from 'vitest'
import type { Problem } from '@prost/contracts'
// The platform's catalog itself (a dependency-free module): a kind added there without a sentence here fails.
import { PROBLEMS, type ProblemKind } from '../../../packages/platform/src/problems'
import { ApiError } from '../api/client'
import { translate } from '../i18n/i18n'
import type { Translate } from '../i18n/i18n'
import { fieldErrors, PROBLEM_MESSAGES, readableError } from './problem-text'
import { catalogProblem } from '../test/server'

const en: Translate = (key, params) => translate('en', key, params)
const ru: Translate = (key, params) => translate('ru', key, params)
const error = (problem: Problem) => new ApiError(problem)
const catalogError = (kind: ProblemKind, more: Partial<Problem> = {}) => error(catalogProblem(kind, more))
/** Everything a user would read in the error box, as one string. */
const shown = (e: unknown, t: Translate) => {
  const r = readableError(e, t)
  return [r.title, r.detail ?? '', ...r.fields.map((f) => `${f.label ?? ''}: ${f.message}`)].join(' | ')
}
const CYRILLIC = /[а-яё]/i

describe('readableError', () => {
  it('has an English and a Russian sentence for every problem type in the platform catalog', () => {
    for (const kind of Object.keys(PROBLEMS) as ProblemKind[]) {
      expect(PROBLEM_MESSAGES, kind).toHaveProperty(kind)
      const problem = catalogError(kind, { detail: 'a server detail', instance: '/x' })
      const english = readableError(problem, en)
      const russian = readableError(problem, ru)
      expect(english.title, kind).toMatch(/^[A-Z].*\.$/)
      expect(russian.title, kind).toMatch(CYRILLIC)
      expect(english.detail, kind).toBeUndefined() // an unknown server detail is never shown
    }
  })

  it('turns the raw Ajv texts from the issue into sentences, without JSON pointers', () => {
    const problem = catalogError('validation', {
      detail: '/body/timeOptions must NOT have more than 30 items',
      errors: [
        { path: '/body/timeOptions', message: 'must NOT have more than 30 items' },
        { path: '/body/title', message: 'must NOT have more than 120 characters' },
        { path: '/body/placeOptions/1/address', message: 'must NOT have more than 300 characters' },
      ],
    })
    expect(shown(problem, en)).toBe(
      'Some answers need another look. |  | Times: Too many: at most 30. | Title: Too long: at most 120 characters. | Place 2 · Address: Too long: at most 300 characters.',
    )
    const russian = shown(problem, ru)
    expect(russian).toContain('Слишком много: не больше 30.')
    expect(russian).toContain('Название: Слишком длинно: не больше 120 символов.')
    for (const text of [shown(problem, en), russian]) {
      expect(text).not.toMatch(/\/body|must NOT|items/)
    }
  })

  it('explains a refused control character without quoting the contract', () => {
    const problem = catalogError('validation', {
      errors: [
        { path: '/body/title', message: 'must be text on one line, without control characters' },
        { path: '/body/description', message: 'must match format "multi-line-text"' },
      ],
    })
    expect(shown(problem, en)).toBe(
      'Some answers need another look. |  | Title: This contains characters that are not allowed. | Description: This contains characters that are not allowed.',
    )
  })

  it('says an invite link does not work, whatever Ajv found wrong with its token', () => {
    const problem = catalogError('validation', {
      errors: [{ path: '/body/inviteToken', message: 'must NOT have fewer than 16 characters' }],
    })
    expect(shown(problem, en)).toContain(': This invite link does not work (any more).')
    expect(shown(problem, en)).not.toMatch(/inviteToken|16/)
    expect(fieldErrors(problem, ru)).toEqual({
      inviteToken: 'Эта ссылка-приглашение не работает (уже). Попросите у организатора новую.',
    })
  })

  it('answers an unknown 5xx, even a bare "Internal Server Error", with our own sentence in both languages', () => {
    for (const problem of [
      error({ type: 'about:blank', title: 'Internal Server Error', status: 500 }),
      error({ type: 'about:blank', title: 'Bad Gateway', status: 502, detail: 'upstream said no' }),
    ]) {
      expect(shown(problem, en)).toBe('Something went wrong on our side. Please try again. | ')
      expect(shown(problem, ru)).toBe('У нас что-то пошло не так. Попробуйте ещё раз. | ')
    }
  })

  it('puts a known server detail in plain words, and keeps unknown ones out', () => {
    const wrong = catalogError('unauthenticated', { detail: 'The email or password is wrong' })
    expect(readableError(wrong, en).title).toBe('The email or password is wrong.')
    expect(readableError(wrong, ru).title).toBe('Неверная почта или пароль.')
    const tooMany = catalogError('validation', { detail: 'An event can have at most 30 time options' })
    expect(readableError(tooMany, ru).title).toBe('В событии может быть не больше 30 вариантов времени.')
    const other = catalogError('conflict', { title: 'x', detail: 'Some new English detail' })
    expect(shown(other, en)).toBe('Something changed in the meantime. Reload the page and try again. | ')
  })

  it('falls back on the status for a type outside the catalog, and on "offline" without an answer', () => {
    expect(
      readableError(error({ type: 'about:blank', title: 'Too Many Requests', status: 429 }), en).title,
    ).toBe('Slow down, the beer is not going anywhere. Try again in a minute.')
    expect(
      readableError(error({ type: 'about:blank#offline', title: 'offline', status: 0 }), ru).title,
    ).toMatch(/^Не получается связаться/)
    expect(readableError(new Error('boom'), en).title).toBe('Something went flat.')
  })
})

describe('remove and leave (issue 16)', () => {
  it('says in both languages why a removed person or the organizer was refused', () => {
    const cases: [ProblemKind, string, RegExp, RegExp][] = [
      [
        'forbidden',
        'The organizer removed you from this event; ask them for a new invite link',
        /new invite link/,
        /новую ссылку/,
      ],
      [
        'conflict',
        'The last organizer cannot leave; cancel the event instead',
        /cannot leave/,
        /не можете её покинуть/,
      ],
      ['conflict', 'The organizer cannot be removed', /cannot be removed/, /удалить нельзя/],
    ]
    for (const [kind, detail, english, russian] of cases) {
      expect(shown(catalogError(kind, { detail }), en)).toMatch(english)
      expect(shown(catalogError(kind, { detail }), ru)).toMatch(russian)
    }
  })
})
