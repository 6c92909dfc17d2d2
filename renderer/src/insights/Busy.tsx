import { useI18n } from '../i18n';

/** Shown while the figures are worked out (on a large archive, after new purchases, up to a second). */
export function Busy({ loading }: { loading: boolean }) {
  const { t } = useI18n();
  if (!loading) return null;
  return (
    <div className="insights-busy" role="status">
      <progress aria-label={t('insights.busy')} />
      <span>{t('insights.busy')}</span>
    </div>
  );
}
