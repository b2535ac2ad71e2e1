/**
 * Registering or editing a record, with the form drawn from the kind's fields. Procedure step
 * dates are registered with the step buttons on the detail page, so here they are read-only.
 * Whatever the server refuses is shown on the field it names, and the user's input stays in the
 * form — after a validation error, a refused procedure, or someone else's save (409).
 */
import { Alert, App, Button, Card, Col, Descriptions, Divider, Flex, Form, Input, Result, Row, Select, Skeleton, Space, TreeSelect, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { DateInput, FieldInput } from '../components/ledger/FieldInput';
import { findOrgNode, orgTreeData, useOrgTree, useReferenceNames } from '../components/ledger/hooks';
import { KindGate } from '../components/ledger/KindGate';
import { allowedStatuses, initialStatus, isEmpty, statusFieldOf, stepFieldNames, stepSetting, type RecordWithAttachments } from '../components/ledger/model';
import { api, ApiError, messageOf } from '../lib/api';
import { useMe } from '../lib/session';
import type { Field, Kind, LedgerRecord } from '../lib/types';
import { useApi } from '../lib/useApi';

export default function RecordFormPage() {
  const { id } = useParams();
  return <KindGate>{(kind) => (id ? <EditRecord key={`${kind.code}:${id}`} kind={kind} id={id} /> : <RecordForm key={kind.code} kind={kind} />)}</KindGate>;
}

function EditRecord({ kind, id }: { kind: Kind; id: string }) {
  const { data, loading, error, reload } = useApi<RecordWithAttachments>(`/api/ledgers/${kind.code}/${id}`);
  if (loading && !data) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (error || !data) {
    return <Alert type="error" showIcon title="记录加载失败" description={messageOf(error)} action={<Button size="small" onClick={reload}>重试</Button>} />;
  }
  return <RecordForm kind={kind} record={data} />;
}

type Values = Record<string, unknown>;

const COMMON = ['orgId', 'date', 'endDate', 'title', 'notes', 'tags'];

/** The message for a missing value, in the words the server uses. */
const requiredMessage = (field: Pick<Field, 'label' | 'type'>) =>
  `请${['choice', 'multiChoice', 'person', 'org', 'orgs', 'record', 'date'].includes(field.type) ? '选择' : '填写'}「${field.label}」`;

function rulesFor(field: Field, required: boolean): Rule[] {
  const rules: Rule[] = [];
  if (required) rules.push({ required: true, message: requiredMessage(field), whitespace: field.type === 'text' || field.type === 'textarea' });
  if (field.maxLength) rules.push({ max: field.maxLength, message: `「${field.label}」不能超过${field.maxLength}个字` });
  if (field.pattern) rules.push({ pattern: new RegExp(field.pattern), message: `「${field.label}」格式不正确${field.patternHint ? `：应为${field.patternHint}` : ''}` });
  if (field.type === 'url') rules.push({ pattern: /^https?:\/\/\S+$/i, message: `「${field.label}」应为以 http:// 或 https:// 开头的网址` });
  if (field.min !== undefined || field.max !== undefined) {
    rules.push({
      type: 'number',
      min: field.min,
      max: field.max,
      message: `「${field.label}」应在 ${field.min ?? '-∞'} 到 ${field.max ?? '∞'} 之间`,
    });
  }
  return rules;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function RecordForm({ kind, record }: { kind: Kind; record?: LedgerRecord }) {
  const me = useMe();
  const navigate = useNavigate();
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { tree, loading: treeLoading } = useOrgTree();
  const names = useReferenceNames(kind, record ? [record] : undefined);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ title: string; messages: string[]; onField?: boolean } | null>(null);
  const problemRef = useRef<HTMLDivElement>(null);
  // A problem no field shows (a refused procedure, a failed request) is brought into view.
  useEffect(() => {
    if (problem && !problem.onField) problemRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [problem]);
  const [dirty, setDirty] = useState(false);
  const version = useRef(record?.version ?? 0);
  const editing = record !== undefined;

  const steps = stepFieldNames(kind);
  const status = statusFieldOf(kind);
  const sensitiveHeld = useMemo(() => new Set(kind.fields.filter((f) => f.sensitive && record && !isEmpty(record[f.name])).map((f) => f.name)), [kind, record]);
  /** Fields typed in this form; step dates (but a required one on a new record) are registered on the detail page. */
  const shown = kind.fields.filter((f) => !steps.has(f.name) || (!editing && f.required));
  /** On an edit, the step dates so far, shown as text. */
  const stepDates = editing ? kind.fields.filter((f) => steps.has(f.name)) : [];

  const levels = useMemo(() => kind.orgLevels.map((l) => l.level), [kind]);
  const unitTree = useMemo(() => orgTreeData(tree, levels), [tree, levels]);

  const initial = useMemo<Values>(() => {
    if (record) {
      const values: Values = { orgId: record.orgId, date: record.date, endDate: record.endDate ?? null, title: record.title, notes: record.notes ?? null, tags: record.tags ?? [] };
      for (const f of kind.fields) values[f.name] = f.sensitive ? undefined : (record[f.name] ?? (f.type === 'multiChoice' || f.type === 'orgs' ? [] : null));
      return values;
    }
    // A new record happens today (the demo's reference day on the demo).
    const values: Values = { date: me.today };
    // A switch shows 否 before it is touched: that is what is saved.
    for (const f of kind.fields) if (f.type === 'boolean') values[f.name] = false;
    if (status) values[status.name] = initialStatus(kind) ?? null;
    return values;
  }, [kind, record, status, me.today]);

  // A new record belongs to the user's own unit when the kind may be registered there.
  useEffect(() => {
    if (editing || treeLoading || form.getFieldValue('orgId')) return;
    const own = findOrgNode(tree, me.org.id);
    if (own && levels.includes(own.level)) form.setFieldValue('orgId', own.id);
  }, [editing, treeLoading, tree, me.org.id, levels, form]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const orgId = Form.useWatch('orgId', form) as string | undefined;
  const watched = Form.useWatch([], form) as Values | undefined;
  const allowed = allowedStatuses(kind, { ...(record ?? {}), ...(watched ?? {}), date: 'set' });

  /** The body to send: a new record's filled values, or an edit's changed ones. */
  const bodyOf = (values: Values): Values => {
    const names = [...COMMON, ...shown.map((f) => f.name)];
    const body: Values = {};
    for (const name of names) {
      if (!(name in values)) continue;
      const value = values[name];
      const field = kind.fields.find((f) => f.name === name);
      if (!editing) {
        if (!isEmpty(value)) body[name] = typeof value === 'string' ? value.trim() : value;
        continue;
      }
      // A sensitive value is shown masked: sent only when typed anew.
      if (field?.sensitive) {
        if (!isEmpty(value)) body[name] = String(value).trim();
        continue;
      }
      const next = isEmpty(value) ? (Array.isArray(initial[name]) ? [] : null) : typeof value === 'string' ? value.trim() : value;
      if (!same(next, initial[name])) body[name] = next;
    }
    if (editing) body.version = version.current;
    return body;
  };

  const showServerErrors = (error: ApiError) => {
    const known = new Set([...COMMON, ...shown.map((f) => f.name)]);
    const onFields = error.details.filter((d) => known.has(d.field));
    form.setFields(onFields.map((d) => ({ name: d.field, errors: [d.message] })));
    const elsewhere = error.details.filter((d) => !known.has(d.field)).map((d) => d.message);
    if (error.status === 422) setProblem({ title: error.message, messages: error.details.map((d) => d.message).filter((m) => m !== error.message), onField: onFields.length > 0 });
    else if (elsewhere.length || !onFields.length) setProblem({ title: onFields.length ? '还有问题需要处理' : error.message, messages: elsewhere.filter((m) => m !== error.message), onField: onFields.length > 0 });
    if (onFields[0]) form.scrollToField(onFields[0].field, { block: 'center' });
  };

  const save = async (values: Values) => {
    setSaving(true);
    setProblem(null);
    try {
      const body = bodyOf(values);
      const saved = editing
        ? await api.patch<LedgerRecord>(`/api/ledgers/${kind.code}/${record.id}`, body)
        : await api.post<LedgerRecord>(`/api/ledgers/${kind.code}`, body);
      setDirty(false);
      message.success(editing ? '已保存修改' : `已登记「${saved.title}」`);
      navigate(`/ledgers/${kind.code}/${saved.id}`, { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && record) {
        conflict(error, values);
      } else if (error instanceof ApiError && (error.status === 400 || error.status === 422)) {
        showServerErrors(error);
      } else {
        setProblem({ title: `保存失败：${messageOf(error)}`, messages: ['您填写的内容仍在表单中，可稍后重试。'] });
      }
    } finally {
      setSaving(false);
    }
  };

  const conflict = (error: ApiError, values: Values) => {
    const by = (error.extra.updatedBy as { name?: string } | undefined)?.name ?? '其他用户';
    const at = typeof error.extra.updatedAt === 'string' ? new Date(error.extra.updatedAt).toLocaleString('zh-CN', { dateStyle: 'short', timeStyle: 'short' }) : '';
    const current = typeof error.extra.currentVersion === 'number' ? error.extra.currentVersion : undefined;
    const dialog = modal.confirm({
      title: `该记录已被${by}${at ? `于${at}` : ''}修改`,
      content: (
        <>
          <Typography.Paragraph>您的修改尚未保存，仍保留在表单中。请先查看最新内容，核对后再决定是否用您的内容覆盖。</Typography.Paragraph>
          <Button onClick={() => window.open(`/ledgers/${kind.code}/${record?.id}`, '_blank', 'noopener')}>查看最新内容（新窗口）</Button>
        </>
      ),
      okText: current ? '已核对，保存我的修改' : '知道了',
      cancelText: '暂不保存',
      onOk: () => {
        if (current === undefined) return;
        version.current = current;
        dialog.destroy();
        void save(values);
      },
    });
  };

  const cancel = () => {
    const back = () => navigate(editing ? `/ledgers/${kind.code}/${record.id}` : `/ledgers/${kind.code}`);
    if (!dirty) return back();
    modal.confirm({ title: '放弃填写的内容？', content: '离开后，尚未保存的内容将丢失。', okText: '放弃并离开', okButtonProps: { danger: true }, cancelText: '继续填写', onOk: back });
  };

  const fieldItem = (f: Field) => {
    const isStatus = f.name === status?.name;
    const held = sensitiveHeld.has(f.name);
    const extra = [
      f.help,
      held ? `已登记（脱敏显示：${String(record?.[f.name] ?? '')}）；如需更正请重新填写，不改请留空` : undefined,
    ].filter(Boolean);
    if (isStatus && status) {
      const options = (status.options ?? [])
        .filter((o) => o.active || o.code === initial[f.name])
        .map((o) => {
          const blocked = allowed && !allowed.has(o.code);
          const step = blocked ? stepSetting(kind, o.code) : undefined;
          return { value: o.code, label: blocked && step ? `${o.label}（需先登记「${step.label}」）` : o.label, disabled: blocked };
        });
      return (
        <Form.Item key={f.name} name={f.name} label={f.label} rules={rulesFor(f, Boolean(f.required))} extra={f.help ?? (kind.procedure ? '随程序步骤自动变化；未登记的步骤对应的状态不可选' : undefined)}>
          <Select options={options} placeholder="请选择" style={{ width: '100%' }} />
        </Form.Item>
      );
    }
    return (
      <Form.Item
        key={f.name}
        name={f.name}
        label={f.label}
        valuePropName="value"
        rules={rulesFor(f, Boolean(f.required) && !held)}
        extra={extra.length ? extra.join('；') : undefined}
      >
        <FieldInput field={f} recordOrg={orgId} names={names} />
      </Form.Item>
    );
  };

  const wide = (f: Field) => f.type === 'textarea' || f.type === 'orgs' || f.type === 'multiChoice';

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 960 }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {editing ? `编辑${kind.label}` : `新增${kind.label}`}
        </Typography.Title>
        <Typography.Text type="secondary">
          <Link to={`/ledgers/${kind.code}`}>{kind.label}</Link>
          {editing && ` · ${record.title}`}
        </Typography.Text>
      </div>
      {!kind.permissions[editing ? 'update' : 'create'] && <Result status="403" title="无权操作" subTitle={`您的角色不能${editing ? '修改' : '新增'}「${kind.label}」。`} />}
      {problem && (
        <div ref={problemRef}>
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setProblem(null) }}
          title={problem.title}
          description={problem.messages.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{problem.messages.map((m) => <li key={m}>{m}</li>)}</ul> : undefined}
        />
        </div>
      )}
      {kind.permissions[editing ? 'update' : 'create'] && (
        <Card>
          <Form<Values>
            form={form}
            layout="vertical"
            initialValues={initial}
            onFinish={(values) => void save(values)}
            onFinishFailed={({ errorFields }) => errorFields[0] && form.scrollToField(errorFields[0].name, { block: 'center' })}
            onValuesChange={(changed) => {
              setDirty(true);
              if ('orgId' in changed) {
                // Units named in the record must lie inside its unit: a move clears those that no longer do.
                const root = findOrgNode(tree, changed.orgId as string | undefined);
                for (const f of kind.fields.filter((x) => x.type === 'org' || x.type === 'orgs')) {
                  const ids = ([] as string[]).concat((form.getFieldValue(f.name) as string | string[] | null) ?? []);
                  if (ids.some((id) => !root || !findOrgNode([root], id))) form.setFieldValue(f.name, f.type === 'orgs' ? [] : null);
                }
              }
            }}
            scrollToFirstError={false}
            requiredMark
          >
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name="orgId" label="所属单位" rules={[{ required: true, message: '请选择「所属单位」' }]} extra={`可登记在：${kind.orgLevels.map((l) => l.label).join('、')}`}>
                  {treeLoading ? (
                    <Skeleton.Input active block />
                  ) : (
                    <TreeSelect treeData={unitTree} placeholder="请选择" showSearch={{ treeNodeFilterProp: 'title' }} treeDefaultExpandedKeys={unitTree.map((n) => n.value)} style={{ width: '100%' }} />
                  )}
                </Form.Item>
              </Col>
              <Col xs={24} md={kind.dateRange ? 6 : 12}>
                <Form.Item name="date" label={kind.dateLabel} rules={[{ required: true, message: `请选择「${kind.dateLabel}」` }]}>
                  <DateInput />
                </Form.Item>
              </Col>
              {kind.dateRange && (
                <Col xs={24} md={6}>
                  <Form.Item
                    name="endDate"
                    label={kind.endDateLabel ?? '结束日期'}
                    dependencies={['date']}
                    rules={[
                      ({ getFieldValue }) => ({
                        validator: (_, value?: string | null) =>
                          value && getFieldValue('date') && value < String(getFieldValue('date')) ? Promise.reject(new Error(`「${kind.endDateLabel ?? '结束日期'}」不能早于「${kind.dateLabel}」`)) : Promise.resolve(),
                      }),
                    ]}
                  >
                    <DateInput />
                  </Form.Item>
                </Col>
              )}
              <Col span={24}>
                <Form.Item name="title" label={kind.titleLabel} rules={[{ required: true, whitespace: true, message: `请填写「${kind.titleLabel}」` }, { max: 200, message: `「${kind.titleLabel}」不能超过200个字` }]}>
                  <Input maxLength={200} showCount />
                </Form.Item>
              </Col>
            </Row>
            <Divider titlePlacement="start" plain>
              {kind.label}信息
            </Divider>
            <Row gutter={16}>
              {shown.map((f) => (
                <Col key={f.name} xs={24} md={wide(f) ? 24 : 12}>
                  {fieldItem(f)}
                </Col>
              ))}
            </Row>
            {stepDates.length > 0 && (
              <>
                <Divider titlePlacement="start" plain>
                  程序步骤日期
                </Divider>
                <Typography.Paragraph type="secondary">步骤须按法定顺序办理，请在详情页用「登记」按钮登记或撤销，这里不能直接修改。</Typography.Paragraph>
                <Descriptions
                  size="small"
                  column={{ xs: 1, sm: 2, md: 3 }}
                  style={{ marginBottom: 16 }}
                  items={stepDates.map((f) => ({ key: f.name, label: f.label, children: (record?.[f.name] as string | null) ?? <Typography.Text type="secondary">未登记</Typography.Text> }))}
                />
              </>
            )}
            <Divider titlePlacement="start" plain>
              其他
            </Divider>
            {kind.tags && (
              <Form.Item name="tags" label="标签">
                <Select mode="multiple" allowClear placeholder="可选多个" options={kind.tags.options.filter((o) => o.active).map((o) => ({ value: o.code, label: o.label }))} showSearch={{ optionFilterProp: 'label' }} />
              </Form.Item>
            )}
            <Form.Item name="notes" label="备注" rules={[{ max: 5000, message: '「备注」不能超过5000个字' }]}>
              <Input.TextArea maxLength={5000} showCount autoSize={{ minRows: 2, maxRows: 10 }} />
            </Form.Item>
            <Flex gap={8} wrap>
              <Button type="primary" htmlType="submit" loading={saving}>
                {editing ? '保存修改' : '保存'}
              </Button>
              <Button onClick={cancel}>取消</Button>
            </Flex>
          </Form>
        </Card>
      )}
    </Space>
  );
}
