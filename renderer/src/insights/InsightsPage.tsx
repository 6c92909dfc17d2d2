import { useI18n } from '../i18n';

export interface SectionProps {
  /** Path segments after `#/insights`. */
  rest: string[];
  params: Record<string, string>;
}

export function InsightsPage(_props: SectionProps) {
  const { t } = useI18n();
  return <h1>{t('sections.insights')}</h1>;
}
