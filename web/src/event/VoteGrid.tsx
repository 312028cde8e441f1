/**
 * One section of the vote board (times or places): participants × options on wide screens, one card
 * per option on phones (a 30-option table would be thousands of pixels wide there). Every answer
 * shows an icon, a colour and a word, so it reads without colour. My vote is a radio group per
 * option: arrows move between yes / if need be / no, Y, M and N pick directly, Tab goes to the next option.
 */
import { useRef, type KeyboardEvent } from 'react'
import type { BallotChoices, Board, BoardView, OptionVoters, Tally, VoteValue, Voter } from '@prost/contracts'
import { useI18n } from '../i18n/i18n'
import { httpUrl } from './map-link'
import { useNarrowScreen } from './use-narrow-screen'

export const VALUES: VoteValue[] = ['yes', 'maybe', 'no']
export const ICON: Record<VoteValue, string> = { yes: '✓', maybe: '~', no: '✗' }

export interface GridOption {
  id: string
  title: string
  subtitle?: string
  /** A third line, e.g. the time on the viewer's clock when the event is in another zone. */
  note?: string
  /** Set when the organizer changed this option: what it was, and that its answers were reset. */
  revised?: string
  /** "proposed by Anna" when a participant proposed the option. */
  byline?: string
  /** A place's map link (only http/https ones are shown). */
  mapUrl?: string
  counts: Tally
  voters: OptionVoters
}

/** What a screen reader hears for an option: "Thu 10 Dec 19:00–22:00 Moscow time, 08:00–11:00 your time". */
export function optionLabel(option: GridOption): string {
  const main = option.subtitle ? `${option.title} ${option.subtitle}` : option.title
  return option.note ? `${main}, ${option.note}` : main
}

interface VoteGridProps {
  caption: string
  options: GridOption[]
  participants: Voter[]
  bestId: string | null
  /** My participant id when I may vote here; my row comes first. */
  me: { id: string; name: string } | null
  myChoices: BallotChoices
  onVote?: (optionId: string, value: VoteValue) => void
  /**
   * What the server let this reader see (the event's privacy settings): without names, others'
   * rows and the names per answer are left out; with results hidden, the counts too.
   */
  view?: BoardView
}

/** optionId → participantId → answer, from the per-option voter lists of the board. */
export function answersByOption(options: GridOption[]): Map<string, Map<string, VoteValue>> {
  const map = new Map<string, Map<string, VoteValue>>()
  for (const option of options) {
    const row = new Map<string, VoteValue>()
    for (const value of VALUES) for (const voter of option.voters[value]) row.set(voter.id, value)
    map.set(option.id, row)
  }
  return map
}

/** The ballot a participant has on the board (used as my row until I change something). */
export function choicesOf(board: Board, participantId: string): BallotChoices {
  const choices: BallotChoices = {}
  for (const option of [...board.timeOptions, ...board.placeOptions])
    for (const value of VALUES)
      if (option.voters[value].some((v) => v.id === participantId)) choices[option.id] = value
  return choices
}

export function VoteLabel({ value }: { value: VoteValue | undefined }) {
  const { t } = useI18n()
  if (!value)
    return (
      <span className="vote vote-none">
        <span aria-hidden="true">·</span>
        <span className="visually-hidden">{t('vote.none')}</span>
      </span>
    )
  return (
    <span className={`vote vote-${value}`}>
      <span aria-hidden="true" className="vote-icon">
        {ICON[value]}
      </span>
      <span className="vote-text">{t(value === 'maybe' ? 'vote.shortMaybe' : `vote.${value}`)}</span>
    </span>
  )
}

function VoteChoice({
  option,
  value,
  onVote,
}: {
  option: GridOption
  value: VoteValue | undefined
  onVote: (value: VoteValue) => void
}) {
  const { t } = useI18n()
  const refs = useRef<(HTMLButtonElement | null)[]>([])
  const focusIndex = value ? VALUES.indexOf(value) : 0
  const pick = (index: number) => {
    const next = VALUES[(index + VALUES.length) % VALUES.length]!
    onVote(next)
    refs.current[VALUES.indexOf(next)]?.focus()
  }
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const key = e.key.toLowerCase()
    const direct = { y: 0, m: 1, n: 2, '1': 0, '2': 1, '3': 2 }[key]
    if (direct !== undefined) pick(direct)
    else if (key === 'arrowright' || key === 'arrowdown') pick(index + 1)
    else if (key === 'arrowleft' || key === 'arrowup') pick(index - 1)
    else return
    e.preventDefault()
  }
  return (
    <div
      role="radiogroup"
      aria-label={t('event.yourVote', { option: optionLabel(option) })}
      className="vote-choice"
    >
      {VALUES.map((v, i) => (
        <button
          key={v}
          ref={(el) => {
            refs.current[i] = el
          }}
          type="button"
          role="radio"
          aria-checked={value === v}
          tabIndex={i === focusIndex ? 0 : -1}
          className={`vote-btn vote-${v}${value === v ? ' is-checked' : ''}`}
          title={t(`vote.${v}`)}
          onClick={() => pick(i)}
          onKeyDown={(e) => onKeyDown(e, i)}
        >
          <span aria-hidden="true" className="vote-icon">
            {ICON[v]}
          </span>
          <span className="vote-text">{t(v === 'maybe' ? 'vote.shortMaybe' : `vote.${v}`)}</span>
        </button>
      ))}
    </div>
  )
}

function WhoVoted({ option, view }: { option: GridOption; view: BoardView }) {
  const { t } = useI18n()
  const total = option.counts.yes + option.counts.maybe + option.counts.no
  if (view === 'results-hidden') return null
  if (view === 'names-hidden')
    return (
      <p className="who" aria-label={`${t('event.whoVoted')}: ${option.title}`}>
        {VALUES.map((v) => (
          <span key={v} className={`count count-${v}`}>
            <span aria-hidden="true">{ICON[v]}</span> {option.counts[v]}{' '}
          </span>
        ))}
      </p>
    )
  return (
    <details className="who">
      <summary aria-label={`${t('event.whoVoted')}: ${option.title}`}>
        <span className="count count-yes">
          <span aria-hidden="true">{ICON.yes}</span> {option.counts.yes}
        </span>
        <span className="count count-maybe">
          <span aria-hidden="true">{ICON.maybe}</span> {option.counts.maybe}
        </span>
        <span className="count count-no">
          <span aria-hidden="true">{ICON.no}</span> {option.counts.no}
        </span>
      </summary>
      <div className="who-panel">
        {total === 0 ? (
          <p>{t('event.noVotes')}</p>
        ) : (
          VALUES.filter((v) => option.voters[v].length > 0).map((v) => (
            <p key={v}>
              <VoteLabel value={v} /> {option.voters[v].map((voter) => voter.name).join(', ')}
            </p>
          ))
        )}
      </div>
    </details>
  )
}

function MapLink({ option }: { option: GridOption }) {
  const { t } = useI18n()
  const href = httpUrl(option.mapUrl)
  if (!href) return null
  return (
    <a
      className="opt-map"
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={t('grid.mapOf', { place: option.title })}
    >
      <span aria-hidden="true">🗺️</span> {t('grid.map')}
    </a>
  )
}

/** Best badge, title, subtitle, note and map link: the head of a column or of a card. */
function OptionHead({ option, best }: { option: GridOption; best: boolean }) {
  const { t } = useI18n()
  return (
    <>
      {best && <span className="best-badge">🍺 {t('event.best')}</span>}
      <span className="opt-title">{option.title}</span>
      {option.subtitle && <span className="opt-sub">{option.subtitle}</span>}
      {option.note && <span className="opt-note">{option.note}</span>}
      {option.revised && <span className="opt-revised">✏️ {option.revised}</span>}
      {option.byline && <span className="opt-note opt-byline">💡 {option.byline}</span>}
      <MapLink option={option} />
    </>
  )
}

export function VoteGrid(props: VoteGridProps) {
  return useNarrowScreen() ? <VoteList {...props} /> : <VoteTable {...props} />
}

function VoteTable({
  caption,
  options,
  participants,
  bestId,
  me,
  myChoices,
  onVote,
  view = 'full',
}: VoteGridProps) {
  const { t } = useI18n()
  const answers = answersByOption(options)
  // Others' answers are not on a board without names: their rows would read "no answer" for all.
  const others = view === 'full' ? participants.filter((p) => p.id !== me?.id) : []
  return (
    <div
      className="grid-scroll"
      role="region"
      aria-label={t('event.scrollHint', { section: caption })}
      tabIndex={0}
    >
      <table className="vote-grid">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="name-col">
              {t('event.participant')}
            </th>
            {options.map((option) => (
              <th key={option.id} scope="col" className={option.id === bestId ? 'is-best' : undefined}>
                <OptionHead option={option} best={option.id === bestId} />
                <WhoVoted option={option} view={view} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {me && (
            <tr className="my-row">
              <th scope="row" className="name-col">
                {me.name} <span className="muted">({t('event.you')})</span>
              </th>
              {options.map((option) => (
                <td key={option.id} className={option.id === bestId ? 'is-best' : undefined}>
                  {onVote ? (
                    <VoteChoice
                      option={option}
                      value={myChoices[option.id]}
                      onVote={(value) => onVote(option.id, value)}
                    />
                  ) : (
                    <VoteLabel value={myChoices[option.id]} />
                  )}
                </td>
              ))}
            </tr>
          )}
          {others.map((p) => (
            <tr key={p.id}>
              <th scope="row" className="name-col">
                {p.name}
              </th>
              {options.map((option) => (
                <td key={option.id} className={option.id === bestId ? 'is-best' : undefined}>
                  <VoteLabel value={answers.get(option.id)?.get(p.id)} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** Phones: one card per option with my radio group, the counts and every name per answer, no sideways scrolling. */
function VoteList({
  caption,
  options,
  participants,
  bestId,
  me,
  myChoices,
  onVote,
  view = 'full',
}: VoteGridProps) {
  const { t } = useI18n()
  return (
    <ul className="vote-list" aria-label={t('grid.options', { section: caption })}>
      {options.map((option) => {
        const answered = new Set(VALUES.flatMap((v) => option.voters[v].map((voter) => voter.id)))
        const silent = participants.filter((p) => !answered.has(p.id))
        return (
          <li key={option.id} className={`vote-card${option.id === bestId ? ' is-best' : ''}`}>
            <div className="vote-card-head">
              <OptionHead option={option} best={option.id === bestId} />
            </div>
            {me &&
              (onVote ? (
                <VoteChoice
                  option={option}
                  value={myChoices[option.id]}
                  onVote={(value) => onVote(option.id, value)}
                />
              ) : (
                <p className="vote-card-me">
                  {me.name} <span className="muted">({t('event.you')})</span>{' '}
                  <VoteLabel value={myChoices[option.id]} />
                </p>
              ))}
            {view !== 'results-hidden' && (
              <ul className="vote-card-answers" aria-label={`${t('event.whoVoted')}: ${optionLabel(option)}`}>
                {VALUES.map((v) => (
                  <li key={v}>
                    <VoteLabel value={v} /> <span className="vote-card-count">{option.counts[v]}</span>
                    {option.voters[v].length > 0 && (
                      <span className="vote-card-names">
                        {' '}
                        {option.voters[v].map((voter) => voter.name).join(', ')}
                      </span>
                    )}
                  </li>
                ))}
                {view === 'full' && silent.length > 0 && (
                  <li className="muted">
                    {t('vote.none')}: {silent.map((p) => p.name).join(', ')}
                  </li>
                )}
              </ul>
            )}
          </li>
        )
      })}
    </ul>
  )
}
