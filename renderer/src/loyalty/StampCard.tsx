import { useI18n } from '../i18n';
import { counted } from '../today/format';

/** ■■■■■■■□□□ 7/10, drawn as a stamp card; full cards waiting are said in words. */
export function StampCard({ balance, size }: { balance: number; size: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const full = Math.floor(balance / size);
  // A balance of exactly one card shows that card full rather than an empty new one.
  const filled = balance > 0 && balance % size === 0 ? size : balance % size;
  const label = t('loyalty.cardProgress', { filled, size });
  return (
    <div className="stamp-card-wrap">
      <div className="stamp-card" role="img" aria-label={label}>
        {Array.from({ length: size }, (_, i) => (
          <span key={i} className={`stamp${i < filled ? ' is-filled' : ''}`} aria-hidden="true" />
        ))}
      </div>
      <span className="muted stamp-caption">{filled}/{size}</span>
      {full > 0 && <span className="badge badge-strong">{counted(i18n, 'loyalty.cardsFull', full)}</span>}
    </div>
  );
}
