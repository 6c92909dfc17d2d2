import { useI18n } from '../i18n';
import { count } from './format';

/** "1–50 of 1,234" with previous and next; pages are links so the browser's back button works. */
export function Pager({ offset, size, total, hrefAt }: { offset: number; size: number; total: number; hrefAt(offset: number): string }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (total <= size && offset === 0) return null;
  const last = Math.min(total, offset + size);
  return (
    <nav className="insights-pager" aria-label={t('insights.pager.label')}>
      <span>{t('insights.pager.showing', { from: count(i18n, total === 0 ? 0 : offset + 1), to: count(i18n, last), total: count(i18n, total) })}</span>
      {offset > 0 ? <a className="button button-ghost button-small" href={hrefAt(Math.max(0, offset - size))}>{t('insights.pager.previous')}</a>
        : <span className="button button-ghost button-small is-disabled" aria-disabled="true">{t('insights.pager.previous')}</span>}
      {last < total ? <a className="button button-ghost button-small" href={hrefAt(offset + size)}>{t('insights.pager.next')}</a>
        : <span className="button button-ghost button-small is-disabled" aria-disabled="true">{t('insights.pager.next')}</span>}
    </nav>
  );
}
