/**
 * Name search without $text or regexes: a display name is stored with every prefix of each of its
 * words (lowercased), so "find users whose name starts with…" is an equality match on an indexed array.
 */

/** Longer query words are cut to this; names keep prefixes up to this length. */
export const MAX_PREFIX_LENGTH = 24
const MAX_QUERY_WORDS = 4

export function nameWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
}

/** Every prefix of every word, e.g. "Ada Lo" → a, ad, ada, l, lo. */
export function namePrefixes(displayName: string): string[] {
  const prefixes = new Set<string>()
  for (const word of nameWords(displayName)) {
    const chars = Array.from(word) // code points, so a prefix never splits a surrogate pair
    for (let i = 1; i <= Math.min(chars.length, MAX_PREFIX_LENGTH); i++)
      prefixes.add(chars.slice(0, i).join(''))
  }
  return [...prefixes]
}

/** The prefixes a query asks for: each word must start some word of the name. */
export function queryPrefixes(query: string): string[] {
  const words = nameWords(query).map((word) => Array.from(word).slice(0, MAX_PREFIX_LENGTH).join(''))
  return [...new Set(words)].slice(0, MAX_QUERY_WORDS)
}
