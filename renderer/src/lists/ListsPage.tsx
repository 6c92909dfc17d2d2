import { useI18n } from '../i18n';

export interface SectionProps {
  /** Path segments after `#/lists`. */
  rest: string[];
  params: Record<string, string>;
}

export function ListsPage(_props: SectionProps) {
  const { t } = useI18n();
  return <h1>{t('sections.lists')}</h1>;
}
