/** The towns' totals as bars, highest first (loaded lazily, with ECharts); a bar opens that town. */
import { Chart, type ChartClick } from '../dashboard/Chart';
import type { AssessmentOverview } from '../../../../src/shared/assessment.js';

interface Props {
  overview: AssessmentOverview;
  onPick: (orgId: string) => void;
}

export default function ScoreChart({ overview, onPick }: Props) {
  const towns = [...overview.towns].sort((a, b) => b.total - a.total);
  const option = {
    color: ['#1d4ed8'],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v} 分` },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: towns.map((t) => t.org.name), axisLabel: { interval: 0, rotate: towns.length > 8 ? 40 : 0 } },
    yAxis: { type: 'value', max: overview.scheme.totalPoints },
    series: [{ name: '总分', type: 'bar', barMaxWidth: 48, label: { show: true, position: 'top' }, data: towns.map((t) => t.total) }],
  };
  return (
    <Chart
      label={`${overview.scheme.title}：各镇总分`}
      option={option}
      height={280}
      onClick={(e: ChartClick) => {
        const town = towns[e.dataIndex];
        if (town) onPick(town.org.id);
      }}
    />
  );
}
