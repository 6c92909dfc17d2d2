import { useState } from 'react';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { counted } from '../today/format';
import { handOver } from './handover';
import './exchange.css';

/**
 * A tag's "who to tell" list as CSV, with the page's own filter: exactly the customers (and
 * the columns) the tag page shows. In web mode the file downloads; in the app it is saved in
 * the exports folder, and the message says where.
 */
export function TagExportButton({ tagId, consentedOnly }: { tagId: number; consentedOnly: boolean }) {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const notify = useToast();
  const [busy, setBusy] = useState(false);
  const exportList = async () => {
    setBusy(true);
    const r = await call('exchange.exportTag', { tagId, consentedOnly });
    setBusy(false);
    if (!r.ok) return notify(tDynamic(errorKey(r.error), r.error.params));
    notify(counted(i18n, 'exchange.tag.exported', r.value.rows, { name: r.value.name }));
    await handOver(r.value, notify, i18n);
  };
  return (
    <button type="button" className="button button-ghost" disabled={busy} onClick={() => void exportList()}>
      {t('exchange.tag.export')}
    </button>
  );
}
