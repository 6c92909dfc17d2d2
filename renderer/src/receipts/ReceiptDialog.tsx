import { useEffect, useRef, useState } from 'react';
import type { ApiError, PrintJob } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { useApp } from '../app/AppContext';
import { Paper } from './Paper';

interface Props {
  job: PrintJob;
  error: ApiError | null;
  onPrint(): Promise<void>;
  /** A new copy of a slip that was printed before; null when the source is not known. */
  onPrintAgain: (() => Promise<void>) | null;
  onDiscard(): Promise<void>;
  onClose(): void;
}

export function ReceiptDialog({ job, error, onPrint, onPrintAgain, onDiscard, onClose }: Props) {
  const { t, tDynamic, relative } = useI18n();
  const { info } = useApp();
  const notify = useToast();
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  };

  const savePdf = async () => {
    const result = await call('receipts.savePdf', { jobId: job.id });
    if (!result.ok) return notify(tDynamic(errorKey(result.error)));
    if (result.value.saved) notify(t('receipt.pdfSaved'));
  };

  const status =
    job.status === 'printed' ? t('receipt.status.printed', { when: relative(job.printedAt ?? job.createdAt) })
      : job.status === 'failed' && job.error ? `${t('receipt.status.failed')}: ${tDynamic(`printError.${job.error}`)}`
        : tDynamic(`receipt.status.${job.status}`);

  return (
    <dialog ref={dialog} className="dialog receipt-dialog" aria-labelledby="receipt-title" onClose={onClose}>
      <h2 id="receipt-title">{tDynamic(`receipt.kind.${job.kind}`)}{job.customerName ? ` · ${job.customerName}` : ''}</h2>
      <div className="paper-wrap">
        <Paper lines={job.lines} columns={job.columns} />
      </div>
      <p className={`receipt-status is-${job.status}`} role="status">{busy ? t('receipt.printing') : status}</p>
      {error && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
      <div className="dialog-actions">
        {job.status !== 'printed' && job.status !== 'discarded' && (
          <button type="button" className="button button-primary" autoFocus disabled={busy} onClick={() => void run(onPrint)}>
            {job.status === 'failed' ? t('receipt.retry') : t('receipt.print')}
          </button>
        )}
        {job.status === 'printed' && onPrintAgain && (
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void run(onPrintAgain)}>
            {t('receipt.printAgain')}
          </button>
        )}
        {info.mode === 'electron' && (
          <button type="button" className="button button-ghost" disabled={busy} onClick={() => void savePdf()}>{t('receipt.savePdf')}</button>
        )}
        {job.status === 'failed' && (
          <button type="button" className="button button-ghost" disabled={busy} onClick={() => void run(onDiscard)}>{t('receipt.discard')}</button>
        )}
        <button type="button" className="button button-ghost" onClick={onClose}>{t('loyalty.close')}</button>
      </div>
    </dialog>
  );
}
