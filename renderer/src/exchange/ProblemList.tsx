import type { RowProblem } from '../../../main/api/contract';
import { useI18n } from '../i18n';
import { problemText } from './problems';

/** What is wrong with one row of the file, a line per problem (the preview and the dry run's report). */
export function ProblemList({ problems }: { problems: readonly RowProblem[] }) {
  const i18n = useI18n();
  return (
    <ul className="plain-list exchange-problems">
      {problems.map((p, i) => <li key={i}>{problemText(i18n, p)}</li>)}
    </ul>
  );
}
