import { useEffect, useRef, useState } from 'react';
import type { ApiError, MergePreview, MergeSideName } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { navigate } from '../app/router';
import { useI18n } from '../i18n';
import { units } from '../loyalty/format';
import { useToast } from '../ui/toast';
import { CustomerPicker, type Picked } from './CustomerPicker';
import { ExportPage } from './ExportPage';
import { defaultKeep, MAX_PHONES, MergeTable, phoneUnion, type Keep } from './MergeTable';
import './privacy.css';

export interface SectionProps {
  /** Path segments after `#/merge`. */
  rest: string[];
  params: Record<string, string>;
}

/** `#/merge?a=<id>&b=<id>`: merge duplicates; `#/merge/export/<id>`: a customer's data to hand over. */
export function MergePage({ rest, params }: SectionProps) {
  const exportId = rest[0] === 'export' ? Number(rest[1]) : NaN;
  if (Number.isInteger(exportId) && exportId > 0) return <ExportPage key={exportId} customerId={exportId} />;
  return <MergeScreen initialA={Number(params.a) || null} initialB={Number(params.b) || null} />;
}

async function pickedById(id: number): Promise<Picked | null> {
  const r = await call('customers.get', { id });
  if (!r.ok || r.value.archivedAt !== null) return null;
  const c = r.value;
  return { id: c.id, displayName: c.displayName, detail: [c.phones[0]?.raw, c.email, c.address.city, c.cardNumber].filter(Boolean).join(' · ') };
}

function MergeScreen({ initialA, initialB }: { initialA: number | null; initialB: number | null }) {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const notify = useToast();
  const [survivor, setSurvivor] = useState<Picked | null>(null);
  const [merged, setMerged] = useState<Picked | null>(null);
  const [loaded, setLoaded] = useState<{ key: string; preview?: MergePreview; error?: ApiError } | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [keep, setKeep] = useState<Keep>({});
  const [phones, setPhones] = useState<string[]>([]);
  const [fields, setFields] = useState<Record<string, MergeSideName>>({});
  const [confirming, setConfirming] = useState(false);
  const [merging, setMerging] = useState(false);
  const confirm = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (initialA) void pickedById(initialA).then(setSurvivor);
    if (initialB) void pickedById(initialB).then(setMerged);
  }, [initialA, initialB]);

  const pair = survivor && merged ? `${survivor.id}:${merged.id}` : null;
  useEffect(() => {
    if (!survivor || !merged) return;
    let current = true;
    const key = `${survivor.id}:${merged.id}`;
    call('privacy.mergePreview', { survivorId: survivor.id, mergedId: merged.id }).then((r) => {
      if (!current) return;
      if (!r.ok) return setLoaded({ key, error: r.error });
      setLoaded({ key, preview: r.value });
      setKeep(defaultKeep(i18n, r.value));
      setPhones(phoneUnion(r.value).slice(0, MAX_PHONES).map((p) => p.e164));
      setFields({});
    });
    return () => {
      current = false;
    };
    // i18n only formats the defaults; a language change does not call for a new preview.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [survivor, merged]);
  // What was loaded for another pair is not shown.
  const preview = loaded && loaded.key === pair ? loaded.preview ?? null : null;
  const error = failure ?? (loaded && loaded.key === pair ? loaded.error ?? null : null);

  useEffect(() => {
    if (confirming) confirm.current?.showModal();
  }, [confirming]);

  const swap = () => {
    setFailure(null);
    setSurvivor(merged);
    setMerged(survivor);
  };

  const merge = async () => {
    if (!preview) return;
    setMerging(true);
    const result = await call('privacy.merge', {
      survivorId: preview.survivor.customer.id, mergedId: preview.merged.customer.id, keep, phones, fields,
    });
    setMerging(false);
    confirm.current?.close();
    if (!result.ok) return setFailure(result.error);
    notify(t('merge.done', { name: result.value.survivor.displayName }), { followsTo: 'nextPage' });
    navigate({ name: 'customer', id: result.value.survivor.id });
  };

  const tooManyPhones = phones.length > MAX_PHONES;
  const names = preview && { name: preview.survivor.customer.displayName, other: preview.merged.customer.displayName };

  return (
    <div className="page merge-page">
      <h1>{t('merge.title')}</h1>
      <p className="lead">{t('merge.lead')}</p>

      <div className="merge-pickers">
        <CustomerPicker label={t('merge.keep')} picked={survivor} exclude={merged?.id ?? null} onPick={(c) => { setFailure(null); setSurvivor(c); }} />
        <button type="button" className="button button-ghost merge-swap" disabled={!survivor && !merged} onClick={swap}>
          <span aria-hidden="true">⇄</span> {t('merge.swap')}
        </button>
        <CustomerPicker label={t('merge.other')} picked={merged} exclude={survivor?.id ?? null} onPick={(c) => { setFailure(null); setMerged(c); }} />
      </div>

      {error && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
      {(!survivor || !merged) && <p className="muted merge-empty">{t('merge.pickBoth')}</p>}

      {preview && names && (
        <>
          <section className="panel merge-compare" aria-label={t('merge.title')}>
            <MergeTable preview={preview} keep={keep} onKeep={setKeep} phones={phones} onPhones={setPhones} fields={fields} onFields={setFields} />
          </section>

          <section className="panel merge-moves" aria-labelledby="merge-moves-title">
            <h2 id="merge-moves-title">{t('merge.moves')}</h2>
            <table className="table merge-counts">
              <thead>
                <tr>
                  <th scope="col"><span className="visually-hidden">{t('merge.detail')}</span></th>
                  <th scope="col" className="num">{names.name}</th>
                  <th scope="col" className="num">{names.other}</th>
                </tr>
              </thead>
              <tbody>
                {(['entries', 'facts', 'openFollowUps', 'visits'] as const).map((k) => (
                  <tr key={k}>
                    <th scope="row">{t(`merge.count.${k}`)}</th>
                    <td className="num">{preview.survivor.counts[k]}</td>
                    <td className="num">{preview.merged.counts[k]}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">{t('merge.count.tags')}</th>
                  <td className="num">{preview.survivor.tags.join(', ') || '—'}</td>
                  <td className="num">{preview.merged.tags.join(', ') || '—'}</td>
                </tr>
                <tr>
                  <th scope="row">{t('merge.balance')}</th>
                  <td className="num">{units(i18n, preview.survivor.balance, preview.unit)}</td>
                  <td className="num">{units(i18n, preview.merged.balance, preview.unit)}</td>
                </tr>
              </tbody>
            </table>
            <p className="merge-after">{t('merge.balanceAfter', { balance: units(i18n, preview.balanceAfter, preview.unit) })}</p>
          </section>

          <div className="form-actions merge-actions">
            <button type="button" className="button button-primary" disabled={tooManyPhones || merging} onClick={() => setConfirming(true)}>
              {t('merge.submit')}
            </button>
            {tooManyPhones && <p className="field-error" role="alert">{t('merge.tooManyPhones', { max: MAX_PHONES })}</p>}
          </div>

          {confirming && (
            <dialog ref={confirm} className="dialog" aria-labelledby="merge-confirm-title" onClose={() => setConfirming(false)}>
              <h2 id="merge-confirm-title">{t('merge.confirmTitle', names)}</h2>
              <p>{t('merge.confirmText', names)}</p>
              <div className="dialog-actions">
                <button type="button" className="button button-primary" disabled={merging} onClick={() => void merge()}>{t('merge.confirm')}</button>
                <button type="button" className="button button-ghost" disabled={merging} onClick={() => confirm.current?.close()}>{t('merge.cancel')}</button>
              </div>
            </dialog>
          )}
        </>
      )}
    </div>
  );
}
