/** 待办: every overdue and due-soon item in the caller's jurisdiction on a day, filterable, each linked to its record. */
import { InfoCircleOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Empty, Flex, Grid, List, Segmented, Select, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { messageOf } from '../../lib/api';
import { useMe } from '../../lib/session';
import type { DueItem, DueList } from '../../lib/types';
import { useApi } from '../../lib/useApi';
import { seesTowns, unitLabel } from '../ledger/model';
import { DueRow } from './DuePanel';
import { byUrgency, daysLeftText, dueHref, DUE_SOURCES } from './format';

const WITHIN = [7, 14, 30, 60];
/** Sorts rows by a name, in Chinese order. */
const byText = (name: (i: DueItem) => string | null | undefined) => (a: DueItem, b: DueItem) => (name(a) ?? '').localeCompare(name(b) ?? '', 'zh-CN');
type Show = 'all' | 'overdue' | 'soon';

interface Props {
  on: string | undefined;
  within: number;
  onChange: (patch: { on?: string; within?: number }) => void;
}

export function DueTable({ on, within, onChange }: Props) {
  const { data, loading, error, reload } = useApi<DueList>('/api/due', { on, within });
  const [show, setShow] = useState<Show>('all');
  const narrow = !Grid.useBreakpoint().md;
  const [source, setSource] = useState<string | undefined>();
  const withTown = seesTowns(useMe().org.level);

  const items = useMemo(
    () =>
      [...(data?.items ?? [])]
        .filter((i) => (show === 'overdue' ? i.overdue : show === 'soon' ? !i.overdue : true))
        .filter((i) => !source || i.source === source)
        .sort(byUrgency),
    [data, show, source],
  );
  const sources = [...new Set((data?.items ?? []).map((i) => i.source))];

  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8} align="center">
        <DatePicker
          aria-label="查看日期"
          allowClear={false}
          value={data ? dayjs(on ?? data.on) : undefined}
          onChange={(d) => d && onChange({ on: d.format('YYYY-MM-DD') })}
          style={{ width: 150 }}
        />
        <Select
          aria-label="提前天数"
          value={within}
          style={{ width: 140 }}
          onChange={(w) => onChange({ within: w })}
          options={WITHIN.map((w) => ({ value: w, label: `${w} 天内到期` }))}
        />
        <Segmented<Show>
          value={show}
          onChange={setShow}
          options={[
            { value: 'all', label: `全部${data ? ` ${data.items.length}` : ''}` },
            { value: 'overdue', label: `已逾期${data ? ` ${data.overdue}` : ''}` },
            { value: 'soon', label: `即将到期${data ? ` ${data.dueSoon}` : ''}` },
          ]}
          aria-label="按是否逾期筛选"
        />
        <Select
          aria-label="来源"
          allowClear
          placeholder="全部来源"
          value={source}
          style={{ width: 150 }}
          onChange={setSource}
          options={sources.map((s) => ({ value: s, label: DUE_SOURCES[s] ?? s }))}
        />
      </Flex>
      {data?.calendarWarning && <Alert type="warning" showIcon title={data.calendarWarning} />}
      {error ? (
        <Alert type="error" showIcon title="无法加载待办" description={messageOf(error)} action={<Button onClick={reload}>重试</Button>} />
      ) : narrow ? (
        <List<DueItem>
          loading={loading}
          dataSource={items}
          pagination={items.length > 20 ? { pageSize: 20, size: 'small' } : false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={data?.items.length ? '没有符合筛选条件的事项' : '没有逾期或即将到期的事项'} /> }}
          renderItem={(item) => <DueRow item={item} withRule />}
        />
      ) : (
        <Table<DueItem>
          size="middle"
          loading={loading}
          rowKey={(i) => `${i.source}:${i.check}:${i.recordId ?? i.orgId}:${i.title}:${i.due}`}
          dataSource={items}
          scroll={{ x: 1100 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 项` }}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={data?.items.length ? '没有符合筛选条件的事项' : '没有逾期或即将到期的事项'} />,
          }}
          columns={[
            { title: '期限', dataIndex: 'due', width: 110, sorter: (a, b) => a.due.localeCompare(b.due) },
            {
              title: '剩余天数',
              key: 'days',
              width: 110,
              sorter: (a, b) => a.daysLeft - b.daysLeft,
              render: (_, i) => (
                <Tag color={i.overdue ? 'red' : i.daysLeft <= 3 ? 'orange' : 'blue'} style={{ marginInlineEnd: 0 }}>
                  {daysLeftText(i)}
                </Tag>
              ),
            },
            ...(withTown
              ? [{ title: '乡镇（街道）', key: 'town', width: 110, sorter: byText((i: DueItem) => i.townName), render: (_: unknown, i: DueItem) => i.townName ?? '' }]
              : []),
            { title: '所属单位', key: 'unit', width: 140, sorter: byText(unitLabel), render: (_, i) => unitLabel(i) },
            {
              title: '事项',
              key: 'title',
              render: (_, i) => (
                <div style={{ minWidth: 200 }}>
                  <Link to={dueHref(i)}>{i.title}</Link>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {i.kindLabel ?? DUE_SOURCES[i.source]}
                      {i.start ? ` · 起算 ${i.start}` : ''}
                    </Typography.Text>
                    {i.warning && (
                      <Tooltip title={i.warning}>
                        <InfoCircleOutlined aria-label={i.warning} style={{ color: '#ca8a04', marginInlineStart: 6 }} />
                      </Tooltip>
                    )}
                  </div>
                </div>
              ),
            },
            { title: '应办', dataIndex: 'step', width: 200 },
            {
              title: '依据',
              dataIndex: 'rule',
              width: 260,
              render: (rule: string) => (
                <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }} ellipsis={{ rows: 2, tooltip: rule }}>
                  {rule}
                </Typography.Paragraph>
              ),
            },
            { title: '已延长', dataIndex: 'extendedDays', width: 80, render: (d?: number) => (d ? `${d} 天` : '—') },
          ]}
        />
      )}
    </Flex>
  );
}
