/**
 * Text that people type: names, titles, places, comments, search terms. Control characters and
 * unpaired UTF-16 surrogates are refused where text enters (400), because the store cannot keep them
 * (PostgreSQL behind FerretDB refuses U+0000 with a 500; a lone surrogate comes back as U+FFFD) and
 * no reader wants them. Every text field of every request schema uses one of the two builders below,
 * as a JSON Schema `format`: the kit registers both with its validators (packages/platform
 * validation.ts) and turns a failure into the `message` given here.
 */
import { FormatRegistry, Type, type StringOptions } from '@sinclair/typebox'

/* eslint-disable no-control-regex -- finding control characters is the point of these patterns */
/** C0 controls (tab and line feed too), DEL, C1 controls, U+2028/U+2029 separators, lone surrogates. */
const NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|\p{Cs}/u
/** The same, but line feed and tab are allowed; a carriage return is not (lines end with \n alone). */
const NOT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]|\p{Cs}/u
/** Line breaks and tabs, which become a space when text is made to fit on one line. */
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/gu
/* eslint-enable no-control-regex */

export const isSingleLineText = (text: string) => !NOT_ONE_LINE.test(text)
export const isMultiLineText = (text: string) => !NOT_LINES.test(text)

/** The formats, their checks, and the sentence a refused value gets (errors[].message). */
export const TEXT_FORMATS = {
  'single-line-text': {
    check: isSingleLineText,
    message: 'must be text on one line, without control characters',
  },
  'multi-line-text': {
    check: isMultiLineText,
    message: 'must be text without control characters (line breaks and tabs are fine)',
  },
} as const
export type TextFormat = keyof typeof TEXT_FORMATS

// TypeBox's own checker (Value.Check, TypeCompiler) refuses every value of a format it does not know.
for (const [name, { check }] of Object.entries(TEXT_FORMATS)) {
  if (!FormatRegistry.Has(name)) FormatRegistry.Set(name, check)
}

/** A name, title or search term: one line, no control characters. */
export const SingleLineText = (options: StringOptions = {}) =>
  Type.String({ ...options, format: 'single-line-text' })

/** A description or comment: line feeds and tabs allowed, no other control characters. */
export const MultiLineText = (options: StringOptions = {}) =>
  Type.String({ ...options, format: 'multi-line-text' })

/**
 * For text that reaches us without passing a schema (names from Telegram): line breaks and tabs
 * become spaces, other control characters and unpaired surrogates are dropped.
 */
export const toSingleLineText = (text: string) =>
  text.replace(BREAKS, ' ').replace(new RegExp(NOT_ONE_LINE.source, 'gu'), '')
