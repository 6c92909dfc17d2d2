import { Funnel, FunnelChart, Trapezoid, type FunnelTrapezoidItem } from 'recharts';
import type { Layer, Pyramid } from '../../../main/api/contract';
import { useI18n } from '../i18n';
import { counted } from '../today/format';
import { count, LAYER_ORDER, layerName, percent } from './format';

// Curry's pyramid as the shop knows it from the books: a fixed shape, narrow at the top,
// one band per layer with its name, how many customers and their share of the revenue.
// The bands' widths show the order, not the numbers; the table beside it and the bar chart
// under it carry the figures (and are the text alternative for a screen reader).

export const LAYER_COLOURS: Record<Layer, { fill: string; text: string }> = {
  top: { fill: '#0a4644', text: '#ffffff' },
  large: { fill: '#0f5e5b', text: '#ffffff' },
  medium: { fill: '#2f7a74', text: '#ffffff' },
  small: { fill: '#8cc2bb', text: '#0a2e2c' },
  inactive: { fill: '#d9d4c7', text: '#2b3335' },
  prospect: { fill: '#efebe2', text: '#2b3335' },
};

interface Band {
  layer: Layer;
  shape: number;
  customers: number;
  revenueShare: number;
}

export function PyramidChart({ pyramid, onOpen }: { pyramid: Pyramid; onOpen(layer: Layer): void }) {
  const i18n = useI18n();
  const data: Band[] = LAYER_ORDER.map((layer, i) => {
    const l = pyramid.layers.find((x) => x.layer === layer)!;
    return { layer, shape: i + 2, customers: l.customers, revenueShare: l.revenueShare };
  });
  const summary = data
    .map((b) => `${layerName(i18n, b.layer)}: ${counted(i18n, 'insights.chart.band', b.customers, { n: count(i18n, b.customers), share: percent(i18n, b.revenueShare) })}`)
    .join('; ');

  const band = (item: FunnelTrapezoidItem) => {
    const b = item.payload as Band;
    const colour = LAYER_COLOURS[b.layer];
    const middle = item.x + item.upperWidth / 2;
    const paying = b.layer !== 'inactive' && b.layer !== 'prospect';
    return (
      <g className="pyramid-band" onClick={() => onOpen(b.layer)}>
        <Trapezoid x={item.x} y={item.y} upperWidth={item.upperWidth} lowerWidth={item.lowerWidth} height={item.height}
          fill={colour.fill} stroke="#ffffff" strokeWidth={2} />
        <text x={middle} y={item.y + item.height / 2 - (paying ? 4 : -5)} textAnchor="middle" fill={colour.text} fontSize={15} fontWeight={700}>
          {layerName(i18n, b.layer)} · {count(i18n, b.customers)}
        </text>
        {paying && (
          <text x={middle} y={item.y + item.height / 2 + 14} textAnchor="middle" fill={colour.text} fontSize={12.5}>
            {i18n.t('insights.chart.revenueShare', { share: percent(i18n, b.revenueShare) })}
          </text>
        )}
      </g>
    );
  };

  return (
    <div role="img" aria-label={`${i18n.t('insights.chart.pyramidLabel')} ${summary}`} className="pyramid-chart">
      <FunnelChart width={440} height={348} margin={{ top: 4, right: 4, bottom: 4, left: 4 }} accessibilityLayer={false}>
        <Funnel dataKey="shape" nameKey="layer" data={data} isAnimationActive={false} lastShapeType="rectangle" shape={band} />
      </FunnelChart>
    </div>
  );
}
