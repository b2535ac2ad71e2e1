/**
 * 各镇对比 (for county reviewers): the county's towns side by side for a year — a sortable table
 * of chosen figures and a bar chart of one — and, for a town picked from either, its own figures
 * (each opening its records) and its annual report. Reviewers read only: nothing here edits.
 */
import { ArrowLeftOutlined, FileTextOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Select, Skeleton, Space, Table, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { formatValue, MAIN_INDICATORS } from '../components/dashboard/format';
import { IndicatorCards } from '../components/dashboard/IndicatorCards';
import { RecordsDrawer } from '../components/dashboard/RecordsDrawer';
import type { CompareResponse, IndicatorsResponse, IndicatorValue } from '../components/dashboard/types';
import { messageOf, withQuery } from '../lib/api';
import { useMe } from '../lib/session';
import type { DueList } from '../lib/types';
import { useApi } from '../lib/useApi';

const UnitBarChart = lazy(() => import('../components/dashboard/UnitBarChart'));

/** The level compared under each level of unit, and what its units are called. */
const BELOW: Record<string, { level: string; label: string }> = {
  province: { level: 'city', label: '各市' },
  city: { level: 'county', label: '各旗县' },
  county: { level: 'town', label: '各镇' },
  town: { level: 'village', label: '各村（社区）' },
};
const DEFAULT_COLUMNS = MAIN_INDICATORS.slice(0, 6);

type Row = CompareResponse['rows'][number];

export default function CountyPage() {
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const below = BELOW[me.org.level] ?? { level: 'village', label: '各下级单位' };

  const day = useApi<DueList>('/api/due', { within: 1 });
  const currentYear = Number((day.data?.on ?? new Date().toISOString()).slice(0, 4));
  const asked = Number(params.get('year'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= currentYear ? asked : currentYear;
  const ready = !!day.data || !!day.error;

  const compare = useApi<CompareResponse>(ready ? '/api/indicators/compare' : null, { org: me.org.id, year, level: below.level });
  const own = useApi<IndicatorsResponse>(ready ? '/api/indicators' : null, { org: me.org.id, year });

  const loadedRows = compare.data?.rows;
  const rows = loadedRows ?? [];
  const options = useMemo(() => (loadedRows?.[0]?.values ?? []).map((v) => ({ value: v.code, label: `${v.label}（${v.unit}）` })), [loadedRows]);
  const available = new Set(options.map((o) => o.value));
  const columns = (params.get('codes')?.split(',') ?? DEFAULT_COLUMNS).filter((c) => available.has(c));
  const chartCode = params.get('chart') && available.has(params.get('chart') ?? '') ? (params.get('chart') as string) : (columns[0] ?? options[0]?.value ?? '');
  const townId = params.get('town');
  const [figure, setFigure] = useState<{ org: { id: string; name: string }; code: string; label: string } | null>(null);
  const town = rows.find((r) => r.org.id === townId)?.org;

  const patch = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    setParams(next);
  };

  const valueOf = (row: Row, code: string) => row.values.find((v) => v.code === code);
  const ownValue = (code: string) => own.data?.items.find((v) => v.code === code);
  const sortValue = (v: IndicatorValue | undefined) => (v && (v.unit !== '%' || (v.denominator ?? 0) > 0) ? v.value : -1);
  const years = Array.from({ length: 6 }, (_, i) => currentYear - i);

  const header = (
    <Flex wrap gap={12} align="center" justify="space-between">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {below.label}对比
        </Typography.Title>
        <Typography.Text type="secondary">{me.org.name} · 每个单位按其自身辖区统计，数字可点开查看背后的记录</Typography.Text>
      </div>
      <Space>
        <label htmlFor="county-year">年度</label>
        <Select id="county-year" value={year} style={{ width: 110 }} onChange={(y) => patch({ year: y === currentYear ? undefined : String(y) })} options={years.map((y) => ({ value: y, label: `${y}年` }))} />
      </Space>
    </Flex>
  );

  if (!ready || (compare.loading && !compare.data)) {
    return (
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        {header}
        <Skeleton active paragraph={{ rows: 8 }} />
      </Space>
    );
  }
  if (compare.error) {
    return (
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        {header}
        <Alert type="error" showIcon title="无法加载对比数据" description={messageOf(compare.error)} action={<Button onClick={compare.reload}>重试</Button>} />
      </Space>
    );
  }

  if (town) {
    return (
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        {header}
        <Card
          title={
            <Space wrap>
              <Button icon={<ArrowLeftOutlined />} onClick={() => patch({ town: undefined })}>
                返回对比
              </Button>
              <span>
                {town.name} {year}年
              </span>
            </Space>
          }
          extra={
            <Button type="link" icon={<FileTextOutlined />} onClick={() => navigate(withQuery('/report', { org: town.id, year }))}>
              查看年度报告
            </Button>
          }
        >
          <IndicatorCards orgId={town.id} orgName={town.name} year={year} />
        </Card>
      </Space>
    );
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {header}
      {!rows.length ? (
        <Empty description={`${me.org.name}下还没有${below.label.slice(1)}，或您的角色没有可以对比的指标`} />
      ) : (
        <>
          <Card size="small" title="指标对比">
            <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
              <label htmlFor="county-codes">对比的指标</label>
              <Select
                id="county-codes"
                mode="multiple"
                placeholder="选择要对比的指标"
                value={columns}
                maxTagCount="responsive"
                style={{ flex: '1 1 260px', maxWidth: 720 }}
                onChange={(codes: string[]) => patch({ codes: codes.join(',') })}
                options={options}
                showSearch={{ optionFilterProp: 'label' }}
              />
            </Flex>
            <Table<Row>
              size="middle"
              rowKey={(r) => r.org.id}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 160 + columns.length * 140 }}
              locale={{ emptyText: '请在右上角选择要对比的指标' }}
              columns={[
                {
                  title: '单位',
                  key: 'org',
                  fixed: 'left',
                  width: 120,
                  sorter: (a, b) => a.org.name.localeCompare(b.org.name, 'zh-CN'),
                  render: (_, r) => (
                    <Button type="link" style={{ padding: 0 }} onClick={() => patch({ town: r.org.id })} aria-label={`查看${r.org.name}的指标`}>
                      {r.org.name}
                    </Button>
                  ),
                },
                ...columns.map((code) => {
                  const sample = rows.map((r) => valueOf(r, code)).find(Boolean);
                  return {
                    title: sample ? `${sample.label}${sample.unit === '%' ? '' : `（${sample.unit}）`}` : code,
                    key: code,
                    width: 140,
                    align: 'right' as const,
                    sorter: (a: Row, b: Row) => sortValue(valueOf(a, code)) - sortValue(valueOf(b, code)),
                    render: (_: unknown, r: Row) => {
                      const v = valueOf(r, code);
                      if (!v) return '—';
                      return (
                        <Button
                          type="link"
                          style={{ padding: 0, height: 'auto' }}
                          aria-label={`${r.org.name}「${v.label}」${formatValue(v)}，查看背后的记录`}
                          onClick={() => setFigure({ org: r.org, code: v.code, label: v.label })}
                        >
                          {formatValue(v)}
                        </Button>
                      );
                    },
                  };
                }),
              ]}
              summary={() =>
                own.data && columns.length ? (
                  <Table.Summary fixed>
                    <Table.Summary.Row>
                      <Table.Summary.Cell index={0}>
                        <Typography.Text strong>{me.org.name}（全部）</Typography.Text>
                      </Table.Summary.Cell>
                      {columns.map((code, i) => {
                        const v = ownValue(code);
                        return (
                          <Table.Summary.Cell key={code} index={i + 1} align="right">
                            <Typography.Text strong>{v ? formatValue(v) : '—'}</Typography.Text>
                          </Table.Summary.Cell>
                        );
                      })}
                    </Table.Summary.Row>
                  </Table.Summary>
                ) : null
              }
            />
          </Card>
          <Card size="small" title="单项对比图">
            <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
              <label htmlFor="county-chart">图中的指标</label>
              <Select
                id="county-chart"
                value={chartCode || undefined}
                style={{ flex: '0 1 360px', minWidth: 200 }}
                showSearch={{ optionFilterProp: 'label' }}
                onChange={(code: string) => patch({ chart: code })}
                options={options}
              />
            </Flex>
            <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
              {chartCode && <UnitBarChart rows={rows} code={chartCode} year={year} onPick={(id) => patch({ town: id })} />}
            </Suspense>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              点击柱子或表格中的单位名称，查看该单位的各项指标和年度报告。
            </Typography.Text>
          </Card>
          <RecordsDrawer
            orgId={figure?.org.id ?? me.org.id}
            orgName={figure?.org.name}
            year={year}
            figure={figure ? { code: figure.code, label: figure.label } : null}
            onClose={() => setFigure(null)}
          />
        </>
      )}
    </Space>
  );
}
