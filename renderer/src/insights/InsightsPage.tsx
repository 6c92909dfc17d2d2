import { useState } from 'react';
import type { Layer, MoveKind } from '../../../main/api/contract';
import { href, section } from '../app/router';
import { useI18n } from '../i18n';
import { LAYER_ORDER } from './format';
import { LayerView } from './LayerView';
import { MovementView } from './MovementView';
import { OverdueView } from './OverdueView';
import type { PeriodChoice } from './PeriodPicker';
import { periodParams, PyramidView } from './PyramidView';
import './insights.css';

export interface SectionProps {
  /** Path segments after `#/insights`: [] the pyramid, ['layer', 'top'], ['movement'], ['overdue']. */
  rest: string[];
  /** from/to ('YYYY-MM') for a chosen period, at for a page's first row, list for movement, within for overdue. */
  params: Record<string, string>;
}

const MONTH = /^\d{4}-\d{2}$/;
const KINDS: MoveKind[] = ['new', 'returned', 'up', 'down', 'lapsed'];

export function InsightsPage({ rest, params }: SectionProps) {
  const { t } = useI18n();
  // Saving the cut-offs changes every figure: the views ask again.
  const [version, setVersion] = useState(0);
  const period: PeriodChoice = params.from && params.to && MONTH.test(params.from) && MONTH.test(params.to) ? { from: params.from, to: params.to } : null;
  const at = Math.max(0, Math.floor(Number(params.at ?? 0)) || 0);
  const view = rest[0] === 'layer' || rest[0] === 'movement' || rest[0] === 'overdue' ? rest[0] : 'pyramid';
  const tab = view === 'layer' ? 'pyramid' : view;
  const tabs = [
    { id: 'pyramid', label: t('insights.tab.pyramid'), to: section('insights', [], periodParams(period)) },
    { id: 'movement', label: t('insights.tab.movement'), to: section('insights', ['movement'], periodParams(period)) },
    { id: 'overdue', label: t('insights.tab.overdue'), to: section('insights', ['overdue']) },
  ];
  const layer = (LAYER_ORDER as string[]).includes(rest[1] ?? '') ? (rest[1] as Layer) : 'top';
  const kind = (KINDS as string[]).includes(params.list ?? '') ? (params.list as MoveKind) : 'new';

  return (
    <div className="page insights">
      <nav className="insights-tabs" aria-label={t('insights.tabs')}>
        {tabs.map((x) => <a key={x.id} href={href(x.to)} aria-current={tab === x.id ? 'page' : undefined}>{x.label}</a>)}
      </nav>
      {view === 'pyramid' && <PyramidView period={period} version={version} onSettingsSaved={() => setVersion((v) => v + 1)} />}
      {view === 'layer' && <LayerView key={layer} layer={layer} period={period} offset={at} />}
      {view === 'movement' && <MovementView period={period} list={kind} offset={at} version={version} />}
      {view === 'overdue' && <OverdueView within={params.within ?? '60'} offset={at} version={version} />}
    </div>
  );
}
