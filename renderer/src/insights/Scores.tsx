import type { I18n } from '../i18n';
import { useI18n } from '../i18n';

/** R, F and M as three small marks; each says in words what it is (for a screen reader and on hover). */
export function Scores({ recency, frequency, monetary }: { recency: number; frequency: number; monetary: number }) {
  const i18n = useI18n();
  if (recency === 0) return <span className="muted">{i18n.t('insights.score.none')}</span>;
  return (
    <span className="rfm-scores">
      <Score i18n={i18n} letter="R" what="recency" score={recency} />
      <Score i18n={i18n} letter="F" what="frequency" score={frequency} />
      <Score i18n={i18n} letter="M" what="monetary" score={monetary} />
    </span>
  );
}

function Score({ i18n, letter, what, score }: { i18n: I18n; letter: string; what: string; score: number }) {
  const words = `${i18n.tDynamic(`insights.score.${what}`)} ${i18n.t('insights.score.of', { n: score })}`;
  return (
    <span className={`rfm-score rfm-${score}`} title={words}>
      <span aria-hidden="true">{letter}{score}</span>
      <span className="visually-hidden">{words}</span>
    </span>
  );
}
