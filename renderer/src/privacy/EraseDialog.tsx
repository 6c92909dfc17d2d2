import { useEffect, useId, useRef, useState } from 'react';
import type { ApiError, Customer, EraseResult } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { href, navigate, section } from '../app/router';
import { useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { ScrubProgressBar } from './ScrubProgress';
import { useScrub } from './useScrub';

/**
 * "Erase …?": says what goes and what stays, asks for a deliberate tick, then erases and
 * wipes the archive file step by step. Closing is refused while the work runs.
 */
export function EraseDialog({ customer, onClose }: { customer: Customer; onClose(): void }) {
  const { t, tDynamic } = useI18n();
  const notify = useToast();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [understood, setUnderstood] = useState(false);
  const [erasing, setErasing] = useState(false);
  const [erased, setErased] = useState<EraseResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const scrub = useScrub();
  const busy = erasing || scrub.running !== null;

  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);

  const wipe = async (result: EraseResult, from: number) => {
    if (await scrub.run(result.scrubSteps, result.erasedAt, from)) {
      notify(t('erase.done'));
      navigate({ name: 'home' });
    }
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
      <h2 id={titleId}>{t('erase.title', { name: customer.displayName })}</h2>
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
      {failure && <p className="alert" role="alert">{tDynamic(errorKey(failure))}</p>}

      <div className="dialog-actions">
        {erased ? (
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
