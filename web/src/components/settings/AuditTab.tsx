/**
 * 审计日志 (audit administrator): who did what, when, from where, newest first; filter, page, and
 * export to CSV (the export is itself recorded in the log). There is nothing here that changes it.
 */
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Form, Input, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { messageOf, withQuery } from '../../lib/api';
import type { AuditRow } from '../../../../src/shared/audit.js';
import type { Page } from '../../lib/types';
import { useApi } from '../../lib/useApi';
import { beijingTime, treeOptions } from './shared';
import type { OrgTree } from '../../../../src/shared/org.js';
import type { PermissionVocabulary } from '../../../../src/shared/accounts.js';

interface Filter {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  kind?: string;
  recordId?: string;
  org?: string;
}

interface FilterForm {
  dates?: [Dayjs | null, Dayjs | null] | null;
  actor?: string;
  action?: string;
  kind?: string;
  recordId?: string;
  org?: string;
}

const ACTIONS: Array<[string, string]> = [
  ['create', '新增'],
  ['update', '修改'],
  ['delete', '删除'],
  ['login', '登录'],
  ['login_failed', '登录失败'],
  ['logout', '退出登录'],
  ['upload', '上传附件'],
  ['define_kind', '定义台账类型'],
  ['edit_list', '编辑选项'],
  ['reveal', '查看个人信息'],
  ['search_sensitive', '按个人信息查找'],
  ['extend_deadline', '批准延长期限'],
  ['import', '导入Excel'],
  ['export_audit', '导出审计日志'],
  ['purge_audit', '清理审计日志'],
  ['set_audit_retention', '设置审计日志保存期限'],
  ['key_audit_chain', '审计日志启用密钥哈希'],
  ['synth', '生成合成数据'],
];

/** Objects of the log that are not ledger kinds. */
const OBJECT_LABELS: Record<string, string> = {
  user: '用户',
  orgUnit: '组织机构',
  person: '人员',
  rolePermission: '角色权限',
  auditLog: '审计日志',
  annualReport: '年度报告',
  reportTemplate: '报告模板',
};

const ACTION_COLORS: Record<string, string> = { delete: 'red', login_failed: 'orange', reveal: 'purple', search_sensitive: 'purple', export_audit: 'gold', purge_audit: 'red', create: 'green', update: 'blue' };

const json = (value: unknown) => (value === null || value === undefined ? '（无）' : JSON.stringify(value, null, 2));

export function AuditTab() {
  const [form] = Form.useForm<FilterForm>();
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const log = useApi<Page<AuditRow>>('/api/audit', { ...filter, page, pageSize });
  const orgs = useApi<OrgTree>('/api/orgs');
  const names = useApi<PermissionVocabulary>('/api/permissions/targets');
  const kindLabel = useMemo(() => new Map([...Object.entries(OBJECT_LABELS), ...(names.data?.targets ?? []).map((t) => [t.code, t.label] as [string, string])]), [names.data]);

  const apply = (values: FilterForm) => {
    const [from, to] = values.dates ?? [];
    setFilter({
      from: from?.format('YYYY-MM-DD'),
      to: to?.format('YYYY-MM-DD'),
      actor: values.actor?.trim() || undefined,
      action: values.action || undefined,
      kind: values.kind?.trim() || undefined,
      recordId: values.recordId?.trim() || undefined,
      org: values.org || undefined,
    });
    setPage(1);
  };

  const objectName = (kind: string | null) => {
    if (!kind) return '';
    const label = kindLabel.get(kind);
    return label ? label : kind;
  };

  return (
    <>
      <Typography.Paragraph type="secondary">日志只能查询和导出，任何人都不能修改。时间为北京时间，最新的在前。</Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={apply} style={{ rowGap: 8, marginBottom: 12 }}>
        <Form.Item name="dates" label="日期">
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 250 }} />
        </Form.Item>
        <Form.Item name="actor" label="操作人">
          <Input allowClear placeholder="姓名中的字或用户编号" style={{ width: 180 }} maxLength={60} />
        </Form.Item>
        <Form.Item name="action" label="操作">
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="全部" style={{ width: 160 }} options={ACTIONS.map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="kind" label="对象类型">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部"
            style={{ width: 180 }}
            options={[...kindLabel.entries()].map(([value, label]) => ({ value, label }))}
            notFoundContent="没有匹配的类型"
          />
        </Form.Item>
        <Form.Item name="recordId" label="记录编号">
          <Input allowClear style={{ width: 200 }} maxLength={80} />
        </Form.Item>
        <Form.Item name="org" label="单位">
          <TreeSelect allowClear showSearch={{ treeNodeFilterProp: 'title' }} placeholder="全部（含下级）" style={{ width: 200 }} treeData={treeOptions(orgs.data?.items ?? [])} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            查询
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilter({});
              setPage(1);
            }}
          >
            重置
          </Button>
          <Button icon={<DownloadOutlined />} href={withQuery('/api/audit/export', { ...filter })} download>
            导出 CSV
          </Button>
        </Space>
      </Form>
      {log.error ? <Alert type="error" showIcon title={messageOf(log.error)} action={<Button onClick={log.reload}>重试</Button>} style={{ marginBottom: 12 }} /> : null}
      <Table<AuditRow>
        rowKey="id"
        size="small"
        loading={log.loading}
        dataSource={log.data?.items ?? []}
        scroll={{ x: 1000 }}
        locale={{ emptyText: Object.values(filter).some(Boolean) ? '没有符合条件的日志，请放宽查询条件' : '还没有日志' }}
        expandable={{
          rowExpandable: (r) => r.before !== null || r.after !== null,
          expandedRowRender: (r) => (
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))', gap: 12 }}>
              <div>
                <Typography.Text strong>变更前</Typography.Text>
                <pre style={{ maxHeight: 300, overflow: 'auto', background: '#f8fafc', padding: 8, margin: '4px 0 0', fontSize: 12 }}>{json(r.before)}</pre>
              </div>
              <div>
                <Typography.Text strong>变更后</Typography.Text>
                <pre style={{ maxHeight: 300, overflow: 'auto', background: '#f8fafc', padding: 8, margin: '4px 0 0', fontSize: 12 }}>{json(r.after)}</pre>
              </div>
            </div>
          ),
        }}
        pagination={{
          current: page,
          pageSize,
          total: log.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (n) => `共 ${n} 条`,
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 170, render: (at: string) => beijingTime(at) },
          { title: '操作人', dataIndex: 'actorName', width: 170, render: (name: string | null) => name ?? <Typography.Text type="secondary">（未知）</Typography.Text> },
          { title: 'IP', dataIndex: 'ip', width: 120 },
          { title: '操作', dataIndex: 'actionLabel', width: 120, render: (label: string, r) => <Tag color={ACTION_COLORS[r.action]}>{label}</Tag> },
          { title: '对象', dataIndex: 'kind', width: 140, render: (kind: string | null) => objectName(kind) },
          { title: '记录编号', dataIndex: 'recordId', width: 190, render: (id: string | null) => (id ? <Typography.Text copyable={{ tooltips: ['复制', '已复制'] }} style={{ fontFamily: 'monospace', fontSize: 12 }}>{id}</Typography.Text> : '') },
          { title: '单位', dataIndex: 'orgName', width: 120 },
        ]}
      />
    </>
  );
}
