/** The palette in styles.css, light and dark: every text colour meets WCAG AA (4.5:1) on its background. */
/// <reference types="node" />
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// Read as text: vitest hands `?raw` CSS imports through its CSS pipeline, which empties them.
const css = readFileSync(join(import.meta.dirname, 'styles.css'), 'utf8')

/** The custom properties set in the first `:root { … }` block of `text`. */
function variables(text: string): Record<string, string> {
  const block = /:root\s*\{([^}]*)\}/.exec(text)?.[1] ?? ''
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]))
}

const light = variables(css)
const darkBlock = /@media \(prefers-color-scheme: dark\)\s*\{([\s\S]*?\n)\}/.exec(css)?.[1] ?? ''
const dark = { ...light, ...variables(darkBlock) }

function luminance(hex: string): number {
  const channels = hex
    .replace('#', '')
    .match(/../g)!
    .map((c) => parseInt(c, 16) / 255)
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

/** [text, background]: variable names, or a literal colour. */
const PAIRS: [string, string][] = [
  ['ink', 'foam'],
  ['ink', 'paper'],
  ['ink-soft', 'foam'],
  ['ink-soft', 'paper'],
  ['ink-soft', 'head-bg'],
  ['ink-soft', 'my-row-bg'],
  ['ink-soft', 'best-bg'],
  ['ink-soft', 'row-soft'],
  ['ink', 'amber-soft'],
  ['amber-deep', 'foam'],
  ['amber-deep', 'paper'],
  ['amber-deep', 'amber-soft'],
  ['amber-deep', 'best-head-bg'],
  ['amber-deep', 'head-bg'],
  ['on-amber', 'amber'],
  ['on-amber', 'amber-hover'],
  ['#ffffff', 'danger'],
  ['#ffffff', 'tg'],
  ['#ffffff', 'brown'],
  ['focus', 'paper'],
  ['ink', 'message-bg'],
  ['ink', 'invalid-bg'],
  ['no-ink', 'invalid-bg'],
  // The vote answers: colour + icon + word, each word readable on its own chip, in a row and in mine.
  ['yes-ink', 'yes-bg'],
  ['maybe-ink', 'maybe-bg'],
  ['no-ink', 'no-bg'],
  ['yes-ink', 'paper'],
  ['maybe-ink', 'paper'],
  ['no-ink', 'paper'],
  ['yes-ink', 'foam'],
  ['maybe-ink', 'foam'],
  ['no-ink', 'foam'],
  ['final-muted', 'amber-soft'],
]

describe('the colour scheme', () => {
  it('has a dark scheme that sets every colour the light one does', () => {
    expect(darkBlock).toContain('color-scheme: dark')
    const colours = Object.keys(light).filter((k) => /^#|gradient/.test(light[k]!))
    const unset = colours.filter((k) => !new RegExp(`--${k}:`).test(darkBlock))
    // Shared on purpose: amber is a background with dark text in both, Telegram blue carries white text in both.
    expect(unset.sort()).toEqual(['amber', 'on-amber', 'tg'])
  })

  for (const [name, scheme] of [
    ['light', light],
    ['dark', dark],
  ] as const) {
    it(`meets WCAG AA for text in the ${name} scheme`, () => {
      const colour = (v: string) => (v.startsWith('#') ? v : scheme[v]!)
      const failing = PAIRS.map(([fg, bg]) => [fg, bg, contrast(colour(fg), colour(bg))] as const)
        .filter(([, , ratio]) => ratio < 4.5)
        .map(([fg, bg, ratio]) => `${fg} on ${bg}: ${ratio.toFixed(2)}`)
      expect(failing).toEqual([])
    })
  }

  it('keeps the three answers apart in both schemes: distinct hues, not just lightness', () => {
    const hue = (hex: string) => {
      const [r, g, b] = hex
        .replace('#', '')
        .match(/../g)!
        .map((c) => parseInt(c, 16))
      return (Math.atan2(Math.sqrt(3) * (g! - b!), 2 * r! - g! - b!) * 180) / Math.PI
    }
    for (const scheme of [light, dark]) {
      const [yes, maybe, no] = ['yes-ink', 'maybe-ink', 'no-ink'].map((k) => hue(scheme[k]!))
      // Green, amber and red sit at least 20° apart on the colour wheel.
      expect(Math.abs(yes! - maybe!)).toBeGreaterThan(20)
      expect(Math.abs(maybe! - no!)).toBeGreaterThan(20)
    }
  })
})
