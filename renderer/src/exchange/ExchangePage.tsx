import { useI18n } from '../i18n';
import { ExportPanel } from './ExportPanel';
import { ImportPanel } from './ImportPanel';
import './exchange.css';

export interface SectionProps {
  /** Path segments after `#/exchange`. */
  rest: string[];
  params: Record<string, string>;
}

/** `#/exchange`: exports for spreadsheets and the full export archive; importing a customer list. */
export function ExchangePage(_props: SectionProps) {
  const { t } = useI18n();
  return (
    <div className="page exchange">
      <h1>{t('exchange.title')}</h1>
      <p className="lead">{t('exchange.lead')}</p>
      <ExportPanel />
      <ImportPanel />
    </div>
  );
}
