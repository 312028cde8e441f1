import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { applyTelegramTheme, readPalettes, schemeOf, themeVariables } from './theme'

// Telegram's documented defaults for a light and a night theme (Telegram Desktop / iOS).
const LIGHT = {
  bg_color: '#ffffff',
  secondary_bg_color: '#f1f1f1',
  section_bg_color: '#ffffff',
  text_color: '#000000',
  hint_color: '#999999',
  subtitle_text_color: '#6d6d71',
  link_color: '#2481cc',
  button_color: '#2481cc',
  button_text_color: '#ffffff',
  accent_text_color: '#2481cc',
  destructive_text_color: '#cc2929',
  section_separator_color: '#e7e7e7',
}
const NIGHT = {
  bg_color: '#17212b',
  secondary_bg_color: '#232e3c',
  text_color: '#f5f5f5',
  hint_color: '#708499',
  link_color: '#6ab3f3',
  button_color: '#5288c1',
  button_text_color: '#ffffff',
  destructive_text_color: '#ec3942',
}
const palettes = {
  light: {
    '--foam': '#fffaf0',
    '--yes-bg': '#dcf5d3',
    '--ink': '#2b1d0e',
    '--amber': '#f2a516',
    '--amber-hover': '#e69a08',
    '--on-amber': '#2b1d0e',
    '--amber-deep': '#8a4b00',
    '--tg': '#1f6fa8',
  },
  dark: { '--foam': '#17120d', '--yes-bg': '#163a1c', '--ink': '#f4eadb', '--ink-soft': '#c8b59b' },
}
/** A light theme whose blue is dark enough for white text (Telegram's own #2481cc is 4.1:1). */
const READABLE_LIGHT = {
  ...LIGHT,
  link_color: '#1f5f99',
  button_color: '#1f5f99',
  accent_text_color: '#1f5f99',
}

describe('Telegram theme → Prost CSS variables', () => {
  it('maps surfaces, text, links and buttons onto the variables the SPA uses', () => {
    const { scheme, variables } = themeVariables(READABLE_LIGHT, palettes)
    expect(scheme).toBe('light')
    expect(variables).toMatchObject({
      '--foam': '#f1f1f1',
      '--paper': '#ffffff',
      '--ink': '#000000',
      '--ink-soft': '#6d6d71',
      '--line': '#e7e7e7',
      '--amber': '#1f5f99',
      '--amber-hover': '#1f5f99',
      '--on-amber': '#ffffff',
      '--amber-deep': '#1f5f99',
      '--tg': '#1f5f99',
      '--focus': '#1f5f99',
      '--danger': '#cc2929',
      // no Telegram colour for a yes cell: Prost's light one
      '--yes-bg': '#dcf5d3',
    })
  })

  it("takes Prost's dark palette under a night theme, whatever the device prefers", () => {
    const { scheme, variables } = themeVariables(NIGHT, palettes)
    expect(scheme).toBe('dark')
    expect(variables['--yes-bg']).toBe('#163a1c')
    expect(variables['--foam']).toBe('#232e3c')
    expect(variables['--paper']).toBe('#17212b')
    // hint_color is too faint for text: the palette's own soft ink stays
    expect(variables['--ink-soft']).toBe('#c8b59b')
  })

  it("keeps Prost's colours where Telegram's would leave text below WCAG AA (4.5:1)", () => {
    const { variables } = themeVariables(LIGHT, palettes)
    // white on #2481cc is 4.1:1: the button pair, links and the Telegram button stay Prost's
    expect(variables).toMatchObject({
      '--amber': '#f2a516',
      '--amber-hover': '#e69a08',
      '--on-amber': '#2b1d0e',
      '--amber-deep': '#8a4b00',
      '--tg': '#1f6fa8',
    })
    // the readable ones still follow Telegram
    expect(variables).toMatchObject({ '--paper': '#ffffff', '--ink': '#000000', '--danger': '#cc2929' })
  })

  it('ignores values that are not #rrggbb, and treats a theme without background as light', () => {
    const { scheme, variables } = themeVariables(
      { bg_color: 'red', text_color: 'url(javascript:alert(1))', button_color: '#12345' },
      palettes,
    )
    expect(scheme).toBe('light')
    expect(variables).toEqual(palettes.light)
    expect(schemeOf({})).toBe('light')
  })

  it('reads both palettes from styles.css and applies the theme to the root element', () => {
    const style = document.createElement('style')
    style.textContent = readFileSync(join(import.meta.dirname, '..', 'styles.css'), 'utf8')
    document.head.append(style)
    try {
      const read = readPalettes()
      expect(read.light['--yes-bg']).toBe('#dcf5d3')
      expect(read.dark['--yes-bg']).toBe('#163a1c')
      // the dark block only overrides; what it does not set comes from the light one
      expect(read.dark['--radius']).toBe(read.light['--radius'])
      expect(applyTelegramTheme(NIGHT)).toBe('dark')
      const root = document.documentElement
      expect(root.style.getPropertyValue('--paper')).toBe('#17212b')
      expect(root.style.getPropertyValue('--yes-bg')).toBe('#163a1c')
      expect(root.style.getPropertyValue('color-scheme')).toBe('dark')
      expect(root.dataset.telegramTheme).toBe('dark')
    } finally {
      style.remove()
      document.documentElement.removeAttribute('style')
      delete document.documentElement.dataset.telegramTheme
    }
  })
})
