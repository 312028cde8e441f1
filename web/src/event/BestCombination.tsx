/**
 * The best date × place combination on the board and why: its scores (yes = 1, if need be = ½),
 * computed by voting the way an automatic finalize would choose. Absent while results are hidden.
 */
import type { Board, Event } from '@prost/contracts'
import { useI18n } from '../i18n/i18n'
import { useWhen } from '../time/When'

export function BestCombination({ event, board }: { event: Event; board: Board }) {
  const { t, locale } = useI18n()
  const when = useWhen()
  if (board.view === 'results-hidden' || board.status !== 'polling') return null
  const best = board.bestCombination
  const number = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n)
  const time = best?.time && board.timeOptions.find((o) => o.id === best.time!.optionId)
  const place = best?.place && board.placeOptions.find((o) => o.id === best.place!.optionId)
  return (
    <section className="best-combination" aria-labelledby="best-heading">
      <h3 id="best-heading">⭐ {t('best.title')}</h3>
      {!best ? (
        <p className="muted">{t('best.none')}</p>
      ) : (
        <>
          <p className="best-line">
            <strong>
              {t('best.line', {
                time: time ? when.text(time.startsAt, time.endsAt, event.timeZone) : t('best.noTime'),
                place: place ? place.name : t('best.noPlace'),
              })}
            </strong>
          </p>
          <p className="hint">
            {t('best.why', {
              score: number(best.score),
              timeScore: number(best.time?.score ?? 0),
              timeYes: String(best.time?.yes ?? 0),
              timeMaybe: String(best.time?.maybe ?? 0),
              placeScore: number(best.place?.score ?? 0),
              placeYes: String(best.place?.yes ?? 0),
              placeMaybe: String(best.place?.maybe ?? 0),
            })}
          </p>
        </>
      )}
    </section>
  )
}
