/**
 * The form control for one field, chosen by its type: text with a length counter, numbers (money
 * in 元 to the fen), dates as YYYY-MM-DD strings, switches, option lists, and searchable pickers
 * for people, units and linked records.
 */
import { DatePicker, Input, InputNumber, Select, Skeleton, Switch, TreeSelect } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../lib/api';
import type { Field, LedgerRecord, Page } from '../../lib/types';
import { findOrgNode, orgTreeData, useOrgTree } from './hooks';
import type { Person as PersonOut } from '../../../../src/shared/org.js';

interface ControlProps<T> {
  id?: string;
  value?: T;
  onChange?: (value: T) => void;
  disabled?: boolean;
}

/** A date kept in the form as 'YYYY-MM-DD' (what the API takes), shown with a DatePicker; `notAfter` greys out later days. */
export function DateInput({ value, onChange, disabled, id, notAfter }: ControlProps<string | null> & { notAfter?: string }) {
  return (
    <DatePicker
      id={id}
      style={{ width: '100%', maxWidth: 240 }}
      value={value ? dayjs(value) : null}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : null)}
      disabled={disabled}
      disabledDate={notAfter ? (d) => d.isAfter(dayjs(notAfter), 'day') : undefined}
    />
  );
}

interface Choice {
  value: string;
  label: string;
}

/** Search as you type against an endpoint; the chosen value keeps its label even before a search. */
function RemoteSelect({ value, onChange, disabled, id, search, initialLabel, placeholder }: ControlProps<string | null> & { search: (q: string) => Promise<Choice[]>; initialLabel?: string; placeholder: string }) {
  const [options, setOptions] = useState<Choice[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const seq = useRef(0);
  const run = (q: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const mine = ++seq.current;
      setLoading(true);
      search(q)
        .then((found) => mine === seq.current && setOptions(found))
        .catch(() => mine === seq.current && setOptions([]))
        .finally(() => mine === seq.current && setLoading(false));
    }, 250);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  const shown = value && !options.some((o) => o.value === value) ? [{ value, label: initialLabel ?? '…' }, ...options] : options;
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v?: string) => onChange?.(v ?? null)}
      disabled={disabled}
      allowClear
      placeholder={placeholder}
      loading={loading}
      options={shown}
      showSearch={{ filterOption: false, onSearch: run }}
      onOpenChange={(open) => open && !options.length && run('')}
      notFoundContent={loading ? '正在查找…' : '没有找到，换个关键词试试'}
      style={{ width: '100%' }}
    />
  );
}


export function PersonSelect(props: ControlProps<string | null> & { initialLabel?: string }) {
  return (
    <RemoteSelect
      {...props}
      placeholder="输入姓名查找"
      search={async (q) => {
        const page = await api.get<Page<PersonOut>>('/api/people', { q: q.trim() || undefined, pageSize: 30 });
        return page.items.map((p) => ({ value: p.id, label: [p.name, p.position || p.orgName].filter(Boolean).join(' · ') }));
      }}
    />
  );
}

export function RecordSelect(props: ControlProps<string | null> & { kind: string; initialLabel?: string }) {
  const { kind, ...rest } = props;
  return (
    <RemoteSelect
      {...rest}
      placeholder="输入关键词查找"
      search={async (q) => {
        const page = await api.get<Page<LedgerRecord>>(`/api/ledgers/${kind}`, { q: q.trim() || undefined, pageSize: 30 });
        return page.items.map((r) => ({ value: r.id, label: `${r.title}（${r.date}）` }));
      }}
    />
  );
}

/** Units the field may name: at its levels, inside the record's own unit. */
export function OrgFieldSelect({ field, recordOrg, value, onChange, disabled, id }: ControlProps<string | string[] | null> & { field: Field; recordOrg?: string }) {
  const { tree, loading } = useOrgTree();
  const data = useMemo(() => {
    const root = findOrgNode(tree, recordOrg);
    return root ? orgTreeData([root], field.levels) : [];
  }, [tree, recordOrg, field.levels]);
  const multiple = field.type === 'orgs';
  // Until the tree is there, a value would show as its bare id.
  if (loading) return <Skeleton.Input active block />;
  return (
    <TreeSelect
      id={id}
      value={value ?? undefined}
      onChange={(v?: string | string[]) => onChange?.(v ?? (multiple ? [] : null))}
      disabled={disabled || !recordOrg}
      placeholder={recordOrg ? '请选择' : '请先选择所属单位'}
      allowClear
      multiple={multiple}
      treeData={data}
      treeDefaultExpandAll
      showSearch={{ treeNodeFilterProp: 'title' }}
      style={{ width: '100%' }}
      notFoundContent={recordOrg ? '所属单位下没有可选的单位' : '请先选择所属单位'}
    />
  );
}

/**
 * Money as it is shown: 1234567.5 → 1,234,567.50, always to the fen. While the user types, the
 * text stays as typed (「1234.」 is not turned into 「1,234.00」 under the cursor); it is formatted
 * when the field is left or the value set from outside. (The control's own `precision` pads only
 * without a formatter of one's own.)
 */
const moneyText = (v: number | string | undefined, info: { userTyping: boolean; input: string }) => {
  if (info.userTyping) return info.input;
  if (v === undefined || v === '' || !Number.isFinite(Number(v))) return '';
  const [whole = '', fen = '00'] = Number(v).toFixed(2).split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fen}`;
};

/** The control for a field of the kind. */
export function FieldInput({ field, recordOrg, names, disabled, ...control }: ControlProps<unknown> & { field: Field; recordOrg?: string; names: { people: Record<string, string>; records: Record<string, string> }; disabled?: boolean }) {
  const value = control.value;
  const onChange = control.onChange;
  const text = typeof value === 'string' ? value : '';
  const common = { id: control.id, disabled };
  switch (field.type) {
    case 'textarea':
      return <Input.TextArea {...common} value={text} onChange={(e) => onChange?.(e.target.value)} maxLength={field.maxLength} showCount={Boolean(field.maxLength)} autoSize={{ minRows: 3, maxRows: 12 }} />;
    case 'url':
      return <Input {...common} type="url" inputMode="url" value={text} onChange={(e) => onChange?.(e.target.value)} maxLength={field.maxLength ?? 500} placeholder="https://" />;
    case 'integer':
    case 'decimal':
    case 'money':
      return (
        <InputNumber
          {...common}
          value={(value as number | null) ?? null}
          onChange={(v) => onChange?.(v)}
          min={field.min}
          max={field.max}
          precision={field.type === 'integer' ? 0 : field.type === 'money' ? 2 : undefined}
          prefix={field.type === 'money' ? '¥' : undefined}
          suffix={field.type === 'money' ? '元' : undefined}
          formatter={field.type === 'money' ? moneyText : undefined}
          parser={field.type === 'money' ? (v) => (v ?? '').replace(/[,\s¥]/g, '') as unknown as number : undefined}
          style={{ width: '100%', maxWidth: 240 }}
        />
      );
    case 'date':
      return <DateInput {...common} value={(value as string | null) ?? null} onChange={onChange} />;
    case 'boolean':
      return <Switch {...common} checked={value === true} onChange={(v) => onChange?.(v)} checkedChildren="是" unCheckedChildren="否" />;
    case 'choice':
    case 'multiChoice': {
      const current = new Set(Array.isArray(value) ? (value as string[]) : typeof value === 'string' && value ? [value] : []);
      // Inactive options stay selectable only where a record already holds them.
      const options = (field.options ?? []).filter((o) => o.active || current.has(o.code)).map((o) => ({ value: o.code, label: o.active ? o.label : `${o.label}（已停用）` }));
      return (
        <Select
          {...common}
          mode={field.type === 'multiChoice' ? 'multiple' : undefined}
          value={value ?? undefined}
          onChange={(v: unknown) => onChange?.(v ?? (field.type === 'multiChoice' ? [] : null))}
          allowClear
          placeholder="请选择"
          options={options}
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: '100%' }}
        />
      );
    }
    case 'person':
      return <PersonSelect {...common} value={(value as string | null) ?? null} onChange={onChange} initialLabel={typeof value === 'string' ? names.people[value] : undefined} />;
    case 'record':
      return (
        <RecordSelect
          {...common}
          kind={field.kind ?? ''}
          value={(value as string | null) ?? null}
          onChange={onChange}
          initialLabel={typeof value === 'string' ? names.records[`${field.kind}:${value}`] : undefined}
        />
      );
    case 'org':
    case 'orgs':
      return <OrgFieldSelect {...common} field={field} recordOrg={recordOrg} value={value as string | string[] | null} onChange={onChange} />;
    default:
      return <Input {...common} value={text} onChange={(e) => onChange?.(e.target.value)} maxLength={field.maxLength} showCount={Boolean(field.maxLength && field.maxLength > 20)} />;
  }
}
