import { describe, expect, it, vi } from 'vitest'
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import type { BallotChoices, VoteValue } from '@prost/contracts'
import { I18nProvider } from '../i18n/i18n'
import { VoteGrid, type GridOption } from './VoteGrid'

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

function Harness({ onVote }: { onVote?: (id: string, v: VoteValue) => void }) {
  const [choices, setChoices] = useState<BallotChoices>({})
  return (
    <I18nProvider initial="en">
      <VoteGrid
        caption="Times"
        options={options}
        participants={participants}
        bestId={options[0]!.id}
        me={{ id: 'me', name: 'Me Myself' }}
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
    expect(bobSecond.textContent).toBe('~Maybe')
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
    ).toEqual(['✓Yes', '~Maybe', '✗No'])
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
    expect(within(first!).getByRole('radio', { name: /Maybe/ }).getAttribute('aria-checked')).toBe('true')
    expect(document.activeElement).toBe(within(first!).getByRole('radio', { name: /Maybe/ }))
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
    render(
      <I18nProvider initial="en">
        <VoteGrid
          caption="Times"
          options={options}
          participants={participants}
          bestId={null}
          me={{ id: 'me', name: 'Me' }}
          myChoices={{ [options[0]!.id]: 'yes' }}
        />
      </I18nProvider>,
    )
    expect(screen.queryAllByRole('radiogroup')).toHaveLength(0)
    expect(within(screen.getAllByRole('row')[1]!).getAllByRole('cell')[0]!.textContent).toBe('✓Yes')
  })
})
