import { useI18n } from '../i18n';

export interface SectionProps {
  /** Path segments after `#/backup`. */
  rest: string[];
  params: Record<string, string>;
}

export function BackupPage(_props: SectionProps) {
  const { t } = useI18n();
  return <h1>{t('sections.backup')}</h1>;
}
