import { useEffect, useId, useRef, useState } from 'react';
import type { ApiError, Customer, EraseResult, ExportHolding } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { href, navigate, section } from '../app/router';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { counted } from '../today/format';
import { LeftoverExports } from './LeftoverExports';
import { ScrubProgressBar } from './ScrubProgress';
import { useScrub } from './useScrub';

/**
 * "Erase …?": says what goes and what stays, asks for a deliberate tick, then erases and
 * wipes the archive file step by step. Closing is refused while the work runs.
 */
export function EraseDialog({ customer, onClose }: { customer: Customer; onClose(): void }) {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const notify = useToast();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [understood, setUnderstood] = useState(false);
  const [erasing, setErasing] = useState(false);
  const [erased, setErased] = useState<EraseResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const scrub = useScrub();
  // Exports made earlier that still hold them, offered for deletion once the file is wiped.
  const [leftovers, setLeftovers] = useState<ExportHolding[] | null>(null);
  const [deleting, setDeleting] = useState(false);
  // Said in the dialog: a notice given here would not outlive the move to the home screen.
  const [deleted, setDeleted] = useState<number | null>(null);
  const busy = erasing || deleting || scrub.running !== null;
  // Once the exports are offered, what goes and what stays has been said.
  const after = leftovers !== null || deleted !== null;

  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);

  const wipe = async (result: EraseResult, from: number) => {
    if (await scrub.run(result.scrubSteps, result.erasedAt, from)) {
      if (result.exports.length) return setLeftovers(result.exports);
      finish(t('erase.done'));
    }
  };

  const finish = (message: string) => {
    notify(message, { followsTo: 'nextPage' });
    navigate({ name: 'home' });
  };

  const deleteExports = async (files: readonly ExportHolding[]) => {
    setDeleting(true);
    setError(null);
    const result = await call('privacy.deleteExports', { names: files.map((f) => f.name) });
    setDeleting(false);
    if (!result.ok) return setError(result.error);
    setLeftovers(null);
    setDeleted(result.value.deleted.length);
  };

  const erase = async () => {
    setErasing(true);
    setError(null);
    const result = await call('privacy.erase', { customerId: customer.id, confirm: true });
    setErasing(false);
    if (!result.ok) return setError(result.error);
    setErased(result.value);
    await wipe(result.value, 0);
  };

  const failure = error ?? scrub.error;
  return (
    <dialog
      ref={dialog}
      className="dialog erase-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        if (busy || erased) e.preventDefault();
      }}
      onClose={onClose}
      // Escape closes the dialog only, not the profile behind it (ProfilePage listens on window).
      onKeyDown={(e) => {
        if (e.key === 'Escape') e.stopPropagation();
      }}
    >
      <h2 id={titleId}>{t(after ? 'erase.erasedTitle' : 'erase.title', { name: customer.displayName })}</h2>
      {!after && (
        <>
          <p>{t('erase.intro')}</p>
          <div className="erase-lists">
            <div className="erase-gone">
              <h3>{t('erase.goneTitle')}</h3>
              <p>{t('erase.gone')}</p>
            </div>
            <div className="erase-kept">
              <h3>{t('erase.keptTitle')}</h3>
              <p>{t('erase.kept')}</p>
            </div>
          </div>
          <p className="muted">{t('erase.backups')}</p>
        </>
      )}
      {!erased && (
        <p>
          {t('erase.exportFirst')}{' '}
          <a href={href(section('merge', ['export', String(customer.id)]))}>{t('privacy.export')}</a>
        </p>
      )}

      {!erased && (
        <div className="field checkbox-field erase-confirm">
          <input id={`${titleId}-ok`} type="checkbox" checked={understood} disabled={busy} onChange={(e) => setUnderstood(e.target.checked)} />
          <label htmlFor={`${titleId}-ok`}>{t('erase.confirm', { name: customer.displayName })}</label>
        </div>
      )}
      {erasing && <p role="status">{t('erase.working')}</p>}
      {erased && scrub.running !== null && <ScrubProgressBar steps={erased.scrubSteps} step={scrub.running} />}
      {leftovers && <LeftoverExports files={leftovers} />}
      {deleted !== null && <p className="erase-exports-done" role="status">{counted(i18n, 'erase.exports.deleted', deleted)}</p>}
      {failure && <p className="alert" role="alert">{tDynamic(errorKey(failure))}</p>}

      <div className="dialog-actions">
        {deleted !== null ? (
          <button type="button" className="button button-primary" onClick={() => navigate({ name: 'home' })}>{t('erase.exports.close')}</button>
        ) : leftovers ? (
          <>
            <button type="button" className="button privacy-danger" disabled={busy} onClick={() => void deleteExports(leftovers)}>
              {counted(i18n, 'erase.exports.delete', leftovers.length)}
            </button>
            <button type="button" className="button button-ghost" disabled={busy} onClick={() => finish(t('erase.done'))}>{t('erase.exports.keep')}</button>
          </>
        ) : erased ? (
          scrub.error && (
            <>
              <button type="button" className="button button-primary" onClick={() => void wipe(erased, scrub.next)}>{t('erase.retry')}</button>
              <button type="button" className="button button-ghost" onClick={() => navigate({ name: 'home' })}>{t('erase.later')}</button>
            </>
          )
        ) : (
          <>
            <button type="button" className="button privacy-danger" disabled={!understood || busy} onClick={() => void erase()}>
              {t('erase.submit')}
            </button>
            <button type="button" className="button button-ghost" disabled={busy} onClick={() => dialog.current?.close()}>{t('erase.cancel')}</button>
          </>
        )}
      </div>
    </dialog>
  );
}
