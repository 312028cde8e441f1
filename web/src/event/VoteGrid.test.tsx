import { afterEach, describe, expect, it, vi } from 'vitest'
import { act, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState, type ComponentProps } from 'react'
import type { BallotChoices, VoteValue } from '@prost/contracts'
import { I18nProvider } from '../i18n/i18n'
import { en } from '../i18n/dictionary'
import { VoteGrid, type GridOption } from './VoteGrid'
import { NARROW_QUERY } from './use-narrow-screen'

const voters = (yes: string[], maybe: string[], no: string[]) => {
  const v = (ids: string[]) => ids.map((id) => ({ id, name: id === 'ann' ? 'Ann' : 'Bob' }))
  return {
    voters: { yes: v(yes), maybe: v(maybe), no: v(no) },
    counts: { yes: yes.length, maybe: maybe.length, no: no.length },
  }
}
const options: GridOption[] = [
  { id: 'a'.repeat(24), title: 'Fri 12 Jun', subtitle: '19:00–22:00', ...voters(['ann', 'bob'], [], []) },
  { id: 'b'.repeat(24), title: 'Sat 13 Jun', subtitle: '19:00–22:00', ...voters([], ['bob'], ['ann']) },
]
const participants = [
  { id: 'me', name: 'Me Myself' },
  { id: 'ann', name: 'Ann' },
  { id: 'bob', name: 'Bob' },
]

/** The times grid as I see it before voting: no best option yet, nothing chosen. */
const gridProps: ComponentProps<typeof VoteGrid> = {
  caption: 'Times',
  options,
  participants,
  bestId: null,
  me: { id: 'me', name: 'Me Myself' },
  myChoices: {},
}

/** Renders the grid in English, as `gridProps` with `props` instead. */
const renderGrid = (props: Partial<ComponentProps<typeof VoteGrid>> = {}) =>
  render(
    <I18nProvider initial="en">
      <VoteGrid {...gridProps} {...props} />
    </I18nProvider>,
  )

/** The grid keeping my choices, with the first time as the best. */
function Harness({ onVote }: { onVote?: (id: string, v: VoteValue) => void }) {
  const [choices, setChoices] = useState<BallotChoices>({})
  return (
    <I18nProvider initial="en">
      <VoteGrid
        {...gridProps}
        bestId={options[0]!.id}
        myChoices={choices}
        onVote={(id, v) => {
          setChoices((c) => ({ ...c, [id]: v }))
          onVote?.(id, v)
        }}
      />
    </I18nProvider>
  )
}

describe('VoteGrid', () => {
  it('shows every answer with an icon, a colour class and a word, and the counts', () => {
    render(<Harness />)
    const annRow = screen.getByRole('row', { name: /^Ann/ })
    const [first, second] = within(annRow).getAllByRole('cell')
    expect(first).toHaveProperty('textContent', '✓Yes')
    expect(first!.querySelector('.vote')!.className).toContain('vote-yes')
    expect(second!.querySelector('.vote')!.className).toContain('vote-no')
    expect(second).toHaveProperty('textContent', '✗No')
    const bobSecond = within(screen.getByRole('row', { name: /^Bob/ })).getAllByRole('cell')[1]!
    expect(bobSecond.textContent).toBe('~If need be')
    expect(bobSecond.querySelector('.vote-maybe')).not.toBeNull()
    const header = screen.getAllByRole('columnheader')[1]!
    expect(header.textContent).toContain('🍺 Best')
    expect(header.className).toContain('is-best')
    expect(within(header).getByText('Fri 12 Jun')).toBeTruthy()
  })

  it('puts my row first with a radio group per option', () => {
    render(<Harness />)
    const rows = screen.getAllByRole('row')
    expect(rows[1]!.textContent).toContain('Me Myself')
    const groups = screen.getAllByRole('radiogroup')
    expect(groups).toHaveLength(2)
    expect(groups[0]!.getAttribute('aria-label')).toBe('Your vote for Fri 12 Jun 19:00–22:00')
    expect(
      within(groups[0]!)
        .getAllByRole('radio')
        .map((r) => r.textContent),
    ).toEqual(['✓Yes', '~If need be', '✗No'])
  })

  it('votes with the keyboard only: Y/M/N pick, arrows move, Tab goes to the next option', async () => {
    const user = userEvent.setup()
    const onVote = vi.fn()
    render(<Harness onVote={onVote} />)
    await user.tab() // the scroll region
    await user.tab() // "who voted what" of option 1
    await user.tab() // "who voted what" of option 2
    await user.tab() // my vote for option 1
    const [first, second] = screen.getAllByRole('radiogroup')
    expect(within(first!).getAllByRole('radio')[0]).toBe(document.activeElement)
    await user.keyboard('m')
    expect(onVote).toHaveBeenLastCalledWith(options[0]!.id, 'maybe')
    expect(
      within(first!)
        .getByRole('radio', { name: /If need be/ })
        .getAttribute('aria-checked'),
    ).toBe('true')
    expect(document.activeElement).toBe(within(first!).getByRole('radio', { name: /If need be/ }))
    await user.keyboard('{ArrowRight}')
    expect(onVote).toHaveBeenLastCalledWith(options[0]!.id, 'no')
    await user.keyboard('{ArrowRight}') // wraps around
    expect(onVote).toHaveBeenLastCalledWith(options[0]!.id, 'yes')
    await user.tab()
    expect(second!.contains(document.activeElement)).toBe(true)
    await user.keyboard('n')
    expect(onVote).toHaveBeenLastCalledWith(options[1]!.id, 'no')
    // Roving tab stop: only the checked radio is in the tab order.
    expect(
      within(second!)
        .getAllByRole('radio')
        .map((r) => r.tabIndex),
    ).toEqual([-1, -1, 0])
  })

  it('is read-only without onVote (after finalize)', () => {
    renderGrid({ me: { id: 'me', name: 'Me' }, myChoices: { [options[0]!.id]: 'yes' } })
    expect(screen.queryAllByRole('radiogroup')).toHaveLength(0)
    expect(within(screen.getAllByRole('row')[1]!).getAllByRole('cell')[0]!.textContent).toBe('✓Yes')
  })
})

// Phones get one card per option instead of a sideways table; places show their map links while voting.
describe('VoteGrid on a narrow screen, and map links', () => {
  /** A matchMedia whose "(max-width: 600px)" answer the test flips, as rotating a phone would. */
  function stubScreen(narrow: boolean) {
    const listeners = new Set<() => void>()
    let matches = narrow
    vi.stubGlobal('matchMedia', (media: string) => ({
      media,
      get matches() {
        return media === NARROW_QUERY && matches
      },
      addEventListener: (_: string, listener: () => void) => listeners.add(listener),
      removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
    }))
    return (next: boolean) => {
      matches = next
      act(() => listeners.forEach((listener) => listener()))
    }
  }
  afterEach(() => vi.unstubAllGlobals())

  const places: GridOption[] = [
    {
      id: 'c'.repeat(24),
      title: 'The Foamy Tap',
      subtitle: 'Main St 1',
      mapUrl: 'https://www.openstreetmap.org/?mlat=52.5&mlon=13.4',
      ...voters(['ann'], [], []),
    },
    // Stored before the contract refused it, or forged: never a link.
    { id: 'd'.repeat(24), title: 'Shady Bar', mapUrl: 'javascript:alert(1)', ...voters([], [], []) },
  ]

  it('shows one card per option with my radio group, the counts and the names, and no table', async () => {
    stubScreen(true)
    const user = userEvent.setup()
    const onVote = vi.fn()
    render(<Harness onVote={onVote} />)
    expect(screen.queryByRole('table')).toBeNull()
    const list = screen.getByRole('list', { name: 'Times: options to vote on' })
    const cards = within(list)
      .getAllByRole('listitem')
      .filter((li) => li.parentElement === list)
    expect(cards).toHaveLength(2)
    expect(cards[0]!.className).toContain('is-best')
    expect(cards[0]!.textContent).toContain('🍺 Best')
    const answers = within(cards[1]!).getByRole('list', { name: /Who voted what: Sat 13 Jun/ })
    const lines = within(answers)
      .getAllByRole('listitem')
      .map((li) => li.textContent)
    expect(lines).toEqual([
      '✓Yes 0',
      `~${en['vote.shortMaybe']} 1 Bob`,
      '✗No 1 Ann',
      `${en['vote.none']}: Me Myself`,
    ])
    // Keyboard as in the table: Tab reaches my vote for the first option, Y/M/N pick, Tab moves on.
    await user.tab()
    const [first, second] = screen.getAllByRole('radiogroup')
    expect(first!.getAttribute('aria-label')).toBe('Your vote for Fri 12 Jun 19:00–22:00')
    expect(within(first!).getAllByRole('radio')[0]).toBe(document.activeElement)
    await user.keyboard('y')
    expect(onVote).toHaveBeenLastCalledWith(options[0]!.id, 'yes')
    await user.keyboard('{ArrowLeft}')
    expect(onVote).toHaveBeenLastCalledWith(options[0]!.id, 'no')
    await user.tab()
    expect(second!.contains(document.activeElement)).toBe(true)
    await user.keyboard('m')
    expect(onVote).toHaveBeenLastCalledWith(options[1]!.id, 'maybe')
    expect(within(second!).getAllByRole('radio')[1]!.getAttribute('aria-checked')).toBe('true')
  })

  it('follows the screen: rotating to wide brings the table back, and back to cards', () => {
    const rotate = stubScreen(false)
    render(<Harness />)
    expect(screen.getByRole('table')).toBeTruthy()
    rotate(true)
    expect(screen.queryByRole('table')).toBeNull()
    expect(screen.getAllByRole('radiogroup')).toHaveLength(2)
    rotate(false)
    expect(screen.getByRole('table')).toBeTruthy()
  })

  it('says when an option was changed and its answers reset', () => {
    stubScreen(false)
    renderGrid({
      options: [
        { ...options[0]!, revised: 'Changed from Thu 19:00: answers were reset, vote again' },
        options[1]!,
      ],
      me: null,
    })
    expect(screen.getByText(/Changed from Thu 19:00/).className).toBe('opt-revised')
    expect(screen.getAllByText(/Changed from/)).toHaveLength(1)
  })

  it('names the zone and the viewer’s clock in the option and its radio group', () => {
    stubScreen(true)
    renderGrid({
      options: [{ ...options[0]!, subtitle: '19:00–22:00 Moscow time', note: '08:00–11:00 your time' }],
      onVote: () => undefined,
    })
    expect(screen.getByText('08:00–11:00 your time').className).toBe('opt-note')
    expect(screen.getByRole('radiogroup').getAttribute('aria-label')).toBe(
      'Your vote for Fri 12 Jun 19:00–22:00 Moscow time, 08:00–11:00 your time',
    )
  })

  for (const narrow of [false, true])
    it(`shows http(s) map links of places while voting, in a new tab (${narrow ? 'cards' : 'table'})`, () => {
      stubScreen(narrow)
      renderGrid({ caption: 'Places', options: places, onVote: () => undefined })
      const links = screen.getAllByRole('link')
      expect(links).toHaveLength(1)
      const link = screen.getByRole('link', { name: 'Map of The Foamy Tap (opens in a new tab)' })
      expect(link.getAttribute('href')).toBe(places[0]!.mapUrl)
      expect(link.getAttribute('target')).toBe('_blank')
      expect(link.getAttribute('rel')).toBe('noopener noreferrer')
    })
})
