/**
 * The dashboard's charts (loaded lazily, with ECharts): activity by month and area, disputes by
 * category and village, the resolution rate through the year, inspections by domain and the reach
 * of publicity. Every bar, point and slice opens the ledger list it counts; each chart can also be
 * read as a table whose rows are links, for the keyboard and for small screens.
 */
import { BarChartOutlined, TableOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Grid, List, Modal, Row, Segmented, Table, Typography } from 'antd';
import { useState, type CSSProperties, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { Chart, PALETTE, type ChartClick } from './Chart';
import { ledgerHref, monthLabel, monthPeriod, yearPeriod } from './format';
import type { Dashboard } from './types';

interface Props {
  data: Dashboard;
  year: number;
  /** Which kinds the role may read: a chart over another kind is not drawn. */
  readable: Set<string>;
  /** A phone-width screen: slanted axis labels, fewer words. */
  narrow?: boolean;
}

interface TableRow {
  key: string;
  label: string;
  href?: string;
  cells: Array<string | number>;
}

/** Read by screen readers, not shown. */
const HIDDEN: CSSProperties = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clipPath: 'inset(50%)', whiteSpace: 'nowrap' };

/** A chart card with a switch between the chart and the same figures as a table of links. */
function ChartCard({ title, extra, chart, columns, rows, empty }: { title: string; extra?: ReactNode; chart: ReactNode; columns: string[]; rows: TableRow[]; empty?: string }) {
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const hasData = rows.some((r) => r.cells.some((c) => typeof c === 'number' && c > 0));
  return (
    <Card
      title={title}
      size="small"
      style={{ height: '100%' }}
      extra={
        <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
          {extra}
          <Segmented
            size="small"
            value={view}
            onChange={(v) => setView(v as 'chart' | 'table')}
            options={[
              { value: 'chart', icon: <BarChartOutlined />, title: '图表', label: <span style={HIDDEN}>图表</span> },
              { value: 'table', icon: <TableOutlined />, title: '表格', label: <span style={HIDDEN}>表格</span> },
            ]}
            aria-label={`${title}：图表或表格`}
          />
        </span>
      }
    >
      {!hasData ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty ?? '本年度还没有记录'} />
      ) : view === 'chart' ? (
        chart
      ) : (
        <Table<TableRow>
          size="small"
          pagination={false}
          scroll={{ y: 280 }}
          rowKey="key"
          dataSource={rows}
          columns={[
            { title: columns[0], dataIndex: 'label', render: (_: unknown, r) => (r.href ? <Link to={r.href}>{r.label}</Link> : r.label) },
            ...columns.slice(1).map((c, i) => ({ title: c, key: c, align: 'right' as const, render: (_: unknown, r: TableRow) => r.cells[i] })),
          ]}
        />
      )}
    </Card>
  );
}

const AREA_ORDER = ['leadership', 'study', 'decision', 'enforcement', 'governance', 'publicity', 'plan'];
const MONTHS = (year: number) => Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
const axisTooltip = { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const } };
const grid = { left: 8, right: 16, top: 36, bottom: 8 };

function Activity({ data, year }: Props) {
  const navigate = useNavigate();
  const [picked, setPicked] = useState<Dashboard['activityByMonth'][number] | null>(null);
  const months = MONTHS(year);
  const areas = [...new Map(data.activityByMonth.map((a) => [a.area, a.areaLabel])).entries()].sort(([a], [b]) => AREA_ORDER.indexOf(a) - AREA_ORDER.indexOf(b));
  const entry = (area: string, month: string) => data.activityByMonth.find((a) => a.area === area && a.month === month);
  const open = (item: Dashboard['activityByMonth'][number] | undefined) => {
    if (!item) return;
    const only = item.kinds.length === 1 ? item.kinds[0] : undefined;
    if (only) void navigate(ledgerHref(only.kind, monthPeriod(item.month)));
    else setPicked(item);
  };
  const option = {
    color: PALETTE,
    tooltip: axisTooltip,
    legend: { type: 'scroll', top: 0 },
    grid,
    xAxis: { type: 'category', data: months.map(monthLabel) },
    yAxis: { type: 'value', minInterval: 1 },
    series: areas.map(([area, label]) => ({ name: label, type: 'bar', stack: 'all', emphasis: { focus: 'series' }, data: months.map((m) => entry(area, m)?.count ?? 0) })),
  };
  const rows: TableRow[] = months.map((m) => ({
    key: m,
    label: monthLabel(m),
    cells: [...areas.map(([area]) => entry(area, m)?.count ?? 0), data.activityByMonth.filter((a) => a.month === m).reduce((s, a) => s + a.count, 0)],
  }));
  return (
    <>
      <ChartCard
        title="各月工作记录（按方面）"
        chart={<Chart label={`${year}年各月工作记录数，按报告的各方面堆叠`} option={option} height={300} onClick={(e: ChartClick) => open(entry(areas[e.seriesIndex ?? 0]?.[0] ?? '', months[e.dataIndex] ?? ''))} />}
        columns={['月份', ...areas.map(([, l]) => l), '合计']}
        rows={rows}
      />
      <Modal open={!!picked} onCancel={() => setPicked(null)} footer={null} title={picked ? `${monthLabel(picked.month)}「${picked.areaLabel}」的记录` : ''}>
        <List
          dataSource={picked?.kinds ?? []}
          renderItem={(k) => (
            <List.Item extra={<Typography.Text type="secondary">{k.count} 条</Typography.Text>}>
              <Link to={picked ? ledgerHref(k.kind, monthPeriod(picked.month)) : '#'}>{k.kindLabel}</Link>
            </List.Item>
          )}
        />
      </Modal>
    </>
  );
}

function DisputeCategories({ data, year }: Props) {
  const navigate = useNavigate();
  const href = (code: string) => ledgerHref('dispute', { ...(code ? { category: code } : {}), ...yearPeriod(year) });
  const option = {
    color: PALETTE,
    tooltip: { trigger: 'item', formatter: '{b}：{c} 件（{d}%）' },
    legend: { type: 'scroll', bottom: 0 },
    series: [
      {
        name: '纠纷类别',
        type: 'pie',
        radius: ['38%', '66%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{c}件' },
        data: data.disputesByCategory.map((c) => ({ name: c.label, value: c.count, code: c.code })),
      },
    ],
  };
  return (
    <ChartCard
      title="矛盾纠纷类别"
      chart={<Chart label={`${year}年矛盾纠纷按类别的件数`} option={option} onClick={(e: ChartClick) => navigate(href((e.data as { code: string }).code))} />}
      columns={['类别', '件数', '已化解']}
      rows={data.disputesByCategory.map((c) => ({ key: c.code || 'none', label: c.label, href: href(c.code), cells: [c.count, c.resolved] }))}
    />
  );
}

function DisputeVillages({ data, year, narrow }: Props) {
  const navigate = useNavigate();
  const villages = data.disputesByVillage;
  const href = (orgId: string | null, resolved = false) => ledgerHref('dispute', { ...(orgId ? { village: orgId } : {}), ...(resolved ? { status: 'resolved' } : {}), ...yearPeriod(year) });
  const option = {
    color: ['#93c5fd', '#16a34a'],
    tooltip: axisTooltip,
    legend: { top: 0 },
    grid: { ...grid, bottom: 8 },
    xAxis: { type: 'category', data: villages.map((v) => v.name), axisLabel: { interval: 0, rotate: villages.length > (narrow ? 4 : 14) ? 40 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '登记', type: 'bar', barMaxWidth: 32, data: villages.map((v) => v.count) },
      { name: '已化解', type: 'bar', barMaxWidth: 32, data: villages.map((v) => v.resolved) },
    ],
  };
  return (
    <ChartCard
      title="各村（社区）矛盾纠纷"
      chart={<Chart label={`${year}年各村（社区）登记和化解的矛盾纠纷件数`} option={option} onClick={(e: ChartClick) => navigate(href(villages[e.dataIndex]?.orgId ?? null, e.seriesIndex === 1))} />}
      columns={['村（社区）', '登记', '已化解']}
      rows={villages.map((v) => ({ key: v.orgId ?? 'none', label: v.name, href: href(v.orgId), cells: [v.count, v.resolved] }))}
    />
  );
}

function Resolution({ data, year }: Props) {
  const navigate = useNavigate();
  let registered = 0;
  let resolved = 0;
  const points = data.resolutionByMonth.map((m) => {
    registered += m.registered;
    resolved += m.resolved;
    return { ...m, cumRegistered: registered, cumResolved: resolved, rate: registered ? Math.round((resolved / registered) * 1000) / 10 : null };
  });
  const option = {
    color: ['#1d4ed8', '#cbd5e1'],
    tooltip: {
      trigger: 'axis',
      formatter: (params: Array<{ dataIndex: number }>) => {
        const p = points[params[0]?.dataIndex ?? 0];
        if (!p) return '';
        return `${monthLabel(p.month)}<br/>本月登记 ${p.registered} 件，其中已化解 ${p.resolved} 件<br/>累计登记 ${p.cumRegistered} 件，已化解 ${p.cumResolved} 件<br/>累计化解率 ${p.rate === null ? '—' : `${p.rate}%`}`;
      },
    },
    legend: { top: 0 },
    grid: { ...grid, right: 8 },
    xAxis: { type: 'category', data: points.map((p) => monthLabel(p.month)) },
    yAxis: [
      { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      { type: 'value', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { name: '累计化解率', type: 'line', smooth: true, connectNulls: true, data: points.map((p) => p.rate), symbolSize: 8 },
      { name: '本月登记', type: 'bar', yAxisIndex: 1, barMaxWidth: 16, data: points.map((p) => p.registered) },
    ],
  };
  return (
    <ChartCard
      title="矛盾纠纷化解率（按登记月份累计）"
      chart={<Chart label={`${year}年各月累计的矛盾纠纷化解率`} option={option} onClick={(e: ChartClick) => navigate(ledgerHref('dispute', monthPeriod(points[e.dataIndex]?.month ?? `${year}-01`)))} />}
      columns={['月份', '登记', '已化解', '累计化解率']}
      rows={points.map((p) => ({ key: p.month, label: monthLabel(p.month), href: ledgerHref('dispute', monthPeriod(p.month)), cells: [p.registered, p.resolved, p.rate === null ? '—' : `${p.rate}%`] }))}
    />
  );
}

function Inspections({ data, year }: Props) {
  const navigate = useNavigate();
  const domains = data.inspectionsByDomain;
  const href = (code: string) => ledgerHref('inspection', { ...(code ? { domain: code } : {}), ...yearPeriod(year) });
  const option = {
    color: ['#0891b2', '#f59e0b', '#16a34a'],
    tooltip: axisTooltip,
    legend: { top: 0 },
    grid,
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: domains.map((d) => d.label) },
    series: [
      { name: '检查次数', type: 'bar', data: domains.map((d) => d.count) },
      { name: '发现问题', type: 'bar', data: domains.map((d) => d.problemsFound) },
      { name: '已整改', type: 'bar', data: domains.map((d) => d.problemsRectified) },
    ],
  };
  return (
    <ChartCard
      title="专项执法检查（按领域）"
      chart={<Chart label={`${year}年各领域专项执法检查次数、发现和整改的问题数`} option={option} onClick={(e: ChartClick) => navigate(href(domains[e.dataIndex]?.code ?? ''))} />}
      columns={['领域', '检查次数', '发现问题', '已整改']}
      rows={domains.map((d) => ({ key: d.code || 'none', label: d.label, href: href(d.code), cells: [d.count, d.problemsFound, d.problemsRectified] }))}
    />
  );
}

function Publicity({ data, year }: Props) {
  const navigate = useNavigate();
  const { online, offline } = data.publicityReach;
  const modes = ['online', 'offline'] as const;
  const href = (mode: string) => ledgerHref('publicityItem', { mode, ...yearPeriod(year) });
  const option = {
    color: ['#7c3aed', '#f472b6'],
    tooltip: axisTooltip,
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: ['线上推送', '线下活动'] },
    yAxis: [
      { type: 'value', name: '条/场', minInterval: 1 },
      { type: 'value', name: '人次', splitLine: { show: false } },
    ],
    series: [
      { name: '推送条数/活动场次', type: 'bar', barMaxWidth: 40, data: [online.posts, offline.events] },
      { name: '阅读量/受众人次', type: 'bar', yAxisIndex: 1, barMaxWidth: 40, data: [online.reads, offline.audience] },
    ],
  };
  return (
    <ChartCard
      title="普法宣传覆盖"
      chart={<Chart label={`${year}年线上普法推送条数和阅读量、线下普法活动场次和受众人次`} option={option} onClick={(e: ChartClick) => navigate(href(modes[e.dataIndex] ?? 'online'))} />}
      columns={['方式', '条数/场次', '阅读量/受众人次']}
      rows={[
        { key: 'online', label: '线上推送', href: href('online'), cells: [online.posts, online.reads] },
        { key: 'offline', label: '线下活动', href: href('offline'), cells: [offline.events, offline.audience] },
      ]}
    />
  );
}

export default function DashboardCharts(input: Props) {
  const screens = Grid.useBreakpoint();
  const props = { ...input, narrow: !screens.md };
  const { readable } = props;
  const charts: Array<[string, ReactNode, number]> = [
    ['activity', <Activity key="activity" {...props} />, 24],
    ...(readable.has('dispute')
      ? ([
          ['resolution', <Resolution key="resolution" {...props} />, 12],
          ['categories', <DisputeCategories key="categories" {...props} />, 12],
          ['villages', <DisputeVillages key="villages" {...props} />, 24],
        ] as Array<[string, ReactNode, number]>)
      : []),
    ...(readable.has('inspection') ? ([['inspections', <Inspections key="inspections" {...props} />, 12]] as Array<[string, ReactNode, number]>) : []),
    ...(readable.has('publicityItem') ? ([['publicity', <Publicity key="publicity" {...props} />, 12]] as Array<[string, ReactNode, number]>) : []),
  ];
  return (
    <Row gutter={[16, 16]}>
      {charts.map(([key, chart, span]) => (
        <Col key={key} xs={24} xl={span}>
          {chart}
        </Col>
      ))}
    </Row>
  );
}
