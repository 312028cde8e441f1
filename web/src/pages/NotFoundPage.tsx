import { Link } from 'react-router'
import { useI18n } from '../i18n/i18n'
import { Empty } from '../components/feedback'

export default function NotFoundPage() {
  const { t } = useI18n()
  return (
    <main className="page">
      <h1>{t('notFound.title')}</h1>
      <Empty icon="🫗">
        <p>{t('notFound.lead')}</p>
        <Link className="btn btn-primary" to="/">
          {t('notFound.home')}
        </Link>
      </Empty>
    </main>
  )
}
