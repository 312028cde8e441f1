import { describe, expect, it, vi } from 'vitest'
import { render, screen } from '@testing-library/react'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { I18nProvider } from '../i18n/i18n'
import type { Language } from '@prost/contracts'
import { RouteError } from './RouteError'

function Broken(): never {
  throw new TypeError("Cannot read properties of undefined (reading 'map')")
}

const renderBroken = (language: Language) =>
  render(
    <I18nProvider initial={language}>
      <RouterProvider
        router={createMemoryRouter([{ path: '/', element: <Broken />, errorElement: <RouteError /> }])}
      />
    </I18nProvider>,
  )

describe('RouteError', () => {
  it('blames us, in the reader’s language, when a page breaks (not "this page does not exist")', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined) // React reports the caught error
    renderBroken('en')
    expect(screen.getByText('Something went wrong on our side. Please try again.')).toBeTruthy()
    expect(screen.queryByText(/does not exist/)).toBeNull()
    expect(document.body.textContent).not.toContain('Cannot read properties')
  })

  it('says it in Russian too', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    renderBroken('ru')
    expect(screen.getByText('У нас что-то пошло не так. Попробуйте ещё раз.')).toBeTruthy()
  })
})
