/** One indicator across the units being compared, as bars (loaded lazily, with ECharts); a bar opens that unit. */
import { Chart, type ChartClick } from './Chart';
import { formatNumber, hasValue } from './format';
import type { CompareResponse } from './types';

interface Props {
  rows: CompareResponse['rows'];
  code: string;
  year: number;
  onPick: (orgId: string) => void;
}

export default function UnitBarChart({ rows, code, year, onPick }: Props) {
  const points = rows.map((r) => ({ org: r.org, value: r.values.find((v) => v.code === code) }));
  const first = points.find((p) => p.value)?.value;
  const unit = first?.unit ?? '';
  const option = {
    color: ['#1d4ed8'],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number | null) => (v === null ? '—' : `${formatNumber(v, unit)}${unit}`) },
    grid: { left: 8, right: 16, top: 24, bottom: 8 },
    xAxis: { type: 'category', data: points.map((p) => p.org.name), axisLabel: { interval: 0, rotate: points.length > 8 ? 40 : 0 } },
    yAxis: { type: 'value', minInterval: unit === '%' ? undefined : 1, max: unit === '%' ? 100 : undefined, axisLabel: { formatter: unit === '%' ? '{value}%' : '{value}' } },
    series: [
      {
        name: first?.label ?? code,
        type: 'bar',
        barMaxWidth: 48,
        label: { show: true, position: 'top', formatter: (p: { value: number | null }) => (p.value === null ? '—' : `${formatNumber(p.value, unit)}${unit === '%' ? '%' : ''}`) },
        data: points.map((p) => (p.value && hasValue(p.value) ? p.value.value : null)),
      },
    ],
  };
  return (
    <Chart
      label={`${year}年各单位的「${first?.label ?? code}」`}
      option={option}
      height={320}
      onClick={(e: ChartClick) => {
        const org = points[e.dataIndex]?.org;
        if (org) onPick(org.id);
      }}
    />
  );
}
