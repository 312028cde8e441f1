import { describe, expect, it } from 'vitest'
import { render } from '@testing-library/react'
import { LinkifiedText, linkParts } from './LinkifiedText'

/** `text` rendered in a paragraph, as the event page shows a description. */
const paragraphOf = (text: string) =>
  render(
    <p>
      <LinkifiedText text={text} />
    </p>,
  ).container

describe('LinkifiedText', () => {
  it('makes http(s) addresses links that open safely in a new tab, keeping the text and its line breaks', () => {
    const text =
      'Tickets: https://tickets.example/friday?x=1&y=2.\nMap (https://osm.example/#map=17/52.5/13.4)\nbye'
    const container = paragraphOf(text)
    const links = [...container.querySelectorAll('a')]
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://tickets.example/friday?x=1&y=2',
      'https://osm.example/#map=17/52.5/13.4',
    ])
    for (const a of links) {
      expect(a.target).toBe('_blank')
      expect(a.rel).toBe('noopener noreferrer nofollow')
    }
    expect(container.textContent).toBe(text)
  })

  it('leaves markup and other schemes as text', () => {
    const text = '<img src=x onerror=alert(1)> javascript:alert(1) ftp://files.example data:text/html,hi'
    const container = paragraphOf(text)
    expect(container.querySelectorAll('a, img, script')).toHaveLength(0)
    expect(container.textContent).toBe(text)
  })

  it('keeps a parenthesis that belongs to the address', () => {
    expect(linkParts('see https://en.example/wiki/Pub_(bar).')).toEqual([
      'see ',
      { href: 'https://en.example/wiki/Pub_(bar)', text: 'https://en.example/wiki/Pub_(bar)' },
      '.',
    ])
  })
})
