import qrcode from 'qrcode-generator';
import type { PrintLine } from '../../../main/api/contract';
import { useI18n } from '../i18n';

/** The slip as it comes out of the printer: the same lines, the same width. */
export function Paper({ lines, columns }: { lines: PrintLine[]; columns: number }) {
  const { t } = useI18n();
  return (
    <div className={`paper paper-${columns}`} role="document" aria-label={t('receipt.preview')}>
      {lines.map((line, i) => {
        switch (line.kind) {
          case 'text':
            return (
              <div key={i} className={`paper-line align-${line.align}${line.bold ? ' is-bold' : ''}${line.large ? ' is-large' : ''}`}>
                {line.text || '\u00a0'}
              </div>
            );
          case 'rule':
            return <div key={i} className="paper-line paper-rule" aria-hidden="true">{'-'.repeat(columns)}</div>;
          case 'blank':
            return <div key={i} className="paper-line" aria-hidden="true">{'\u00a0'}</div>;
          case 'barcode':
            return <Barcode key={i} widths={line.bars} label={t('receipt.barcode', { value: line.value })} />;
          case 'qr':
            return <Qr key={i} value={line.value} label={t('receipt.qr', { value: line.value })} />;
        }
      })}
    </div>
  );
}

/** Drawn from the widths the layout computed, so the preview is the printer's barcode. */
function Barcode({ widths, label }: { widths: readonly number[]; label: string }) {
  const starts = widths.map((_, i) => widths.slice(0, i).reduce((a, b) => a + b, 0));
  const total = widths.reduce((a, b) => a + b, 0);
  const bars = widths.map((w, i) => (i % 2 === 0 ? <rect key={i} x={starts[i]} y={0} width={w} height={40} /> : null));
  return (
    <div className="paper-graphic">
      <svg role="img" aria-label={label} viewBox={`-10 0 ${total + 20} 40`} className="barcode" preserveAspectRatio="none">
        {bars}
      </svg>
    </div>
  );
}

function Qr({ value, label }: { value: string; label: string }) {
  const qr = qrcode(0, 'M');
  qr.addData(value);
  qr.make();
  const n = qr.getModuleCount();
  const cells = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) cells.push(<rect key={`${r}-${c}`} x={c} y={r} width={1} height={1} />);
  return (
    <div className="paper-graphic">
      <svg role="img" aria-label={label} viewBox={`-2 -2 ${n + 4} ${n + 4}`} className="qr">
        {cells}
      </svg>
    </div>
  );
}
