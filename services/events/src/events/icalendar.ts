/**
 * The few pieces of RFC 5545 (iCalendar) a calendar file needs, written against the RFC: content
 * lines folded at 75 octets, TEXT escaping, quoted parameter values and UTC date-times.
 */

/** Controls other than HTAB are not allowed in TEXT or in a parameter value (RFC 5545 3.1, 3.3.11). */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g

/** TEXT (3.3.11): backslash, semicolon and comma escaped, every line break as `\n`. */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n|\r|\n/g, '\n')
    .replace(CONTROLS, '')
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))
}

/**
 * A parameter value (3.2) as a quoted-string. Inside quotes any character but a control and DQUOTE is
 * allowed, and there is no escape at all (a backslash would be taken literally), so a DQUOTE becomes
 * an apostrophe: close enough for a display name, and every parser reads the same thing.
 */
export function quotedParam(value: string): string {
  return `"${value
    .replace(/[\t\r\n]+/g, ' ')
    .replace(CONTROLS, '')
    .replace(/"/g, "'")}"`
}

/** DATE-TIME in UTC form (3.3.5, form #2), seconds included: 20250613T124530Z. */
export function utcDateTime(value: Date | string): string {
  const iso = new Date(value).toISOString() // 2025-06-13T12:45:30.000Z
  return `${iso.slice(0, 19).replace(/[-:]/g, '')}Z`
}

/** UTF-8 length of one code point; a lone surrogate is written as U+FFFD, three octets. */
const octets = (codePoint: number) =>
  codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4

/**
 * Folds one content line (3.1): no physical line longer than 75 octets without its CRLF, a
 * continuation starting with one space (which counts), and never a break inside a character's UTF-8
 * sequence or between the halves of a surrogate pair (iterating a string yields whole code points).
 */
export function foldLine(line: string): string {
  const parts: string[] = []
  let current = ''
  let size = 0
  for (const char of line) {
    const length = octets(char.codePointAt(0)!)
    if (size + length > 75) {
      parts.push(current)
      current = ' '
      size = 1
    }
    current += char
    size += length
  }
  parts.push(current)
  return parts.join('\r\n')
}

export interface ContentLine {
  name: string
  /** Already-encoded parameters, e.g. `CN="Anna"`. */
  params?: string[]
  /** The value exactly as it goes on the line: escape TEXT with escapeText first. */
  value: string
}

/** A whole iCalendar object: folded content lines, each ended by CRLF as 3.1 requires. */
export function serialize(lines: ContentLine[]): string {
  return lines
    .map(({ name, params = [], value }) => foldLine(`${[name, ...params].join(';')}:${value}`) + '\r\n')
    .join('')
}
