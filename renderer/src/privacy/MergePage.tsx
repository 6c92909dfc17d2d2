import { useI18n } from '../i18n';

export interface SectionProps {
  /** Path segments after `#/merge`. */
  rest: string[];
  params: Record<string, string>;
}

export function MergePage(_props: SectionProps) {
  const { t } = useI18n();
  return <h1>{t('sections.privacy')}</h1>;
}
