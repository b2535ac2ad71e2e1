/**
 * 办理程序: a record's statutory steps (done, ready, waiting, not applicable) with their dates and
 * legal basis, its deadlines with days left, and the actions the law allows next — register a step,
 * undo the last one, record an approved extension. The server refuses a step out of order (422)
 * and the modal shows why; nothing changes then.
 */
import { CheckCircleFilled, ClockCircleOutlined, MinusCircleOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Empty, Flex, Form, Input, InputNumber, Modal, Select, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, ApiError, messageOf } from '../../lib/api';
import type { DeadlineState, Kind, LedgerRecord, RecordProcedure, Step, StepState } from '../../lib/types';
import { useApi } from '../../lib/useApi';
import { optionLabelOf, statusFieldOf } from './model';

interface Props {
  kind: Kind;
  record: LedgerRecord;
  /** The record changed (its version too): reload it. */
  onChanged: () => void;
}

/** The server's refusal, in full: its message and every detail under it. */
function Refusal({ error }: { error: unknown }) {
  if (!error) return null;
  const details = error instanceof ApiError ? error.details.filter((d) => d.message !== error.message) : [];
  return (
    <Alert
      type="error"
      showIcon
      title={messageOf(error)}
      description={
        details.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {details.map((d) => (
              <li key={`${d.field}:${d.message}`}>{d.message}</li>
            ))}
          </ul>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}

/** The done step that may be undone: the latest by date (the record's own start date excepted). */
function lastDone(steps: StepState[]): StepState | undefined {
  let last: StepState | undefined;
  for (const s of steps) if (s.status === 'done' && s.field !== 'date' && s.date && (!last || s.date >= (last.date ?? ''))) last = s;
  return last;
}

export function ProcedurePanel({ kind, record, onChanged }: Props) {
  const { modal, message } = App.useApp();
  const base = `/api/ledgers/${kind.code}/${record.id}`;
  const { data, loading, error, reload } = useApi<RecordProcedure>(`${base}/procedure`);
  const [taking, setTaking] = useState<{ state: StepState; def: Step } | null>(null);
  const [extending, setExtending] = useState<DeadlineState | null>(null);
  const canUpdate = kind.permissions.update;
  const steps = kind.procedure?.steps ?? [];
  const labelOf = (code: string) => steps.find((s) => s.code === code)?.label ?? code;

  const changed = () => {
    onChanged();
    reload();
  };

  if (loading && !data) return <Card title="办理程序"><Skeleton active /></Card>;
  if (error) {
    return (
      <Card title="办理程序">
        <Alert type="error" showIcon title="程序信息加载失败" description={messageOf(error)} action={<Button size="small" onClick={reload}>重试</Button>} />
      </Card>
    );
  }
  if (!data) return null;
  const undoable = canUpdate ? lastDone(data.steps) : undefined;

  const undo = (step: StepState) =>
    modal.confirm({
      title: `撤销「${step.label}」？`,
      content: `将清除「${step.label}」的办理日期（${step.date}）${kind.procedure?.statusField ? '，状态退回到上一步' : ''}。仅用于更正误登记。`,
      okText: '撤销',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          await api.del(`${base}/steps/${step.code}`, { version: record.version });
          message.success(`已撤销「${step.label}」`);
          changed();
        } catch (e) {
          modal.error({ title: '未能撤销', content: <Refusal error={e} /> });
        }
      },
    });

  const items = data.steps.map((s) => {
    const def = steps.find((d) => d.code === s.code);
    const ready = s.status === 'ready' && data.next.includes(s.code);
    return {
      key: s.code,
      color: s.status === 'done' ? 'green' : s.status === 'ready' ? 'blue' : 'gray',
      icon: s.status === 'done' ? <CheckCircleFilled /> : s.status === 'notApplicable' ? <MinusCircleOutlined /> : s.status === 'waiting' ? <ClockCircleOutlined /> : undefined,
      content: (
        <div>
          <Flex gap={8} wrap align="center">
            <Typography.Text strong={s.status !== 'notApplicable'} type={s.status === 'notApplicable' || s.status === 'waiting' ? 'secondary' : undefined}>
              {s.label}
            </Typography.Text>
            {s.status === 'done' && <Typography.Text>{s.date}</Typography.Text>}
            {s.optional && s.status !== 'done' && <Tag>可选</Tag>}
            {s.status === 'notApplicable' && <Tag>不适用</Tag>}
            {undoable?.code === s.code && (
              <Button size="small" type="link" icon={<UndoOutlined />} onClick={() => undo(s)} style={{ padding: 0 }}>
                撤销
              </Button>
            )}
          </Flex>
          {s.status === 'waiting' && s.waitingFor.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              需先办理{s.waitingFor.map((c) => `「${labelOf(c)}」`).join('')}
            </Typography.Text>
          )}
          {s.basis && (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              依据：{s.basis}
            </Typography.Text>
          )}
          {ready && canUpdate && def && (
            <Button size="small" type={s.optional ? 'default' : 'primary'} ghost={!s.optional} style={{ marginTop: 4 }} onClick={() => setTaking({ state: s, def })}>
              登记「{s.label}」
            </Button>
          )}
        </div>
      ),
    };
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {data.deadlines.length > 0 && (
        <Card title="办理期限" size="small">
          <Space orientation="vertical" style={{ width: '100%' }} size="middle">
            {data.deadlines.map((d) => (
              <DeadlineRow key={d.code} deadline={d} canExtend={canUpdate} onExtend={() => setExtending(d)} />
            ))}
            {data.extensions.length > 0 && (
              <div>
                <Typography.Text type="secondary">已批准的延期</Typography.Text>
                {data.extensions.map((x) => (
                  <div key={x.id} style={{ fontSize: 13 }}>
                    {data.deadlines.find((d) => d.code === x.deadline)?.label ?? x.deadline}：延长 {x.days} 天，{x.approver} 于 {x.approvedOn} 批准（{x.reason}）
                  </div>
                ))}
              </div>
            )}
          </Space>
        </Card>
      )}
      <Card title="办理程序" size="small" extra={<Typography.Text type="secondary">截至 {data.on}</Typography.Text>}>
        {items.length ? <Timeline items={items} /> : <Empty description="没有程序步骤" />}
      </Card>
      {taking && (
        <StepModal
          kind={kind}
          record={record}
          taking={taking}
          today={data.on}
          onClose={() => setTaking(null)}
          onDone={() => {
            setTaking(null);
            changed();
          }}
        />
      )}
      {extending && (
        <ExtensionModal
          base={base}
          deadline={extending}
          today={data.on}
          onClose={() => setExtending(null)}
          onDone={() => {
            setExtending(null);
            changed();
          }}
        />
      )}
    </Space>
  );
}

function DeadlineRow({ deadline: d, canExtend, onExtend }: { deadline: DeadlineState; canExtend: boolean; onExtend: () => void }) {
  const days = d.daysLeft ?? 0;
  const color = d.status === 'open' ? (days < 0 ? '#cf1322' : days <= 7 ? '#ad4e00' : undefined) : d.status === 'metLate' ? '#cf1322' : '#237804';
  const state =
    d.status === 'met'
      ? `已于 ${d.metOn} 按期完成`
      : d.status === 'metLate'
        ? `已于 ${d.metOn} 完成，超过期限`
        : days < 0
          ? `已逾期 ${-days} 天`
          : days === 0
            ? '今天到期'
            : `还剩 ${days} 天`;
  return (
    <div>
      <Flex justify="space-between" wrap gap={8} align="center">
        <Typography.Text strong>{d.label}</Typography.Text>
        <Typography.Text strong style={{ color }}>
          {state}
        </Typography.Text>
      </Flex>
      <div style={{ fontSize: 13 }}>
        {d.start} 起算，{d.count === 'working' ? '按工作日计' : '按自然日计'}，{d.status === 'open' ? '应于' : '期限'} <b>{d.due}</b> {d.status === 'open' ? '前完成' : ''}
        {d.extendedDays > 0 && <Tag color="orange" style={{ marginInlineStart: 8 }}>已延长{d.extendedDays}天</Tag>}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {d.basis}
      </Typography.Text>
      {d.warning && <Alert type="warning" showIcon title={d.warning} style={{ marginTop: 4 }} />}
      {d.status === 'open' && canExtend && (d.extendable ?? 0) > 0 && (
        <div>
          <Button size="small" style={{ marginTop: 4 }} onClick={onExtend}>
            申请延期
          </Button>
        </div>
      )}
    </div>
  );
}

function StepModal({ kind, record, taking, today, onClose, onDone }: { kind: Kind; record: LedgerRecord; taking: { state: StepState; def: Step }; today: string; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ date: Dayjs; result?: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const statusField = statusFieldOf(kind);
  const { def } = taking;
  const results = statusField && (def.statuses?.length ?? 0) > 1 ? (def.statuses ?? []) : [];
  const base = `/api/ledgers/${kind.code}/${record.id}`;

  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      // A step with several outcomes (办结: 已化解/未化解/移交) carries the chosen one in the same request.
      const chosen = statusField && values.result ? { values: { [statusField.name]: values.result } } : {};
      await api.post(`${base}/steps`, { step: def.code, date: values.date.format('YYYY-MM-DD'), version: record.version, ...chosen });
      message.success(`已登记「${def.label}」`);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`登记「${def.label}」`}
      okText="登记"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Refusal error={error} />
      <Form form={form} layout="vertical" initialValues={{ date: dayjs(today), result: results[0] }}>
        <Form.Item name="date" label={`${def.label}日期`} rules={[{ required: true, message: '请选择日期' }]} extra={def.basis ? `依据：${def.basis}` : undefined}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(today), 'day')} />
        </Form.Item>
        {statusField && results.length > 0 && (
          <Form.Item name="result" label={statusField.label} rules={[{ required: true, message: `请选择「${statusField.label}」` }]}>
            <Select options={results.map((code) => ({ value: code, label: optionLabelOf(statusField, code) }))} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

interface ExtensionValues {
  days: number;
  approver: string;
  reason: string;
  approvedOn: Dayjs;
}

function ExtensionModal({ base, deadline, today, onClose, onDone }: { base: string; deadline: DeadlineState; today: string; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ExtensionValues>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const max = deadline.extendable ?? 0;

  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`${base}/extensions`, { deadline: deadline.code, days: values.days, approver: values.approver.trim(), reason: values.reason.trim(), approvedOn: values.approvedOn.format('YYYY-MM-DD') });
      message.success(`「${deadline.label}」已延长 ${values.days} 天`);
      onDone();
    } catch (e) {
      setError(e);
      if (e instanceof ApiError) {
        const known = new Set(['days', 'approver', 'reason', 'approvedOn']);
        form.setFields(e.details.filter((d) => known.has(d.field)).map((d) => ({ name: d.field as keyof ExtensionValues, errors: [d.message] })));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={`申请延长「${deadline.label}」`} okText="登记延期" cancelText="取消" confirmLoading={busy} onOk={() => void submit()} onCancel={onClose} mask={{ closable: false }} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        现应于 {deadline.due} 前完成；依法最多还可延长 {max} 天。请登记经负责人批准的延期。
      </Typography.Paragraph>
      <Refusal error={error} />
      <Form form={form} layout="vertical" initialValues={{ approvedOn: dayjs(today), days: Math.min(max, 30) }}>
        <Form.Item name="days" label="延长天数" rules={[{ required: true, message: '请填写「延长天数」' }]} extra={`1 至 ${max} 天`}>
          <InputNumber min={1} max={max} precision={0} style={{ width: '100%' }} suffix="天" />
        </Form.Item>
        <Form.Item name="approver" label="批准人" rules={[{ required: true, whitespace: true, message: '请填写「批准人」' }, { min: 2, message: '请填写批准人姓名' }, { max: 60 }]}>
          <Input maxLength={60} placeholder="如：张镇长" />
        </Form.Item>
        <Form.Item name="reason" label="延期理由" rules={[{ required: true, whitespace: true, message: '请填写「延期理由」' }, { min: 4, message: '「延期理由」至少4个字' }]}>
          <Input.TextArea maxLength={500} showCount rows={3} />
        </Form.Item>
        <Form.Item name="approvedOn" label="批准日期" rules={[{ required: true, message: '请选择「批准日期」' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
