/** Renders a component with the app's providers (fresh query client, English unless told, memory router). */
import type { ReactNode } from 'react'
import { render } from '@testing-library/react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createMemoryRouter, RouterProvider } from 'react-router'
import type { Language } from '@prost/contracts'
import { I18nProvider } from '../i18n/i18n'

export function renderWithApp(
  ui: ReactNode,
  { path = '/', route = '/', language = 'en' }: { path?: string; route?: string; language?: Language } = {},
) {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  })
  const router = createMemoryRouter(
    [
      { path, element: ui },
      { path: '*', element: <p>elsewhere</p> },
    ],
    { initialEntries: [route] },
  )
  return {
    client,
    router,
    ...render(
      <QueryClientProvider client={client}>
        <I18nProvider initial={language}>
          <RouterProvider router={router} />
        </I18nProvider>
      </QueryClientProvider>,
    ),
  }
}
