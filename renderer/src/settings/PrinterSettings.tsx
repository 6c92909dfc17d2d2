import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError, PrinterSettings as Printer, PrinterStatus, ReceiptSettings } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { createI18n, useI18n } from '../i18n';
import { useToast } from '../ui/toast';
import { Field } from '../ui/Field';
import { useApp } from '../app/AppContext';
import { useReceipts } from '../receipts/ReceiptsContext';

type ConnectionKind = Printer['connection']['kind'];

interface Draft {
  printer: Printer;
  host: string;
  port: string;
  path: string;
  systemName: string;
  receipt: ReceiptSettings;
  welcomeBackAfterDays: string;
}

function toDraft(printer: Printer, receipt: ReceiptSettings): Draft {
  const c = printer.connection;
  return {
    printer,
    host: c.kind === 'network' ? c.host : '',
    port: String(c.kind === 'network' ? c.port : 9100),
    path: c.kind === 'device' ? c.path : '',
    systemName: c.kind === 'system' ? c.name : '',
    receipt,
    welcomeBackAfterDays: String(receipt.welcomeBackAfterDays),
  };
}

const int = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

export function PrinterSettings() {
  const { t, tDynamic } = useI18n();
  const { settings, setSettings, info } = useApp();
  const notify = useToast();
  const receipts = useReceipts();
  const [draft, setDraft] = useState(() => toDraft(settings.printer, settings.receipt));
  const [kind, setKind] = useState<ConnectionKind>(settings.printer.connection.kind);
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState<PrinterStatus | null>(null);
  const [systemPrinters, setSystemPrinters] = useState<string[]>([]);

  useEffect(() => {
    let live = true;
    const check = () => call('receipts.printerStatus', {}).then((r) => live && r.ok && setStatus(r.value));
    void check();
    const timer = setInterval(check, 5000);
    call('receipts.systemPrinters', {}).then((r) => live && r.ok && setSystemPrinters(r.value));
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [settings.printer]);

  const printer = (patch: Partial<Printer>) => setDraft({ ...draft, printer: { ...draft.printer, ...patch } });
  const receipt = (patch: Partial<ReceiptSettings>) => setDraft({ ...draft, receipt: { ...draft.receipt, ...patch } });
  const issue = (path: string) => {
    const found = error?.fields?.[path];
    return found ? tDynamic(`fieldErrors.${found.code}`, found.params) : undefined;
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const connection =
      kind === 'network' ? { kind, host: draft.host, port: int(draft.port) }
        : kind === 'device' ? { kind, path: draft.path }
          : { kind, name: draft.systemName };
    const result = await call('settings.update', {
      printer: { ...draft.printer, connection },
      receipt: { ...draft.receipt, welcomeBackAfterDays: int(draft.welcomeBackAfterDays) },
    });
    if (!result.ok) return setError(result.error);
    setSettings(result.value);
    notify(createI18n(result.value.language).t('printer.saved'));
  };

  // The desktop app picks the device in main's own dialog; main checks it is one.
  const choosePath = async () => {
    setError(null);
    const result = await call('settings.pickPrinterDevice', {});
    if (!result.ok) return setError(result.error);
    if (result.value) setDraft({ ...draft, path: result.value.path });
  };

  const testPrint = async () => {
    const created = await call('receipts.create', { source: { kind: 'test' } });
    if (!created.ok) return notify(tDynamic(errorKey(created.error)));
    await receipts.print(created.value);
  };

  const check = (label: string, checked: boolean, onChange: (value: boolean) => void, id: string) => (
    <div className="field checkbox-field">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );

  return (
    <form className="panel printer-settings" onSubmit={save} aria-labelledby="printer-title" noValidate>
      <div className="printer-head">
        <h2 id="printer-title">{t('printer.title')}</h2>
        {status && (
          <span className={`badge printer-state is-${status.state}`} role="status">
            {t('printer.status')}: {tDynamic(`printer.state.${status.state}`)}
          </span>
        )}
      </div>
      {check(t('printer.enabled'), draft.printer.enabled, (enabled) => printer({ enabled }), 'printer-enabled')}
      <div className="form-grid">
        <Field label={t('printer.type')}>
          {(a11y) => (
            <select {...a11y} value={draft.printer.type} onChange={(e) => printer({ type: e.target.value as Printer['type'] })}>
              <option value="epson">{t('printer.type.epson')}</option>
              <option value="star">{t('printer.type.star')}</option>
            </select>
          )}
        </Field>
        <Field label={t('printer.connection')}>
          {(a11y) => (
            <select {...a11y} value={kind} onChange={(e) => setKind(e.target.value as ConnectionKind)}>
              {(['network', 'device', 'system'] as const).map((k) => <option key={k} value={k}>{tDynamic(`printer.connection.${k}`)}</option>)}
            </select>
          )}
        </Field>
        {kind === 'network' && (
          <div className="host-port">
            <Field label={t('printer.host')} error={issue('printer.connection.host')}>
              {(a11y) => <input {...a11y} value={draft.host} placeholder="192.168.1.50" onChange={(e) => setDraft({ ...draft, host: e.target.value })} />}
            </Field>
            <Field label={t('printer.port')} error={issue('printer.connection.port')} className="field-port">
              {(a11y) => <input {...a11y} inputMode="numeric" value={draft.port} onChange={(e) => setDraft({ ...draft, port: e.target.value })} />}
            </Field>
          </div>
        )}
        {kind === 'device' && (
          <Field label={t('printer.path')} hint={t('printer.pathHint')} error={issue('printer.connection.path')}>
            {(a11y) => (
              <div className="path-choose">
                <input {...a11y} value={draft.path} onChange={(e) => setDraft({ ...draft, path: e.target.value })} />
                {info.mode === 'electron' && (
                  <button type="button" className="button button-ghost" onClick={() => void choosePath()}>{t('printer.choosePath')}</button>
                )}
              </div>
            )}
          </Field>
        )}
        {kind === 'system' && (
          <Field label={t('printer.systemName')} hint={systemPrinters.length === 0 ? t('printer.noSystemPrinters') : undefined} error={issue('printer.connection.name')}>
            {(a11y) => (
              <select {...a11y} value={draft.systemName} onChange={(e) => setDraft({ ...draft, systemName: e.target.value })}>
                <option value="" />
                {systemPrinters.map((name) => <option key={name} value={name}>{name}</option>)}
              </select>
            )}
          </Field>
        )}
        <Field label={t('printer.paper')}>
          {(a11y) => (
            <select {...a11y} value={draft.printer.columns} onChange={(e) => printer({ columns: Number(e.target.value) as 32 | 48 })}>
              <option value={32}>{t('printer.paper.32')}</option>
              <option value={48}>{t('printer.paper.48')}</option>
            </select>
          )}
        </Field>
        <Field label={t('printer.charset')} hint={t('printer.charsetHint')}>
          {(a11y) => (
            <select {...a11y} value={draft.printer.characterSet} onChange={(e) => printer({ characterSet: e.target.value as Printer['characterSet'] })}>
              {(['PC858_EURO', 'PC850_MULTILINGUAL', 'WPC1252', 'PC437_USA'] as const).map((c) => <option key={c} value={c}>{c.replace('_', ' ')}</option>)}
            </select>
          )}
        </Field>
        <div className="checks">
          {check(t('printer.cut'), draft.printer.cut, (cut) => printer({ cut }), 'printer-cut')}
          {check(t('printer.drawer'), draft.printer.openDrawer, (openDrawer) => printer({ openDrawer }), 'printer-drawer')}
        </div>
      </div>

      <h3>{t('printer.receiptTexts')}</h3>
      <div className="form-grid">
        <Field label={t('printer.header')} error={issue('receipt.header')} className="field-wide">
          {(a11y) => <input {...a11y} value={draft.receipt.header} onChange={(e) => receipt({ header: e.target.value })} />}
        </Field>
        <Field label={t('printer.footer')} error={issue('receipt.footer')}>
          {(a11y) => <input {...a11y} value={draft.receipt.footer} onChange={(e) => receipt({ footer: e.target.value })} />}
        </Field>
        <Field label={t('printer.personalLine')} hint={t('printer.personalLineHint')} error={issue('receipt.personalLine')} className="field-wide">
          {(a11y) => <input {...a11y} value={draft.receipt.personalLine} onChange={(e) => receipt({ personalLine: e.target.value })} />}
        </Field>
        <Field label={t('printer.welcomeBackAfter')} error={issue('receipt.welcomeBackAfterDays')}>
          {(a11y) => <input {...a11y} inputMode="numeric" value={draft.welcomeBackAfterDays} onChange={(e) => setDraft({ ...draft, welcomeBackAfterDays: e.target.value })} />}
        </Field>
        <div className="checks field-wide">
          {check(t('printer.birthdayLine'), draft.receipt.birthdayLine, (birthdayLine) => receipt({ birthdayLine }), 'birthday-line')}
          {check(t('printer.welcomeBackLine'), draft.receipt.welcomeBackLine, (welcomeBackLine) => receipt({ welcomeBackLine }), 'welcome-line')}
        </div>
      </div>
      {error && !error.fields && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
      <div className="form-actions">
        <button type="submit" className="button button-primary">{t('printer.save')}</button>
        <button type="button" className="button button-ghost" onClick={() => void testPrint()}>{t('printer.test')}</button>
      </div>
    </form>
  );
}
