/**
 * Telegram's theme (`themeParams`, https://core.telegram.org/bots/webapps#themeparams) mapped onto
 * the CSS variables styles.css already uses, so the Mini App looks like the chat it was opened from:
 * its surfaces, text, links and buttons take Telegram's colours; what Telegram has no colour for (the
 * yes / if-need-be / no cells, highlights) takes Prost's light or dark palette, whichever suits
 * Telegram's background, even when the device's own setting says otherwise.
 */
export type TelegramThemeParams = Partial<Record<string, string>>
export type Scheme = 'light' | 'dark'

/** Prost variable ← Telegram theme keys, first one present wins. */
const MAPPING: [string, string[]][] = [
  ['--foam', ['secondary_bg_color', 'bg_color']],
  ['--paper', ['section_bg_color', 'bg_color']],
  ['--ink', ['text_color']],
  // hint_color is too faint for body text on most themes (about 3:1); the subtitle colour is not.
  ['--ink-soft', ['subtitle_text_color']],
  ['--line', ['section_separator_color']],
  ['--amber', ['button_color']],
  ['--amber-hover', ['button_color']],
  ['--on-amber', ['button_text_color']],
  ['--amber-deep', ['accent_text_color', 'link_color']],
  ['--tg', ['link_color']],
  ['--focus', ['link_color']],
  ['--danger', ['destructive_text_color']],
]

const HEX = /^#[0-9a-f]{6}$/i

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

/** Dark when Telegram's background is dark; light when it sends no usable background. */
export function schemeOf(theme: TelegramThemeParams): Scheme {
  const bg = theme.bg_color
  return bg && HEX.test(bg) && luminance(bg) < 0.2 ? 'dark' : 'light'
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

/**
 * Text (or a colour text sits on) that must stay readable, WCAG AA 4.5:1, on the listed colours.
 * Telegram's own themes do not always reach it (white on iOS's #007aff button is 4.0:1), so a
 * Telegram colour that would fail is dropped for Prost's own, with the others of its group.
 */
const READABLE: { group: string[]; text: string; on: string[] }[] = [
  { group: ['--ink'], text: '--ink', on: ['--foam', '--paper'] },
  { group: ['--ink-soft'], text: '--ink-soft', on: ['--foam', '--paper', '--head-bg'] },
  { group: ['--amber-deep'], text: '--amber-deep', on: ['--foam', '--paper', '--head-bg'] },
  { group: ['--amber', '--amber-hover', '--on-amber'], text: '--on-amber', on: ['--amber'] },
  { group: ['--tg'], text: '#ffffff', on: ['--tg'] },
  { group: ['--danger'], text: '#ffffff', on: ['--danger'] },
]

/**
 * The variables to set on the root element: Prost's palette for the scheme (`palettes`, read from
 * styles.css by readPalettes), then Telegram's colours over it. Values that are not `#rrggbb` are
 * ignored, so a broken theme cannot blank the page, and so are colours that would leave text
 * unreadable (READABLE).
 */
export function themeVariables(
  theme: TelegramThemeParams,
  palettes: Record<Scheme, Record<string, string>>,
): { scheme: Scheme; variables: Record<string, string> } {
  const scheme = schemeOf(theme)
  const variables: Record<string, string> = { ...palettes[scheme] }
  for (const [variable, keys] of MAPPING) {
    const value = keys.map((key) => theme[key]).find((colour) => colour && HEX.test(colour))
    if (value) variables[variable] = value.toLowerCase()
  }
  const colour = (name: string) => (name.startsWith('#') ? name : variables[name])
  for (const { group, text, on } of READABLE) {
    const fg = colour(text)
    const unreadable = on.some((bg) => {
      const background = colour(bg)
      return fg && background && HEX.test(fg) && HEX.test(background) && contrast(fg, background) < 4.5
    })
    if (!unreadable) continue
    for (const name of group) {
      const own = palettes[scheme][name]
      if (own === undefined) delete variables[name]
      else variables[name] = own
    }
  }
  return { scheme, variables }
}

/**
 * Prost's two palettes as styles.css defines them: the custom properties of `:root`, and those of
 * `:root` inside `@media (prefers-color-scheme: dark)` over them. Read from the live stylesheet so
 * the palette is written down once.
 */
export function readPalettes(doc: Document = document): Record<Scheme, Record<string, string>> {
  const light: Record<string, string> = {}
  const dark: Record<string, string> = {}
  const collect = (style: CSSStyleDeclaration, into: Record<string, string>) => {
    for (let i = 0; i < style.length; i++) {
      const name = style.item(i)
      if (name.startsWith('--')) into[name] = style.getPropertyValue(name).trim()
    }
  }
  for (const sheet of Array.from(doc.styleSheets)) {
    let rules: CSSRuleList
    try {
      rules = sheet.cssRules
    } catch {
      continue // another origin's sheet
    }
    for (const rule of Array.from(rules)) {
      if (rule instanceof CSSStyleRule && rule.selectorText === ':root') collect(rule.style, light)
      if (rule instanceof CSSMediaRule && /prefers-color-scheme:\s*dark/.test(rule.conditionText)) {
        for (const inner of Array.from(rule.cssRules)) {
          if (inner instanceof CSSStyleRule && inner.selectorText === ':root') collect(inner.style, dark)
        }
      }
    }
  }
  return { light, dark: { ...light, ...dark } }
}

/** Applies Telegram's theme to the page (again on every `theme_changed`). */
export function applyTelegramTheme(theme: TelegramThemeParams, doc: Document = document): Scheme {
  const { scheme, variables } = themeVariables(theme, readPalettes(doc))
  const root = doc.documentElement
  for (const [name, value] of Object.entries(variables)) root.style.setProperty(name, value)
  root.style.setProperty('color-scheme', scheme)
  root.dataset.telegramTheme = scheme
  return scheme
}
