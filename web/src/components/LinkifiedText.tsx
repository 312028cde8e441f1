/**
 * Text with its http(s) addresses as links, built as React elements (never innerHTML), so a
 * description can hold a map or ticket link without becoming a way to inject markup. Line breaks stay
 * in the text (the container keeps them with white-space: pre-wrap).
 */
import type { ReactNode } from 'react'

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/gi
/** Sentence punctuation right after a link belongs to the sentence ("see https://x.example."). */
const TRAILING = /[.,;:!?…'"»)\]]+$/

/** Splits text into plain runs and { href, text } links. */
export function linkParts(text: string): (string | { href: string; text: string })[] {
  const parts: (string | { href: string; text: string })[] = []
  let last = 0
  for (const match of text.matchAll(URL_IN_TEXT)) {
    let url = match[0]
    const trail = TRAILING.exec(url)?.[0] ?? ''
    // Keep a closing parenthesis that closes one inside the link (Wikipedia-style addresses).
    let cut = trail.length
    while (cut > 0 && trail[trail.length - cut] === ')' && count(url.slice(0, -cut), '(') > count(url.slice(0, -cut), ')'))
      cut--
    url = cut ? url.slice(0, -cut) : url
    let href: string
    try {
      const parsed = new URL(url)
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') continue
      href = parsed.href
    } catch {
      continue
    }
    const start = match.index
    if (start > last) parts.push(text.slice(last, start))
    parts.push({ href, text: url })
    last = start + url.length
  }
  if (last < text.length) parts.push(text.slice(last))
  return parts
}
const count = (text: string, ch: string) => text.split(ch).length - 1

export function LinkifiedText({ text }: { text: string }): ReactNode {
  return linkParts(text).map((part, i) =>
    typeof part === 'string' ? (
      part
    ) : (
      <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
        {part.text}
      </a>
    ),
  )
}
