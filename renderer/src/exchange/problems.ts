import type { RowProblem } from '../../../main/api/contract';
import type { I18n } from '../i18n';

/** "E-mail “piet@” is not an e-mail address": the column, the value as in the file, and why. */
export function problemText(i18n: I18n, problem: RowProblem): string {
  const where = problem.column ?? (problem.field ? i18n.tDynamic(`exchange.field.${problem.field}`) : i18n.t('exchange.report.wholeRow'));
  const value = problem.value === '' ? '' : ` “${problem.value}”`;
  return `${where}${value} ${i18n.tDynamic(`exchange.problem.${problem.code}`, problem.params)}`;
}
