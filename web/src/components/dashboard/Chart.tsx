/**
 * One ECharts chart with only the parts the app draws (bars, lines, pies). Imported only by lazily
 * loaded modules, so ECharts stays out of the first page's bundle.
 */
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
// ECharts' own option type: echarts-for-react declares its EChartsOption as `any`.
import type { EChartsCoreOption as EChartsOption } from 'echarts/core';
import { FONT_STACK } from './fonts';

echarts.use([BarChart, LineChart, PieChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** What a click on a bar, point or slice says. */
export interface ChartClick {
  seriesName?: string;
  seriesIndex?: number;
  dataIndex: number;
  name: string;
  data: unknown;
}

interface Props {
  option: EChartsOption;
  height?: number;
  /** What the chart shows, for screen readers (ECharts adds a description of the data). */
  label: string;
  onClick?: (event: ChartClick) => void;
}

export function Chart({ option, height = 280, label, onClick }: Props) {
  return (
    <div role="img" aria-label={label}>
      <ReactEChartsCore
        echarts={echarts}
        option={{ aria: { enabled: true }, textStyle: { fontFamily: FONT_STACK }, animationDuration: 400, ...option }}
        notMerge
        opts={{ locale: 'ZH' }}
        style={{ height, width: '100%', cursor: onClick ? 'pointer' : undefined }}
        onEvents={onClick ? { click: onClick } : undefined}
      />
    </div>
  );
}

export const PALETTE = ['#1d4ed8', '#0891b2', '#16a34a', '#ca8a04', '#ea580c', '#db2777', '#7c3aed', '#64748b'];
