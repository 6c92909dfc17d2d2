import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { Pyramid } from '../../../main/api/contract';
import { useI18n } from '../i18n';
import { layerName, PAYING, percent } from './format';

// The Pareto picture: each paying layer's share of the buyers beside its share of the
// revenue ("5 % of the customers, 34 % of the revenue").

export function ShareChart({ pyramid }: { pyramid: Pyramid }) {
  const i18n = useI18n();
  const { t } = i18n;
  const data = PAYING.map((layer) => {
    const l = pyramid.layers.find((x) => x.layer === layer)!;
    return { name: layerName(i18n, layer), customers: l.customerShare * 100, revenue: l.revenueShare * 100 };
  });
  const label = data.map((d) => t('insights.share.item', {
    layer: d.name, customers: percent(i18n, d.customers / 100), revenue: percent(i18n, d.revenue / 100),
  })).join('; ');
  const asPercent = (v: unknown) => percent(i18n, Number(v) / 100);
  return (
    <div role="img" aria-label={`${t('insights.share.title')}: ${label}`} className="share-chart">
      <ResponsiveContainer width="100%" height={230}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 48, bottom: 4, left: 8 }}
          barGap={2} barCategoryGap="22%" accessibilityLayer={false}>
          <CartesianGrid horizontal={false} stroke="#e3ded4" />
          <XAxis type="number" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tickFormatter={asPercent} stroke="#5b6a6f" fontSize={12} />
          <YAxis type="category" dataKey="name" width={76} stroke="#5b6a6f" fontSize={13} tickLine={false} />
          <Legend verticalAlign="top" height={26} iconType="square" wrapperStyle={{ fontSize: 13 }} />
          <Bar dataKey="customers" name={t('insights.share.customers')} fill="#9fcfc8" isAnimationActive={false}>
            <LabelList dataKey="customers" position="right" formatter={asPercent} fontSize={12} fill="#2b3335" />
          </Bar>
          <Bar dataKey="revenue" name={t('insights.share.revenue')} fill="#0f5e5b" isAnimationActive={false}>
            <LabelList dataKey="revenue" position="right" formatter={asPercent} fontSize={12} fill="#0a4644" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
