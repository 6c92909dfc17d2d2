import { useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { useApp } from '../app/AppContext';
import { Paper } from './Paper';
import type { Shown } from './ReceiptsContext';

interface Props {
  shown: Shown;
  error: ApiError | null;
  onPrint(): Promise<void>;
  /** A new copy of a slip that was printed before; null when the source is not known. */
  onPrintAgain: (() => Promise<void>) | null;
  onDiscard(): Promise<void>;
  onClose(): void;
}

export function ReceiptDialog({ shown, error, onPrint, onPrintAgain, onDiscard, onClose }: Props) {
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

  const { view, job, source } = shown;
  const savePdf = async () => {
    const result = await call('receipts.savePdf', job ? { jobId: job.id } : { source: source! });
    if (!result.ok) return notify(tDynamic(errorKey(result.error)));
    if (result.value.saved) notify(t('receipt.pdfSaved'));
  };

  // A preview without a job has simply not been printed yet.
  const status = !job ? t('receipt.status.pending')
    : job.status === 'printed' ? t('receipt.status.printed', { when: relative(job.printedAt ?? job.createdAt) })
      : job.status === 'failed' && job.error ? `${t('receipt.status.failed')}: ${tDynamic(`printError.${job.error}`)}`
        : tDynamic(`receipt.status.${job.status}`);
  const state = job?.status ?? 'pending';

  return (
    <dialog ref={dialog} className="dialog receipt-dialog" aria-labelledby="receipt-title" onClose={onClose}>
      <h2 id="receipt-title">{tDynamic(`receipt.kind.${view.kind}`)}{view.customerName ? ` · ${view.customerName}` : ''}</h2>
      <div className="paper-wrap">
        <Paper lines={view.lines} columns={view.columns} />
      </div>
      <p className={`receipt-status is-${state}`} role="status">{busy ? t('receipt.printing') : status}</p>
      {error && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
      <div className="dialog-actions">
        {state !== 'printed' && state !== 'discarded' && (
          <button type="button" className="button button-primary" autoFocus disabled={busy} onClick={() => void run(onPrint)}>
            {state === 'failed' ? t('receipt.retry') : t('receipt.print')}
          </button>
        )}
        {state === 'printed' && onPrintAgain && (
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void run(onPrintAgain)}>
            {t('receipt.printAgain')}
          </button>
        )}
        {info.mode === 'electron' && (
          <button type="button" className="button button-ghost" disabled={busy} onClick={() => void savePdf()}>{t('receipt.savePdf')}</button>
        )}
        {state === 'failed' && (
          <button type="button" className="button button-ghost" disabled={busy} onClick={() => void run(onDiscard)}>{t('receipt.discard')}</button>
        )}
        <button type="button" className="button button-ghost" onClick={onClose}>{t('loyalty.close')}</button>
      </div>
    </dialog>
  );
}
