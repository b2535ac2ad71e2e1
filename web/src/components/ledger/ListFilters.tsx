/**
 * The list's filters: unit (with its subunits), date range, status, tag and text. They live in the
 * URL, so a link from the dashboard reproduces the list; a filter on any other field (from such a
 * link) shows as a tag that can be removed.
 */
import { CloseOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Grid, Input, Select, Tag, TreeSelect } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import type { Kind } from '../../lib/types';
import { orgTreeData, useOrgTree } from './hooks';
import { FILTERABLE_TYPES, LIST_PARAMS, statusFieldOf, valueText, type Names } from './model';

export interface ListFilterValues {
  org?: string;
  from?: string;
  to?: string;
  q?: string;
  tag?: string;
  /** Why a personal field is searched by its full value: the server asks for it and audits it. */
  reason?: string;
  /** Exact filters by field name. */
  fields: Record<string, string>;
}

export function filtersFrom(params: URLSearchParams, kind: Kind): ListFilterValues {
  const fields: Record<string, string> = {};
  for (const [key, value] of params) {
    const field = kind.fields.find((f) => f.name === key);
    if (!LIST_PARAMS.has(key) && field && (FILTERABLE_TYPES.has(field.type) || field.sensitive) && value) fields[key] = value;
  }
  const get = (key: string) => params.get(key) || undefined;
  return { org: get('org'), from: get('from'), to: get('to'), q: get('q'), tag: get('tag'), reason: get('reason'), fields };
}

export const hasFilters = (f: ListFilterValues) => Boolean(f.org || f.from || f.to || f.q || f.tag || Object.keys(f.fields).length);

interface Props {
  kind: Kind;
  filters: ListFilterValues;
  names: Names;
  onChange: (patch: Record<string, string | undefined>) => void;
}

export function ListFilters({ kind, filters, names, onChange }: Props) {
  const { tree, loading } = useOrgTree();
  const treeData = useMemo(() => orgTreeData(tree), [tree]);
  const status = statusFieldOf(kind);
  // On a phone each filter takes the full width; on a desk they sit in one row.
  const narrow = !Grid.useBreakpoint().md;
  const w = (width: number) => (narrow ? { width: '100%' } : { width });
  const [text, setText] = useState(filters.q ?? '');
  useEffect(() => setText(filters.q ?? ''), [filters.q]);

  const otherFilters = Object.entries(filters.fields).filter(([name]) => name !== status?.name);

  return (
    <Flex wrap gap={8} align="center">
      <TreeSelect
        aria-label="所属单位"
        style={w(200)}
        placeholder="全部单位"
        allowClear
        loading={loading}
        treeData={treeData}
        value={filters.org}
        onChange={(value?: string) => onChange({ org: value })}
        treeDefaultExpandAll={false}
        treeDefaultExpandedKeys={treeData.map((n) => n.value)}
        showSearch={{ treeNodeFilterProp: 'title' }}
        popupMatchSelectWidth={false}
      />
      <DatePicker.RangePicker
        aria-label={kind.dateLabel}
        style={w(260)}
        placeholder={[`${kind.dateLabel}起`, '止']}
        value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
        allowEmpty={[true, true]}
        onChange={(range) => onChange({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
        presets={[
          { label: '今年', value: [dayjs().startOf('year'), dayjs().endOf('year')] },
          { label: '去年', value: [dayjs().subtract(1, 'year').startOf('year'), dayjs().subtract(1, 'year').endOf('year')] },
          { label: '近30天', value: [dayjs().subtract(30, 'day'), dayjs()] },
        ]}
      />
      {status && (
        <Select
          aria-label={status.label}
          style={w(140)}
          placeholder={`全部${status.label}`}
          allowClear
          value={filters.fields[status.name]}
          onChange={(value?: string) => onChange({ [status.name]: value })}
          options={(status.options ?? []).map((o) => ({ value: o.code, label: o.active ? o.label : `${o.label}（已停用）` }))}
        />
      )}
      {kind.tags && (
        <Select
          aria-label="标签"
          style={w(140)}
          placeholder="全部标签"
          allowClear
          value={filters.tag}
          onChange={(value?: string) => onChange({ tag: value })}
          options={kind.tags.options.map((o) => ({ value: o.code, label: o.label }))}
        />
      )}
      <Input.Search
        aria-label="搜索"
        style={w(220)}
        placeholder={`搜索${kind.titleLabel}、备注等`}
        allowClear
        maxLength={100}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (!e.target.value) onChange({ q: undefined });
        }}
        onSearch={(value) => onChange({ q: value.trim() || undefined })}
      />
      {otherFilters.map(([name, value]) => {
        const field = kind.fields.find((f) => f.name === name);
        if (!field) return null;
        const shown = field.type === 'boolean' ? (value === 'true' || value === '1' ? '是' : '否') : valueText(field, value, names) || value;
        return (
          <Tag key={name} closable closeIcon={<CloseOutlined aria-label={`取消按「${field.label}」筛选`} />} onClose={() => onChange({ [name]: undefined })} style={{ marginInlineEnd: 0, padding: '4px 8px' }}>
            {field.label}：{shown}
          </Tag>
        );
      })}
      {hasFilters(filters) && (
        <Button
          type="link"
          onClick={() =>
            onChange({ org: undefined, from: undefined, to: undefined, q: undefined, tag: undefined, reason: undefined, ...Object.fromEntries(Object.keys(filters.fields).map((k) => [k, undefined])) })
          }
        >
          清除筛选
        </Button>
      )}
    </Flex>
  );
}
