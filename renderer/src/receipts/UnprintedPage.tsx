import { useEffect, useState } from 'react';
import type { PrintJob } from '../../../main/api/contract';
import { call } from '../api';
import { useI18n } from '../i18n';
import { counted } from '../today/format';
import { useToast } from '../ui/toast';
import { useReceipts } from './ReceiptsContext';

export function UnprintedPage() {
  const i18n = useI18n();
  const { t, tDynamic, dateTime } = i18n;
  const notify = useToast();
  const receipts = useReceipts();
  const [jobs, setJobs] = useState<PrintJob[] | null>(null);

  const load = () => call('receipts.unprinted', {}).then((r) => setJobs(r.ok ? r.value : []));
  useEffect(() => {
    void load();
  }, [receipts.unprinted]);

  const retry = async (job: PrintJob) => {
    const done = await receipts.print(job);
    if (done.status === 'printed') notify(t('unprinted.retried'));
    void load();
  };

  const discard = async (job: PrintJob) => {
    await call('receipts.discard', { jobId: job.id });
    notify(t('unprinted.discarded'));
    receipts.refreshUnprinted();
    void load();
  };

  return (
    <div className="page">
      <h1>{t('unprinted.title')}</h1>
      <p className="muted">{t('unprinted.hint')}</p>
      {jobs && jobs.length === 0 && <p className="panel">{t('unprinted.empty')}</p>}
      {jobs && jobs.length > 0 && (
        <table className="table panel">
          <thead>
            <tr>
              <th scope="col">{t('loyalty.col.when')}</th>
              <th scope="col">{t('loyalty.col.what')}</th>
              <th scope="col">{t('printer.status')}</th>
              <th scope="col"><span className="visually-hidden">{t('receipt.print')}</span></th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.id}>
                <td>{dateTime(job.createdAt)}</td>
                <td>{tDynamic(`receipt.kind.${job.kind}`)}{job.customerName ? ` · ${job.customerName}` : ''}</td>
                <td>
                  {job.error ? tDynamic(`printError.${job.error}`) : t('receipt.status.pending')}
                  <span className="muted"> · {counted(i18n, 'receipt.attempts', job.attempts)}</span>
                </td>
                <td className="row-actions">
                  <button type="button" className="button-link" onClick={() => receipts.showJob(job)} aria-label={`${t('receipt.show')}: ${job.customerName ?? tDynamic(`receipt.kind.${job.kind}`)}`}>{t('receipt.show')}</button>
                  <button type="button" className="button-link" onClick={() => void retry(job)} aria-label={`${t('receipt.retry')}: ${job.customerName ?? tDynamic(`receipt.kind.${job.kind}`)}`}>{t('receipt.retry')}</button>
                  <button type="button" className="button-link" onClick={() => void discard(job)} aria-label={`${t('receipt.discard')}: ${job.customerName ?? tDynamic(`receipt.kind.${job.kind}`)}`}>{t('receipt.discard')}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
