import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ApiError, PrintJob, ReceiptPreview, ReceiptSource } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { useApp } from '../app/AppContext';
import { ReceiptDialog } from './ReceiptDialog';

/** What the dialog shows: a preview (no job of its own) or a stored job. */
export interface Shown {
  /** The slip on screen: the job waiting to print when there is one, else the preview. */
  view: Pick<PrintJob, 'kind' | 'customerName' | 'columns' | 'lines'>;
  job: PrintJob | null;
  source: ReceiptSource | null;
}

/** A waiting job is what a retry sends, so the preview shows that; a printed one is history. */
const shownOf = (preview: ReceiptPreview, source: ReceiptSource): Shown => ({
  view: preview.job && preview.job.status !== 'printed' ? preview.job : preview,
  job: preview.job,
  source,
});

interface Receipts {
  /** Prints the receipt at once when asked and printing is on; else previews it, storing nothing. */
  show(source: ReceiptSource, options?: { autoPrint?: boolean }): Promise<void>;
  showJob(job: PrintJob): void;
  print(job: PrintJob): Promise<PrintJob>;
  unprinted: number;
  refreshUnprinted(): void;
}

const ReceiptsContext = createContext<Receipts | null>(null);

export function ReceiptsProvider({ children }: { children: ReactNode }) {
  const { t, tDynamic } = useI18n();
  const notify = useToast();
  const { settings } = useApp();
  const [open, setOpen] = useState<Shown | null>(null);
  const [unprinted, setUnprinted] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);
  const printerOn = settings.printer.enabled;

  const refreshUnprinted = useCallback(() => {
    call('receipts.unprinted', {}).then((r) => r.ok && setUnprinted(r.value.length));
  }, []);

  useEffect(() => {
    refreshUnprinted();
    const timer = setInterval(refreshUnprinted, 30_000);
    return () => clearInterval(timer);
  }, [refreshUnprinted]);

  const print = useCallback(async (job: PrintJob): Promise<PrintJob> => {
    const result = await call('receipts.print', { jobId: job.id });
    refreshUnprinted();
    if (!result.ok) {
      notify(tDynamic(errorKey(result.error)));
      return job;
    }
    const done = result.value;
    if (done.status === 'printed') notify(t('receipt.printed'));
    else if (done.error) notify(`${tDynamic(`printError.${done.error}`)} ${t('receipt.kept')}`);
    return done;
  }, [notify, refreshUnprinted, t, tDynamic]);

  const show = useCallback(async (source: ReceiptSource, options: { autoPrint?: boolean } = {}) => {
    setError(null);
    // After a sale the slip prints by itself, or not at all when printing is off.
    if (options.autoPrint && !printerOn) return;
    if (!options.autoPrint) {
      // Looking at a slip is not printing it: no job, so nothing turns up as unprinted.
      const preview = await call('receipts.preview', { source });
      if (!preview.ok) return notify(tDynamic(errorKey(preview.error)));
      setOpen(shownOf(preview.value, source));
      return;
    }
    const created = await call('receipts.create', { source });
    if (!created.ok) return notify(tDynamic(errorKey(created.error)));
    await print(created.value);
  }, [notify, print, printerOn, tDynamic]);

  /** A new job from the open preview's source, printed once. */
  const printNew = async (shown: Shown) => {
    const created = await call('receipts.create', { source: shown.source! });
    if (!created.ok) return setError(created.error);
    const done = await print(created.value);
    setOpen({ ...shown, view: done, job: done });
  };

  const value = useMemo<Receipts>(() => ({
    show,
    showJob: (job) => setOpen({ view: job, job, source: null }),
    print,
    unprinted,
    refreshUnprinted,
  }), [show, print, unprinted, refreshUnprinted]);

  return (
    <ReceiptsContext.Provider value={value}>
      {children}
      {open && (
        <ReceiptDialog
          shown={open}
          error={error}
          onPrint={async () => {
            if (!open.job) return printNew(open);
            const done = await print(open.job);
            setOpen({ ...open, view: done, job: done });
          }}
          onPrintAgain={open.source ? () => printNew(open) : null}
          onDiscard={async () => {
            if (!open.job) return setOpen(null);
            const result = await call('receipts.discard', { jobId: open.job.id });
            refreshUnprinted();
            if (result.ok) notify(t('unprinted.discarded'));
            setOpen(null);
          }}
          onClose={() => setOpen(null)}
        />
      )}
    </ReceiptsContext.Provider>
  );
}

export function useReceipts(): Receipts {
  const receipts = useContext(ReceiptsContext);
  if (!receipts) throw new Error('useReceipts outside ReceiptsProvider');
  return receipts;
}
