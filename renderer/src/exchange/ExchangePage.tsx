import { useI18n } from '../i18n';

export interface SectionProps {
  /** Path segments after `#/exchange`. */
  rest: string[];
  params: Record<string, string>;
}

export function ExchangePage(_props: SectionProps) {
  const { t } = useI18n();
  return <h1>{t('sections.exchange')}</h1>;
}
