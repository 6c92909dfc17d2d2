import { useId } from 'react';
import type { ExportHolding } from '../../../main/api/contract';
import { useI18n } from '../i18n';
import { counted } from '../today/format';

/**
 * After an erasure: the exports made earlier that still hold the customer, by file name,
 * those found by name alone marked (a namesake may be meant), for the shop to delete.
 */
export function LeftoverExports({ files }: { files: readonly ExportHolding[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const titleId = useId();
  return (
    <section className="erase-exports" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('erase.exports.title')}</h3>
      <p>{counted(i18n, 'erase.exports.intro', files.length)}</p>
      <ul className="erase-exports-list">
        {files.map((file) => (
          <li key={file.name}>
            <span className="erase-exports-name">{file.name}</span>
            {file.nameOnly && <span className="erase-exports-note">{t('erase.exports.nameOnly')}</span>}
          </li>
        ))}
      </ul>
      <p className="muted">{t('erase.exports.copies')}</p>
    </section>
  );
}
