/**
 * A ledger's records: filtered, sorted and paged by the server, columns drawn from the kind's
 * fields. The filters sit in the URL (a dashboard link reproduces the list); on a phone the rows
 * become cards. Pages follow one another by the server's cursor (上一页/下一页), so a town with a
 * million records pages as fast as one with a hundred; the total is exact when the server can
 * count it cheaply, and otherwise "约 N 条" or "超过 N 条" until the user asks for 精确统计.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Grid, Input, List, Select, Space, Table, Tag, Typography, type TableColumnsType, type TableProps } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ColumnChooser, useColumnChoice, type ColumnChoice } from '../components/ledger/ColumnChooser';
import { ExportButton } from '../components/ledger/ExportButton';
import { FieldValue } from '../components/ledger/FieldValue';
import { ImportButton } from '../components/ledger/import/ImportButton';
import { useReferenceNames } from '../components/ledger/hooks';
import { KindGate } from '../components/ledger/KindGate';
import { ListTotal } from '../components/ledger/ListTotal';
import { filtersFrom, hasFilters, ListFilters } from '../components/ledger/ListFilters';
import { optionLabelOf, seesTowns, statusColor, statusFieldOf, unitLabel, type Names } from '../components/ledger/model';
import { messageOf, type Query } from '../lib/api';
import { useMe } from '../lib/session';
import type { Field, Kind, LedgerPage, LedgerRecord, Page } from '../lib/types';
import { useApi } from '../lib/useApi';

export default function LedgerListPage() {
  return <KindGate>{(kind) => <LedgerList key={kind.code} kind={kind} />}</KindGate>;
}

const PAGE_SIZES = ['20', '50', '100'];
interface Column {
  key: string;
  label: string;
  sortKey?: string;
  render: (r: LedgerRecord, names: Names) => React.ReactNode;
  width?: number;
}

function columnsOf(kind: Kind, withTown: boolean): Column[] {
  const status = statusFieldOf(kind);
  const fieldColumn = (f: Field): Column => ({
    key: f.name,
    label: f.label,
    // Ids (people, units, linked records) and ciphertext have no order worth showing.
    sortKey: f.sensitive || ['multiChoice', 'orgs', 'org', 'person', 'record'].includes(f.type) ? undefined : f.name,
    width: f.type === 'boolean' ? 90 : f.type === 'date' ? 110 : undefined,
    render: (r, names) =>
      f.name === status?.name && typeof r[f.name] === 'string' ? (
        <Tag color={statusColor(String(r[f.name]))}>{optionLabelOf(f, r[f.name])}</Tag>
      ) : (
        <FieldValue field={f} value={r[f.name]} names={names} empty="" />
      ),
  });
  return [
    { key: 'date', label: kind.dateLabel, sortKey: 'date', width: 110, render: (r) => r.date },
    ...(kind.dateRange ? [{ key: 'endDate', label: kind.endDateLabel ?? '结束日期', sortKey: 'endDate', width: 110, render: (r: LedgerRecord) => r.endDate ?? '' }] : []),
    ...(withTown ? [{ key: 'townName', label: '乡镇（街道）', width: 110, render: (r: LedgerRecord) => r.townName ?? '' }] : []),
    { key: 'orgName', label: '所属单位', width: 150, render: (r) => unitLabel(r) },
    ...kind.fields.map(fieldColumn),
    ...(kind.tags
      ? [
          {
            key: 'tags',
            label: '标签',
            render: (r: LedgerRecord) => (r.tags ?? []).map((code) => <Tag key={code}>{kind.tags?.options.find((o) => o.code === code)?.label ?? code}</Tag>),
          },
        ]
      : []),
    { key: 'updatedAt', label: '最后修改', sortKey: 'updatedAt', width: 150, render: (r) => new Date(r.updatedAt).toLocaleString('zh-CN', { dateStyle: 'short', timeStyle: 'short' }) },
  ];
}

function LedgerList({ kind }: { kind: Kind }) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const narrow = !Grid.useBreakpoint().md;
  const filters = filtersFrom(params, kind);
  const cursor = params.get('cursor') ?? undefined;
  const pageSize = PAGE_SIZES.includes(params.get('pageSize') ?? '') ? Number(params.get('pageSize')) : 20;
  const sort = params.get('sort') || '-date';

  const filterQuery: Query = { org: filters.org, from: filters.from, to: filters.to, q: filters.q, tag: filters.tag, reason: filters.reason, ...filters.fields };
  // Searching a personal field (ID number, phone) by its full value is audited with a reason: ask for it first.
  const sensitiveSearch = kind.fields.filter((f) => f.sensitive && filters.fields[f.name]);
  const needsReason = sensitiveSearch.length > 0 && kind.permissions.reveal && !filters.reason;
  const { data, loading, error, reload } = useApi<LedgerPage<LedgerRecord>>(needsReason ? null : `/api/ledgers/${kind.code}`, { ...filterQuery, cursor, pageSize, sort });
  // The cursors of the pages before this one, for 上一页 (a page opened from a link has none: 上一页 goes to the first).
  const [trail, setTrail] = useState<string[]>([]);
  // 精确统计: one request that counts every record under the same filters, made when the user asks.
  const [countAsked, setCountAsked] = useState<string>();
  const countKey = JSON.stringify(filterQuery);
  const exact = useApi<Page<LedgerRecord>>(countAsked === countKey ? `/api/ledgers/${kind.code}` : null, { ...filterQuery, pageSize: 1, count: 'exact' });
  const names = useReferenceNames(kind, data?.items);
  // Names for the ids filtered by (a dashboard link's ?village=…) as well.
  const fieldsKey = JSON.stringify(filters.fields);
  const filterNames = useReferenceNames(kind, useMemo(() => [JSON.parse(fieldsKey) as Record<string, unknown>], [fieldsKey]));

  const withTown = seesTowns(useMe().org.level);
  const all = useMemo(() => columnsOf(kind, withTown), [kind, withTown]);
  const defaults = useMemo(() => ['date', ...(withTown ? ['townName'] : []), 'orgName', ...kind.fields.filter((f) => f.inList).map((f) => f.name)], [kind, withTown]);
  const [chosen, choose, reset] = useColumnChoice(kind.code, defaults);
  const choices: ColumnChoice[] = all.map((c) => ({ key: c.key, label: c.label }));

  const update = (patch: Record<string, string | undefined>, keepPage = false) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    if (!keepPage) {
      next.delete('cursor');
      next.delete('page');
      setTrail([]);
    }
    setParams(next, { replace: false });
  };
  const nextPage = () => {
    if (!data?.nextCursor) return;
    setTrail([...trail, cursor ?? '']);
    update({ cursor: data.nextCursor }, true);
  };
  const previousPage = () => {
    setTrail(trail.slice(0, -1));
    update({ cursor: trail.at(-1) || undefined }, true);
  };
  const pager = data && (data.page > 1 || data.nextCursor) && (
    <Flex justify={narrow ? 'center' : 'end'} align="center" gap={8} wrap>
      <Button size={narrow ? 'middle' : 'small'} disabled={data.page <= 1} onClick={previousPage}>
        上一页
      </Button>
      <Typography.Text aria-live="polite">第 {data.page} 页</Typography.Text>
      <Button size={narrow ? 'middle' : 'small'} disabled={!data.nextCursor} onClick={nextPage}>
        下一页
      </Button>
      {!narrow && (
        <Select
          size="small"
          aria-label="每页条数"
          value={String(pageSize)}
          options={PAGE_SIZES.map((n) => ({ value: n, label: `${n} 条/页` }))}
          onChange={(size) => update({ pageSize: size === '20' ? undefined : size })}
        />
      )}
    </Flex>
  );

  const sortName = sort.replace(/^-/, '');
  const order = (key?: string): SortOrder => (key && key === sortName ? (sort.startsWith('-') ? 'descend' : 'ascend') : null);

  const tableColumns: TableColumnsType<LedgerRecord> = [
    {
      key: 'title',
      title: kind.titleLabel,
      dataIndex: 'title',
      sorter: true,
      sortOrder: order('title'),
      fixed: narrow ? undefined : 'left',
      width: 260,
      render: (_: unknown, r) => (
        <Link to={`/ledgers/${kind.code}/${r.id}`} onClick={(e) => e.stopPropagation()}>
          {r.title}
        </Link>
      ),
    },
    ...all
      .filter((c) => chosen.includes(c.key))
      .map((c) => ({
        key: c.key,
        title: c.label,
        sorter: Boolean(c.sortKey),
        sortOrder: order(c.sortKey),
        width: c.width,
        ellipsis: true,
        render: (_: unknown, r: LedgerRecord) => c.render(r, names),
      })),
  ];

  const onTableChange: TableProps<LedgerRecord>['onChange'] = (_pagination, _filters, sorter, extra) => {
    if (extra.action !== 'sort') return;
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = s?.columnKey === 'title' ? 'title' : all.find((c) => c.key === s?.columnKey)?.sortKey;
    if (!s?.order || !key) update({ sort: undefined });
    else update({ sort: s.order === 'descend' ? `-${key}` : key });
  };

  const filtered = hasFilters(filters);
  const empty = (
    <Empty
      description={filtered ? '没有符合条件的记录，可调整筛选条件' : kind.permissions.create ? '还没有记录，点击「新增」登记第一条' : '还没有记录'}
      image={Empty.PRESENTED_IMAGE_SIMPLE}
    >
      {!filtered && kind.permissions.create && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`/ledgers/${kind.code}/new`)}>
          新增
        </Button>
      )}
    </Empty>
  );

  const status = statusFieldOf(kind);
  const cardFields = kind.fields.filter((f) => f.inList && f.name !== status?.name).slice(0, 3);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {kind.label}
          </Typography.Title>
          <Typography.Text type="secondary">
            <Link to={`/area/${kind.area}`}>{kind.areaLabel}</Link>
            {data && ' · '}
            {data && <ListTotal page={data} exact={countAsked === countKey ? exact : undefined} onCount={() => setCountAsked(countKey)} />}
          </Typography.Text>
        </div>
        <Space wrap>
          {!narrow && <ColumnChooser choices={choices} chosen={chosen} onChange={choose} onReset={reset} />}
          <ExportButton kind={kind.code} query={{ ...filterQuery, sort }} disabled={!data?.total} />
          {kind.permissions.create && <ImportButton kind={kind} onImported={reload} />}
          {kind.permissions.create && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`/ledgers/${kind.code}/new`)}>
              新增
            </Button>
          )}
        </Space>
      </Flex>

      <ListFilters kind={kind} filters={filters} names={filterNames} onChange={(patch) => update(patch)} />

      {needsReason ? (
        <Alert
          type="warning"
          showIcon
          title={`按「${sensitiveSearch.map((f) => f.label).join('」「')}」精确查找需要填写查找原因`}
          description={
            <Input.Search
              aria-label="查找原因"
              placeholder="查找原因（4–200字），将记入审计日志"
              enterButton="查找"
              maxLength={200}
              style={{ maxWidth: 480, marginTop: 8 }}
              onSearch={(value) => value.trim().length >= 4 && update({ reason: value.trim() })}
            />
          }
        />
      ) : error ? (
        <Alert
          type="error"
          showIcon
          title="记录加载失败"
          description={messageOf(error)}
          action={
            <Button size="small" onClick={reload}>
              重试
            </Button>
          }
        />
      ) : narrow ? (
        <>
          <List
            loading={loading}
            dataSource={data?.items ?? []}
            locale={{ emptyText: empty }}
            renderItem={(r) => (
              <List.Item style={{ padding: '6px 0', border: 'none' }}>
                <Card size="small" style={{ width: '100%' }} hoverable onClick={() => navigate(`/ledgers/${kind.code}/${r.id}`)}>
                  <Flex justify="space-between" gap={8} align="start">
                    <Link to={`/ledgers/${kind.code}/${r.id}`} style={{ fontWeight: 500 }} onClick={(e) => e.stopPropagation()}>
                      {r.title}
                    </Link>
                    {status && typeof r[status.name] === 'string' && <Tag color={statusColor(String(r[status.name]))}>{optionLabelOf(status, r[status.name])}</Tag>}
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {[r.date, withTown ? r.townName : null, unitLabel(r)].filter(Boolean).join(' · ')}
                  </Typography.Text>
                  {cardFields.map((f) => (
                    <div key={f.name} style={{ fontSize: 13 }}>
                      <Typography.Text type="secondary">{f.label}：</Typography.Text>
                      <FieldValue field={f} value={r[f.name]} names={names} />
                    </div>
                  ))}
                </Card>
              </List.Item>
            )}
          />
          {pager}
        </>
      ) : (
        <>
          <Table<LedgerRecord>
            rowKey="id"
            size="middle"
            loading={loading}
            columns={tableColumns}
            dataSource={data?.items ?? []}
            locale={{ emptyText: empty }}
            scroll={{ x: 'max-content' }}
            onChange={onTableChange}
            onRow={(r) => ({ onClick: () => void navigate(`/ledgers/${kind.code}/${r.id}`), style: { cursor: 'pointer' } })}
            pagination={false}
          />
          {pager}
        </>
        )}
    </Space>
  );
}

