import type { DateOrder, ImportField, UploadSummary } from '../../../main/api/contract';
import { useI18n } from '../i18n';
import { FIELDS } from './jobs';

// Which field each column of the file fills: suggested from the headers, chosen here.

interface MappingProps {
  upload: UploadSummary;
  mapping: (ImportField | null)[];
  dateOrder: DateOrder;
  onMapping(mapping: (ImportField | null)[]): void;
  onDateOrder(order: DateOrder): void;
  /** While a check or an import runs, the mapping it uses stays as it is. */
  disabled: boolean;
}

export function MappingTable({ upload, mapping, dateOrder, onMapping, onDateOrder, disabled }: MappingProps) {
  const { t } = useI18n();
  const example = (column: number) => upload.sample.map((r) => r[column] ?? '').find((v) => v.trim() !== '') ?? '';
  const named = mapping.includes('fullName') || mapping.includes('givenName');
  return (
    <section className="exchange-step" aria-labelledby="mapping-title">
      <h3 id="mapping-title">{t('exchange.mapping.title')}</h3>
      <p className="field-hint">{t('exchange.mapping.hint')}</p>
      <div className="table-scroll exchange-mapping-scroll">
        <table className="table exchange-mapping">
          <thead>
            <tr>
              <th scope="col">{t('exchange.mapping.column')}</th>
              <th scope="col">{t('exchange.mapping.example')}</th>
              <th scope="col">{t('exchange.mapping.field')}</th>
            </tr>
          </thead>
          <tbody>
            {upload.headers.map((header, column) => (
              <tr key={column} className={mapping[column] ? undefined : 'is-ignored'}>
                <th scope="row">{header || `#${column + 1}`}</th>
                <td className="exchange-example">{example(column)}</td>
                <td>
                  <select aria-label={t('exchange.mapping.fieldFor', { column: header || `#${column + 1}` })} value={mapping[column] ?? ''} disabled={disabled}
                    onChange={(e) => onMapping(mapping.map((f, i) => (i === column ? ((e.target.value || null) as ImportField | null) : f)))}>
                    <option value="">{t('exchange.mapping.ignore')}</option>
                    {FIELDS.map((field) => <option key={field} value={field}>{t(`exchange.field.${field}`)}</option>)}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!named && <p className="alert" role="alert">{t('exchange.mapping.noName')}</p>}
      {mapping.includes('birthday') && (
        <div className="field exchange-date-order">
          <label htmlFor="date-order" className="field-label">{t('exchange.mapping.dateOrder')}</label>
          <select id="date-order" value={dateOrder} disabled={disabled} onChange={(e) => onDateOrder(e.target.value as DateOrder)}>
            <option value="dmy">{t('exchange.mapping.dmy')}</option>
            <option value="mdy">{t('exchange.mapping.mdy')}</option>
          </select>
        </div>
      )}
    </section>
  );
}
