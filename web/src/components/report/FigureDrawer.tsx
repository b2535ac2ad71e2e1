/** The records behind one figure of the report: frozen ones once approved, the live ledger while a draft. */
import { Alert, Descriptions, Drawer, Empty, Grid, List, Pagination, Segmented, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { messageOf } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import type { FigureRecords, FigureSide, FigureSideSummary, ReportTarget } from './types';

export interface FigureRef {
  code: string;
  label: string;
  /** The figure as the report writes it ("60余条"). */
  text: string;
}

const PAGE_SIZE = 20;

export function FigureDrawer({ target, figure, onClose }: { target: ReportTarget; figure: FigureRef | null; onClose: () => void }) {
  const screens = Grid.useBreakpoint();
  const [page, setPage] = useState(1);
  // A ratio's numerator or denominator, a change's this year or last: undefined lists the figure's own records.
  const [side, setSide] = useState<FigureSide>();
  useEffect(() => {
    setPage(1);
    setSide(undefined);
  }, [figure?.code]);
  const { data, loading, error } = useApi<FigureRecords>(
    figure ? '/api/reports/figure' : null,
    figure ? { org: target.org, year: target.year, code: figure.code, side, page, pageSize: PAGE_SIZE } : undefined,
  );
  const current = data && data.code === figure?.code ? data : undefined;
  const sideName = (s: FigureSideSummary) => (s.side === 'current' ? `${target.year}年` : s.side === 'previous' ? `${target.year - 1}年` : s.side === 'numerator' ? '分子' : '分母');
  const bySide = (s: FigureSide) => current?.sides?.find((x) => x.side === s);
  const method = (() => {
    if (!current) return undefined;
    const [now, then] = [bySide('current'), bySide('previous')];
    if (now && then) {
      const delta = `${target.year}年 ${now.value} − ${target.year - 1}年 ${then.value}`;
      return current.unit === '%' ? `（${delta}）÷ ${target.year - 1}年 ${then.value}` : delta;
    }
    if (current.numerator !== undefined && current.denominator !== undefined) return `${current.numeratorLabel ?? '分子'} ${current.numerator} ÷ ${current.denominatorLabel ?? '分母'} ${current.denominator}`;
    return undefined;
  })();

  return (
    <Drawer
      open={figure !== null}
      onClose={onClose}
      size={screens.md ? 560 : '100%'}
      title={figure ? `“${figure.text}”背后的记录` : ''}
      destroyOnHidden
    >
      {figure && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {error ? <Alert type="error" showIcon title="无法载入记录" description={messageOf(error)} /> : null}
          {!current && loading ? <Skeleton active /> : null}
          {current && (
            <>
              <Descriptions
                size="small"
                column={1}
                bordered
                items={[
                  { key: 'label', label: '指标', children: current.label },
                  { key: 'value', label: '报告中的数字', children: `${figure.text}（台账数值 ${current.value}${current.unit === '%' ? '%' : current.unit}）` },
                  ...(method ? [{ key: 'method', label: '计算方法', children: method }] : []),
                  ...(current.definitionVersion !== undefined
                    ? [{ key: 'version', label: '指标定义', children: `自定义指标 第${current.definitionVersion}版${current.frozen ? '（审定时所用）' : ''}` }]
                    : []),
                  { key: 'kind', label: '来源台账', children: current.kindLabel },
                  {
                    key: 'frozen',
                    label: '数据状态',
                    children: current.frozen ? <Tag color="blue">审定时冻结的记录</Tag> : <Tag color="gold">实时台账（草稿，审定前会随台账变化）</Tag>,
                  },
                ]}
              />
              {current.sides?.length ? (
                <Segmented<FigureSide>
                  block
                  value={current.side ?? current.sides[0]?.side}
                  onChange={(value) => {
                    setSide(value);
                    setPage(1);
                  }}
                  options={current.sides.map((s) => ({ value: s.side, label: `${sideName(s)}：${s.label}（${s.total}条）` }))}
                />
              ) : null}
              <Typography.Text type="secondary">共 {current.total} 条记录，点击标题查看详情。</Typography.Text>
              {current.total === 0 ? (
                <Empty
                  description={
                    current.side === 'previous'
                      ? `${target.year - 1}年同期没有记录`
                      : current.frozen
                        ? '审定时这个数字背后没有记录'
                        : '这个数字背后没有记录：请在对应台账中登记本年度的工作'
                  }
                />
              ) : (
                <List
                  loading={loading}
                  dataSource={current.records}
                  renderItem={(r) => (
                    <List.Item key={r.id}>
                      <List.Item.Meta
                        title={
                          r.missing || r.kind === 'orgUnit' ? (
                            <Typography.Text type={r.missing ? 'secondary' : undefined}>{r.title}</Typography.Text>
                          ) : (
                            <Link to={`/ledgers/${r.kind}/${r.id}`} style={{ color: "#1d4ed8" }}>{r.title}</Link>
                          )
                        }
                        description={
                          <Space size={4} wrap>
                            {r.date ? <span>{r.date}</span> : null}
                            {r.orgName ? <span>· {r.orgName}</span> : null}
                            {r.inNumerator === true ? <Tag color="green">计入{current.numeratorLabel ?? '分子'}</Tag> : null}
                            {r.inNumerator === false ? <Tag>未计入{current.numeratorLabel ?? '分子'}</Tag> : null}
                          </Space>
                        }
                      />
                    </List.Item>
                  )}
                />
              )}
              {current.total > PAGE_SIZE ? (
                <Pagination size="small" current={page} pageSize={PAGE_SIZE} total={current.total} showSizeChanger={false} onChange={setPage} />
              ) : null}
            </>
          )}
        </Space>
      )}
    </Drawer>
  );
}
