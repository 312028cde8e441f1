/** Providers and the route table; every page is its own lazily loaded chunk. */
import { lazy, Suspense } from 'react'
import { createBrowserRouter, RouterProvider, ScrollRestoration, type RouteObject } from 'react-router'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { ApiError } from './api/client'
import { I18nProvider } from './i18n/i18n'
import { Layout } from './components/Layout'
import { RouteError } from './components/RouteError'
import { PageLoading } from './components/feedback'
import { isInsideTelegram } from './telegram/detect'

const BrowsePage = lazy(() => import('./pages/BrowsePage'))
const AuthPage = lazy(() => import('./pages/AuthPage'))
const EventFormPage = lazy(() => import('./event/form/EventFormPage'))
const EventPage = lazy(() => import('./event/EventPage'))
const JoinPage = lazy(() => import('./pages/JoinPage'))
const MyEventsPage = lazy(() => import('./pages/MyEventsPage'))
const TelegramPage = lazy(() => import('./pages/TelegramPage'))
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'))
// Only inside Telegram: the Telegram SDK stays out of the bundle normal visitors load.
const MiniAppGate = lazy(() => import('./telegram/MiniAppGate'))

/** The page frame, inside the Mini App gate (sign-in, theme, BackButton) when opened in Telegram. */
const frame = isInsideTelegram() ? (
  <Suspense fallback={<PageLoading />}>
    <MiniAppGate>
      <Layout />
    </MiniAppGate>
  </Suspense>
) : (
  <Layout />
)

const page = (element: React.ReactNode) => <Suspense fallback={<PageLoading />}>{element}</Suspense>

export const routes: RouteObject[] = [
  {
    // A new page opens at its top (the event page used to open where the long form was left, at the
    // bottom); back and forward return to where the reader was.
    element: (
      <>
        <ScrollRestoration />
        {frame}
      </>
    ),
    children: [
      {
        // Inside the layout, so the header stays when a page fails.
        errorElement: <RouteError />,
        children: [
          { index: true, element: page(<BrowsePage />) },
          { path: 'login', element: page(<AuthPage mode="login" />) },
          { path: 'signup', element: page(<AuthPage mode="signup" />) },
          { path: 'new', element: page(<EventFormPage />) },
          { path: 'events/:id', element: page(<EventPage />) },
          { path: 'events/:id/edit', element: page(<EventFormPage />) },
          { path: 'join/:token', element: page(<JoinPage />) },
          { path: 'me/events', element: page(<MyEventsPage />) },
          { path: 'telegram', element: page(<TelegramPage />) },
          { path: '*', element: page(<NotFoundPage />) },
        ],
      },
    ],
  },
]

const router = createBrowserRouter(routes)

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A 4xx will not get better by asking again.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
})

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <RouterProvider router={router} />
      </I18nProvider>
    </QueryClientProvider>
  )
}
