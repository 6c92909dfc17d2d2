import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ApiError, PrintJob, ReceiptSource } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { useApp } from '../app/AppContext';
import { ReceiptDialog } from './ReceiptDialog';

interface Receipts {
  /** Makes the receipt; prints it at once when asked and printing is on, else shows it. */
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
  const [open, setOpen] = useState<{ job: PrintJob; source: ReceiptSource | null } | null>(null);
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
    const created = await call('receipts.create', { source });
    if (!created.ok) {
      notify(tDynamic(errorKey(created.error)));
      return;
    }
    if (options.autoPrint) {
      await print(created.value);
      return;
    }
    setOpen({ job: created.value, source });
  }, [notify, print, printerOn, tDynamic]);

  const value = useMemo<Receipts>(() => ({
    show,
    showJob: (job) => setOpen({ job, source: null }),
    print,
    unprinted,
    refreshUnprinted,
  }), [show, print, unprinted, refreshUnprinted]);

  return (
    <ReceiptsContext.Provider value={value}>
      {children}
      {open && (
        <ReceiptDialog
          job={open.job}
          error={error}
          onPrint={async () => setOpen({ ...open, job: await print(open.job) })}
          onPrintAgain={open.source ? async () => {
            const again = await call('receipts.create', { source: open.source! });
            if (!again.ok) return setError(again.error);
            setOpen({ ...open, job: await print(again.value) });
          } : null}
          onDiscard={async () => {
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
