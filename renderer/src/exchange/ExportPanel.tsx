import { useEffect, useRef, useState } from 'react';
import type { ApiError, CsvSeparatorChoice, ExchangeExportKind, ExchangeJob, ExportedFile } from '../../../main/api/contract';
import { call, errorKey, exportDownloadUrl } from '../api';
import { useApp } from '../app/AppContext';
import { useI18n } from '../i18n';
import { counted } from '../today/format';
import { useToast } from '../ui/toast';
import { saveCopy } from './handover';
import { JobProgress } from './JobProgress';
import { fileSize, followJob } from './jobs';

// Exports: the separator the shop's spreadsheet expects (remembered in settings), one button
// per table and one for everything, progress while it runs, and the files made this visit.

const KINDS: ExchangeExportKind[] = ['customers', 'notes', 'visits', 'ledger', 'archive'];

export function ExportedFileLine({ file }: { file: ExportedFile }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const notify = useToast();
  const url = exportDownloadUrl(file.name);
  return (
    <li className="exchange-file">
      <span className="exchange-file-name">
        {counted(i18n, 'exchange.export.done', file.rows, { name: file.name, rows: new Intl.NumberFormat(locale).format(file.rows), size: fileSize(file.bytes, locale) })}
      </span>
      {url ? (
        <a className="button button-ghost button-small" href={url} download={file.name} aria-label={t('exchange.export.downloadName', { name: file.name })}>
          {t('exchange.export.download')}
        </a>
      ) : (
        <span className="exchange-file-saved">
          <span className="muted">{t('exchange.export.savedIn', { folder: file.folder })}</span>
          <button type="button" className="button button-ghost button-small" aria-label={t('exchange.export.saveCopyName', { name: file.name })}
            onClick={() => void saveCopy(file.name, notify, i18n)}>
            {t('exchange.export.saveCopy')}
          </button>
        </span>
      )}
    </li>
  );
}

export function ExportPanel() {
  const { t, tDynamic, locale } = useI18n();
  const { settings, setSettings } = useApp();
  const [job, setJob] = useState<ExchangeJob | null>(null);
  const [files, setFiles] = useState<ExportedFile[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const separator = settings.exchange.separator;
  const chooseSeparator = async (choice: CsvSeparatorChoice) => {
    const result = await call('settings.update', { exchange: { separator: choice } });
    if (result.ok) setSettings(result.value);
    else setError(result.error);
  };

  const start = async (kind: ExchangeExportKind) => {
    setError(null);
    const result = await call('exchange.export', { kind, separator });
    if (!result.ok) return setError(result.error);
    const done = await followJob(result.value, setJob, () => alive.current);
    if (!done) return;
    setJob(null);
    if (done.state === 'failed' && done.error) setError(done.error);
    else if (done.kind === 'export' && done.result) setFiles((before) => [done.result!, ...before]);
  };

  const running = job !== null && job.state === 'running';
  const number = (n: number) => new Intl.NumberFormat(locale).format(n);

  return (
    <section className="panel exchange-export" aria-labelledby="export-title">
      <h2 id="export-title">{t('exchange.export.title')}</h2>
      <p className="field-hint">{t('exchange.export.hint')}</p>

      <fieldset className="exchange-separator">
        <legend>{t('exchange.separator.label')}</legend>
        <div className="segmented">
          {([';', ','] as const).map((choice) => (
            <label key={choice} className={`segment${separator === choice ? ' is-selected' : ''}`}>
              <input type="radio" name="separator" value={choice} checked={separator === choice} onChange={() => void chooseSeparator(choice)} />
              <span>{t(choice === ';' ? 'exchange.separator.semicolon' : 'exchange.separator.comma')}</span>
              <span className="segment-hint">{t(choice === ';' ? 'exchange.separator.semicolonHint' : 'exchange.separator.commaHint')}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="exchange-export-buttons">
        {KINDS.map((kind) => (
          <button key={kind} type="button" className={`button ${kind === 'archive' ? 'button-primary' : 'button-ghost'}`} disabled={running}
            onClick={() => void start(kind)} aria-describedby={kind === 'archive' ? 'archive-hint' : undefined}>
            {t(`exchange.export.${kind}`)}
          </button>
        ))}
      </div>
      <p id="archive-hint" className="field-hint">{t('exchange.export.archiveHint')}</p>

      {running && (
        <JobProgress job={job} label={t('exchange.export.progress')}
          text={t('exchange.export.running', { done: number(job.done), total: number(job.total) })} />
      )}
      {error && <p className="alert" role="alert">{tDynamic(errorKey(error), error.params)}</p>}
      {files.length > 0 && (
        <div className="exchange-files">
          <h3>{t('exchange.export.recent')}</h3>
          <ul className="plain-list">
            {files.map((file) => <ExportedFileLine key={file.name} file={file} />)}
          </ul>
        </div>
      )}
    </section>
  );
}
