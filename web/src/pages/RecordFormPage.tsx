/**
 * Registering or editing a record, with the form drawn from the kind's fields. Procedure step
 * dates are registered with the step buttons on the detail page, except where the chosen status
 * says a step was already taken (a dispute registered as 已化解): the form then asks for that
 * step's date — and those of the steps before it — and saves them with the record, checked as the
 * step buttons are. A new record may carry attachments, uploaded right after it is saved.
 * Whatever the server refuses is shown on the field it names, and the user's input stays in the
 * form — after a validation error, a refused procedure, or someone else's save (409).
 */
import { Alert, App, Button, Card, Col, Descriptions, Divider, Flex, Form, Input, Result, Row, Select, Skeleton, Space, TreeSelect, Typography } from 'antd';
import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { conditionHolds, stepDateInFuture, stepDateMissing, stepDateTooEarly, stepsNeededFor } from '../../../src/shared/step-dates.js';
import { DateInput, FieldInput } from '../components/ledger/FieldInput';
import { findOrgNode, orgTreeData, useOrgTree, useReferenceNames } from '../components/ledger/hooks';
import { KindGate } from '../components/ledger/KindGate';
import { initialStatus, isEmpty, optionLabelOf, statusFieldOf, stepFieldNames, type RecordWithAttachments } from '../components/ledger/model';
import { PendingAttachments, uploadPending, type PendingFile } from '../components/ledger/PendingAttachments';
import { rulesFor } from '../components/ledger/rules';
import { api, ApiError, messageOf } from '../lib/api';
import { useMe } from '../lib/session';
import type { Field, Kind, LedgerRecord, Step } from '../lib/types';
import { useApi } from '../lib/useApi';
import { COMMON_FIELDS } from '../../../src/shared/field-types.js';

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

const COMMON: readonly string[] = COMMON_FIELDS;

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
  /** Attachments chosen for a new record, uploaded once it is saved. */
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [uploading, setUploading] = useState(false);
  const version = useRef(record?.version ?? 0);
  const editing = record !== undefined;

  const steps = stepFieldNames(kind);
  const status = statusFieldOf(kind);
  const sensitiveHeld = useMemo(() => new Set(kind.fields.filter((f) => f.sensitive && record && !isEmpty(record[f.name])).map((f) => f.name)), [kind, record]);
  /** Fields typed in this form; step dates (but a required one on a new record) are registered on the detail page. */
  const shown = kind.fields.filter((f) => !steps.has(f.name) || (!editing && f.required));
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

  const orgId = Form.useWatch('orgId', form) as string | undefined;
  const watched = Form.useWatch([], form) as Values | undefined;
  const formValues: Values = { ...(record ?? {}), ...initial, ...(watched ?? {}) };
  const chosenStatus = status ? formValues[status.name] : undefined;
  /**
   * The steps the chosen status says were taken and this form asks the dates of: every one on a new
   * record, those not registered yet on an edit (the server checks them as it checks the step buttons).
   */
  const stepsAsked = (kind.procedure ? stepsNeededFor(kind.procedure.steps, chosenStatus, formValues) : [])
    .filter((s) => !editing || isEmpty(record[s.field]))
    .flatMap((step) => {
      const field = kind.fields.find((f) => f.name === step.field && f.type === 'date');
      return field && !shown.includes(field) ? [{ step, field }] : [];
    });
  /** Every field this form writes. */
  const written = [...shown, ...stepsAsked.map((s) => s.field)];
  /** On an edit, the step dates so far, shown as text. */
  const stepDates = editing ? kind.fields.filter((f) => steps.has(f.name) && !stepsAsked.some((s) => s.field === f)) : [];

  // A new record belongs to the user's own unit when the kind may be registered there.
  useEffect(() => {
    if (editing || treeLoading || form.getFieldValue('orgId')) return;
    const own = findOrgNode(tree, me.org.id);
    if (own && levels.includes(own.level)) form.setFieldValue('orgId', own.id);
  }, [editing, treeLoading, tree, me.org.id, levels, form]);

  useEffect(() => {
    if (!dirty && !uploading) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty, uploading]);

  /** The body to send: a new record's filled values, or an edit's changed ones. */
  const bodyOf = (values: Values): Values => {
    const names = [...COMMON, ...written.map((f) => f.name)];
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
    const known = new Set([...COMMON, ...written.map((f) => f.name)]);
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
      // The record is saved: its attachments follow, one by one; one that fails costs only itself.
      const pending = editing ? [] : files.filter((f) => f.state !== 'done');
      let failed: PendingFile[] = [];
      if (pending.length) {
        setUploading(true);
        try {
          failed = await uploadPending(`/api/ledgers/${kind.code}/${saved.id}/attachments`, pending, (uid, patch) => setFiles((old) => old.map((f) => (f.uid === uid ? { ...f, ...patch } : f))));
        } finally {
          setUploading(false);
        }
      }
      const uploaded = pending.length - failed.length;
      if (failed.length) {
        modal.warning({
          title: `「${saved.title}」已登记，但有 ${failed.length} 个附件没有上传`,
          content: (
            <>
              <ul style={{ margin: '0 0 8px', paddingInlineStart: 18 }}>
                {failed.map((f) => (
                  <li key={f.uid}>
                    「{f.file.name}」：{f.error}
                  </li>
                ))}
              </ul>
              <Typography.Paragraph style={{ margin: 0 }}>
                记录{uploaded ? `和其余 ${uploaded} 个附件` : ''}已保存。请在记录页面的「附件」中重新上传以上文件。
              </Typography.Paragraph>
            </>
          ),
          okText: '知道了',
        });
      } else {
        message.success(editing ? '已保存修改' : `已登记「${saved.title}」${uploaded ? `，${uploaded} 个附件已上传` : ''}`);
      }
      void navigate(`/ledgers/${kind.code}/${saved.id}`, { replace: true });
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
    const masked = record?.[f.name];
    const maskedText = typeof masked === 'string' || typeof masked === 'number' ? String(masked) : '';
    const extra = [f.help, held ? `已登记（脱敏显示：${maskedText}）；如需更正请重新填写，不改请留空` : undefined].filter(Boolean);
    if (isStatus) {
      const options = (status.options ?? []).filter((o) => o.active || o.code === initial[f.name]).map((o) => ({ value: o.code, label: o.label }));
      return (
        <Form.Item
          key={f.name}
          name={f.name}
          label={f.label}
          rules={rulesFor(f, Boolean(f.required))}
          extra={f.help ?? (kind.procedure ? '随详情页登记的步骤变化；选择表示某步骤已办理的状态时，旁边会要求填写该步骤的日期' : undefined)}
        >
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

  /** The date of a step the chosen status says was taken, checked as the server checks it. */
  const stepDateItem = (step: Step, f: Field) => {
    const procedureSteps = kind.procedure?.steps ?? [];
    const before = (step.after ?? []).flatMap((code) => procedureSteps.filter((s) => s.code === code));
    const statusLabel = status ? optionLabelOf(status, chosenStatus) : '';
    return (
      <Form.Item
        key={f.name}
        name={f.name}
        label={f.label}
        dependencies={['date', ...before.map((s) => s.field)]}
        extra={`「${step.label}」的办理日期，与记录一同登记${step.basis ? `；依据：${step.basis}` : ''}`}
        rules={[
          { required: true, message: stepDateMissing(f.label, statusLabel, step) },
          ({ getFieldValue }) => ({
            validator: (_, value?: string | null) => {
              if (!value) return Promise.resolve();
              if (value > me.today) return Promise.reject(new Error(stepDateInFuture(f.label, value, me.today)));
              for (const b of before) {
                if (!conditionHolds(b.when, formValues)) continue;
                const date = (getFieldValue(b.field) as string | null | undefined) ?? (record?.[b.field] as string | null | undefined);
                if (date && date > value) return Promise.reject(new Error(stepDateTooEarly(step, value, b, date)));
              }
              return Promise.resolve();
            },
          }),
        ]}
      >
        <DateInput notAfter={me.today} />
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
                <Fragment key={f.name}>
                  <Col xs={24} md={wide(f) ? 24 : 12}>
                    {fieldItem(f)}
                  </Col>
                  {f.name === status?.name &&
                    stepsAsked.map(({ step, field }) => (
                      <Col key={field.name} xs={24} md={12}>
                        {stepDateItem(step, field)}
                      </Col>
                    ))}
                </Fragment>
              ))}
            </Row>
            {stepDates.length > 0 && (
              <>
                <Divider titlePlacement="start" plain>
                  程序步骤日期
                </Divider>
                <Typography.Paragraph type="secondary">步骤须按法定顺序办理，请在详情页用「登记」按钮登记或撤销；已登记的日期这里不能修改。选择表示某步骤已办理的状态时，在上方填写该步骤的日期。</Typography.Paragraph>
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
            {!editing && kind.permissions.update && (
              <Form.Item label="附件" extra="某个文件没有传上去时，记录照样保存，可在记录页面重新上传">
                <PendingAttachments files={files} setFiles={setFiles} busy={saving} />
              </Form.Item>
            )}
            <Flex gap={8} wrap>
              <Button type="primary" htmlType="submit" loading={saving}>
                {uploading ? '正在上传附件…' : editing ? '保存修改' : files.length ? '保存并上传附件' : '保存'}
              </Button>
              <Button onClick={cancel} disabled={uploading}>
                取消
              </Button>
            </Flex>
          </Form>
        </Card>
      )}
    </Space>
  );
}
