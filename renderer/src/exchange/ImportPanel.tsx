import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { ApiError, DateOrder, ExchangeJob, ImportField, ImportReport, ImportResult, PreviewRow, UploadSummary } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { href } from '../app/router';
import { useI18n } from '../i18n';
import { counted } from '../today/format';
import { JobProgress } from './JobProgress';
import { MappingTable } from './MappingTable';
import { PreviewTable } from './PreviewTable';
import { ReportView } from './ReportView';
import { followJob, MAX_FILE_BYTES, readCsvFile } from './jobs';

// Importing a customer list: choose the file (read here, sent to main once), say what each
// column holds, look at the preview, check the whole file (a dry run: every bad row and
// likely duplicate), then import it in one go, with progress.

const PREVIEW_ROWS = 8;
const SEPARATOR_NAMES: Record<string, string> = { ';': ';', ',': ',', '\t': 'tab' };
const IMPORT_PHASES = {
  checking: 'exchange.import.checking', writing: 'exchange.import.running', indexing: 'exchange.import.indexing', exporting: 'exchange.import.running',
} as const;

export function ImportPanel() {
  const i18n = useI18n();
  const { t, tDynamic, locale } = i18n;
  const [reading, setReading] = useState(false);
  const [upload, setUpload] = useState<UploadSummary | null>(null);
  const [windowsText, setWindowsText] = useState(false);
  const [mapping, setMapping] = useState<(ImportField | null)[]>([]);
  const [dateOrder, setDateOrder] = useState<DateOrder>('dmy');
  // Kept with the plan they were made for: a preview or report of another mapping no longer holds.
  const [preview, setPreview] = useState<{ plan: string; rows: PreviewRow[] } | null>(null);
  const [checked, setChecked] = useState<{ plan: string; report: ImportReport } | null>(null);
  const [skipBad, setSkipBad] = useState(false);
  const [skipDuplicates, setSkipDuplicates] = useState(false);
  const [job, setJob] = useState<ExchangeJob | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const named = mapping.includes('fullName') || mapping.includes('givenName');
  const plan = JSON.stringify([upload?.uploadId ?? null, mapping, dateOrder]);
  const previewRows = named && preview?.plan === plan ? preview.rows : null;
  const report = checked?.plan === plan ? checked.report : null;

  // The preview follows the mapping.
  useEffect(() => {
    if (!upload || !named) return;
    let current = true;
    void call('exchange.preview', { uploadId: upload.uploadId, mapping, dateOrder, limit: PREVIEW_ROWS }).then((r) => {
      if (!current) return;
      if (r.ok) setPreview({ plan, rows: r.value });
      else setError(r.error);
    });
    return () => {
      current = false;
    };
  }, [upload, mapping, dateOrder, named, plan]);

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    setError(null);
    setResult(null);
    setUpload(null);
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) return setError({ code: 'import_too_large', message: 'too large' });
    setReading(true);
    const { text, windows } = await readCsvFile(file);
    const r = await call('exchange.upload', { name: file.name, text });
    setReading(false);
    if (!r.ok) return setError(r.error);
    setWindowsText(windows);
    setMapping(r.value.mapping);
    setDateOrder(r.value.dateOrder);
    setSkipBad(false);
    setSkipDuplicates(false);
    setUpload(r.value);
  };

  const runCheck = async (skipping = skipDuplicates) => {
    if (!upload) return;
    setError(null);
    const checkedPlan = plan;
    const r = await call('exchange.check', { uploadId: upload.uploadId, mapping, dateOrder, skipDuplicates: skipping });
    if (!r.ok) return setError(r.error);
    const done = await followJob(r.value, setJob, () => alive.current);
    setJob(null);
    if (!done) return;
    if (done.state === 'failed' && done.error) setError(done.error);
    else if (done.kind === 'check' && done.result) setChecked({ plan: checkedPlan, report: done.result });
  };

  const toggleDuplicates = (on: boolean) => {
    setSkipDuplicates(on);
    // What would be imported changes with it: ask again (the file is not read again).
    void runCheck(on);
  };

  const runImport = async () => {
    if (!upload) return;
    setError(null);
    const r = await call('exchange.import', { uploadId: upload.uploadId, mapping, dateOrder, skipBad, skipDuplicates });
    if (!r.ok) return setError(r.error);
    const done = await followJob(r.value, setJob, () => alive.current);
    setJob(null);
    if (!done) return;
    if (done.state === 'failed' && done.error) return setError(done.error);
    if (done.kind === 'import' && done.result) {
      setResult(done.result);
      setUpload(null);
      setChecked(null);
      setPreview(null);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const running = job !== null && job.state === 'running';
  const number = (n: number) => new Intl.NumberFormat(locale).format(n);
  const blocked = report !== null && report.badRows > 0 && !skipBad;
  const sourceNote = upload ? tDynamic(`exchange.import.source.${upload.source}`) : '';

  return (
    <section className="panel exchange-import" aria-labelledby="import-title">
      <h2 id="import-title">{t('exchange.import.title')}</h2>
      <p className="field-hint">{t('exchange.import.hint')}</p>

      <div className="field exchange-file-field">
        <label htmlFor="import-file" className="field-label">{t('exchange.import.file')}</label>
        <input id="import-file" ref={fileInput} type="file" accept=".csv,.txt,text/csv" aria-describedby="import-file-hint"
          onChange={(e) => void choose(e)} disabled={reading || running} />
        <p id="import-file-hint" className="field-hint">{t('exchange.import.fileHint')}</p>
      </div>
      {reading && <p role="status">{t('exchange.import.reading')}</p>}

      {result && (
        <div className="exchange-result" role="status">
          <p><strong>{counted(i18n, 'exchange.import.done', result.imported, { count: number(result.imported) })}</strong></p>
          {result.skippedBad > 0 && <p>{counted(i18n, 'exchange.import.doneSkippedBad', result.skippedBad, { count: number(result.skippedBad) })}</p>}
          {result.skippedDuplicates > 0 && <p>{counted(i18n, 'exchange.import.doneSkippedDuplicates', result.skippedDuplicates, { count: number(result.skippedDuplicates) })}</p>}
          {result.balances.total > 0 && (
            <p>{counted(i18n, 'exchange.import.doneBalances', result.balances.customers, { total: number(result.balances.total), customers: number(result.balances.customers) })}</p>
          )}
          {result.firstId !== null && <p><a href={href({ name: 'customer', id: result.firstId })}>{t('exchange.import.open')}</a></p>}
        </div>
      )}

      {upload && (
        <>
          <p className="exchange-upload-summary">
            <strong>{counted(i18n, 'exchange.import.summary', upload.rows, { name: upload.name, rows: number(upload.rows), separator: SEPARATOR_NAMES[upload.separator] ?? upload.separator })}</strong>
            {sourceNote && <> {sourceNote}</>}
          </p>
          {upload.unterminatedQuote && <p className="banner">{t('exchange.import.cutOff')}</p>}
          {windowsText && <p className="banner">{t('exchange.import.encoding')}</p>}

          <MappingTable upload={upload} mapping={mapping} dateOrder={dateOrder} onMapping={setMapping} onDateOrder={setDateOrder} disabled={running} />
          {previewRows && <PreviewTable rows={previewRows} />}

          <div className="exchange-actions">
            <button type="button" className="button button-ghost" disabled={!named || running} onClick={() => void runCheck()}>
              {t('exchange.check.button')}
            </button>
          </div>
        </>
      )}

      {running && job.kind === 'check' && (
        <JobProgress job={job} label={t('exchange.check.progress')}
          text={t('exchange.check.running', { done: number(job.done), total: number(job.total) })} />
      )}

      {upload && report && (
        <>
          <ReportView report={report} />
          <div className="exchange-choices">
            <div className="field checkbox-field">
              <input id="skip-bad" type="checkbox" checked={skipBad} disabled={report.badRows === 0 || running} onChange={(e) => setSkipBad(e.target.checked)} />
              <label htmlFor="skip-bad">{t('exchange.import.skipBad')}</label>
            </div>
            <div className="field checkbox-field">
              <input id="skip-duplicates" type="checkbox" checked={skipDuplicates} disabled={(report.duplicateRows === 0 && !skipDuplicates) || running}
                onChange={(e) => toggleDuplicates(e.target.checked)} />
              <label htmlFor="skip-duplicates">{t('exchange.import.skipDuplicates')}</label>
            </div>
          </div>
          <p className={blocked ? 'banner' : 'field-hint'}>{blocked ? t('exchange.import.blocked') : t('exchange.import.allOrNothing')}</p>
          <div className="exchange-actions">
            <button type="button" className="button button-primary" disabled={blocked || running || report.valid === 0} onClick={() => void runImport()}>
              {report.valid === 1 ? t('exchange.import.buttonOne') : t('exchange.import.button', { count: number(report.valid) })}
            </button>
          </div>
        </>
      )}

      {running && job.kind === 'import' && (
        <JobProgress job={job} label={t('exchange.import.progress')}
          text={t(IMPORT_PHASES[job.phase], { done: number(job.done), total: number(job.total) })} />
      )}

      {error && (
        <p className="alert" role="alert">{tDynamic(errorKey(error), error.params)}</p>
      )}
    </section>
  );
}
