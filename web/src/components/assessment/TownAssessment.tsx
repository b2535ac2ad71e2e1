/**
 * One town's assessment item by item: the score as it stands (live from the ledger until the
 * county confirms it), what keeps each item from its points, and the town's notes. The town
 * office writes notes and submits; the county reviewer adjusts a score with a reason, returns an
 * item for correction and confirms. Each item opens the records and attachments behind it.
 */
import { CheckCircleOutlined, EditOutlined, FileSearchOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Drawer, Empty, Form, Input, InputNumber, List, Modal, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, messageOf } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { ASSESSMENT_AREAS, ASSESSMENT_STATUS, type Assessment, type ItemEvidence, type ItemResult } from '../../../../src/shared/assessment.js';

const STATUS_COLOR: Record<Assessment['status'], string> = { draft: 'processing', submitted: 'blue', returned: 'warning', confirmed: 'success' };

/** The rule in the words of a score sheet. */
function ruleText(item: ItemResult): string {
  const r = item.rule;
  if (r.type === 'threshold') return `达到 ${r.min}${item.unit ?? ''} 得 ${item.points} 分`;
  if (r.type === 'proportional') return `${r.from} 至 ${r.to}${item.unit ?? ''} 之间按比例得分`;
  if (r.type === 'deduction') return `达到 ${r.target}${item.unit ?? ''} 得满分，每差 ${r.step} 扣 ${r.deduct} 分`;
  return '考核组评分';
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);

function Missing({ item }: { item: ItemResult }) {
  const s = item.shortfall;
  const lines: string[] = [];
  if (s.figure) lines.push(`${s.figure.label}为 ${fmt(s.figure.value)}${s.figure.unit}，满分需 ${fmt(s.figure.needed)}${s.figure.unit}`);
  for (const w of s.withoutAttachments) lines.push(`${w.ids.length} 条记录缺少佐证附件`);
  if (s.overdue.length) lines.push(`${s.overdue.length} 项待办已逾期`);
  if (item.rule.type === 'manual' && !item.adjusted) lines.push('待考核组评分');
  if (!lines.length) return <Typography.Text type="success">无</Typography.Text>;
  return (
    <Space orientation="vertical" size={0}>
      {lines.map((l) => (
        <Typography.Text key={l} type="warning">
          {l}
        </Typography.Text>
      ))}
    </Space>
  );
}

interface Props {
  schemeId: string;
  orgId: string;
  /** town: notes and submission; review: adjust, return, confirm. */
  mode: 'town' | 'review';
  /** May the caller write in this mode (the role's grant)? */
  mayWrite: boolean;
  onChanged?: () => void;
}

export function TownAssessment({ schemeId, orgId, mode, mayWrite, onChanged }: Props) {
  const { message } = App.useApp();
  const base = `/api/assessment-schemes/${schemeId}/towns/${orgId}`;
  const loaded = useApi<Assessment>(base);
  const [editing, setEditing] = useState<{ item: ItemResult; action: 'note' | 'adjust' | 'return' } | null>(null);
  const [evidenceOf, setEvidenceOf] = useState<ItemResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ note?: string; score?: number; reason?: string }>();
  const a = loaded.data;

  if (loaded.error) return <Alert type="error" showIcon title={messageOf(loaded.error)} />;
  if (!a) return <Table loading columns={[]} dataSource={[]} />;

  const open = a.status === 'draft' || a.status === 'returned';
  const reviewable = a.status === 'submitted' || a.status === 'returned';
  const act = async (call: () => Promise<Assessment>, done: string) => {
    setBusy(true);
    try {
      await call();
      message.success(done);
      setEditing(null);
      loaded.reload();
      onChanged?.();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    if (!editing) return;
    // The form shows what is wrong beside the field; nothing more to do here.
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    const at = `${base}/items/${encodeURIComponent(editing.item.code)}`;
    if (editing.action === 'note') await act(() => api.put<Assessment>(`${at}/note`, { note: values.note ?? '' }), '自评说明已保存');
    if (editing.action === 'adjust') await act(() => api.post<Assessment>(`${at}/adjust`, { score: values.score, reason: values.reason }), '得分已调整');
    if (editing.action === 'return') await act(() => api.post<Assessment>(`${at}/return`, { reason: values.reason }), '已退回该项');
  };
  const startEditing = (item: ItemResult, action: 'note' | 'adjust' | 'return') => {
    form.setFieldsValue({ note: item.note, score: item.score, reason: '' });
    setEditing({ item, action });
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap size="large" align="center">
        <Statistic title={`${a.org.name} 得分`} value={a.total} suffix={`/ ${a.totalPoints}`} />
        <div>
          <Tag color={STATUS_COLOR[a.status]}>{ASSESSMENT_STATUS[a.status]}</Tag>
          {a.frozen ? <Tag color="default">结果已冻结</Tag> : <Tag color="cyan">按台账实时计分</Tag>}
        </div>
        <Typography.Text type="secondary">自评截止：{a.deadline}</Typography.Text>
        {mode === 'town' && mayWrite && open ? (
          <Button type="primary" icon={<SendOutlined />} loading={busy} onClick={() => void act(() => api.post<Assessment>(`${base}/submit`), '自评已提交')}>
            提交自评
          </Button>
        ) : null}
        {mode === 'review' && mayWrite && a.status === 'submitted' ? (
          <Button
            type="primary"
            icon={<CheckCircleOutlined />}
            loading={busy}
            onClick={() =>
              Modal.confirm({
                title: `确认${a.org.name}的考核结果？`,
                content: `确认后得分（${a.total} 分）冻结，不再随台账变化。`,
                okText: '确认结果',
                cancelText: '取消',
                onOk: () => act(() => api.post<Assessment>(`${base}/confirm`), '考核结果已确认'),
              })
            }
          >
            确认结果
          </Button>
        ) : null}
      </Space>
      {a.items.some((i) => i.returned) && a.status === 'returned' ? <Alert type="warning" showIcon title="考核组退回了部分项目，请按退回理由修改后再次提交。" /> : null}
      <Table<ItemResult>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={a.items}
        scroll={{ x: 1100 }}
        columns={[
          { title: '序号', dataIndex: 'code', width: 60 },
          {
            title: '考核内容',
            dataIndex: 'title',
            width: 300,
            render: (title: string, item) => (
              <Space orientation="vertical" size={0}>
                <span>{title}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {ASSESSMENT_AREAS[item.area]} · {ruleText(item)}
                </Typography.Text>
                {item.returned ? <Typography.Text type="danger">退回：{item.returned.reason}</Typography.Text> : null}
              </Space>
            ),
          },
          { title: '分值', dataIndex: 'points', width: 60, align: 'right' },
          { title: '台账数字', key: 'value', width: 110, align: 'right', render: (_, item) => (item.value === null ? '—' : `${fmt(item.value)}${item.unit ?? ''}`) },
          {
            title: '得分',
            key: 'score',
            width: 110,
            align: 'right',
            sorter: (x, y) => x.score - y.score,
            render: (_, item) => (
              <Space orientation="vertical" size={0} align="end">
                <strong>{fmt(item.score)}</strong>
                {item.adjusted ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} title={item.adjusted.reason}>
                    调整（原 {item.computed === null ? '未评' : fmt(item.computed)}）
                  </Typography.Text>
                ) : null}
              </Space>
            ),
          },
          { title: '缺什么', key: 'missing', width: 230, render: (_, item) => <Missing item={item} /> },
          { title: '自评说明', dataIndex: 'note', width: 220, render: (note: string) => note || <Typography.Text type="secondary">未填写</Typography.Text> },
          {
            title: '操作',
            key: 'actions',
            width: 200,
            render: (_, item) => (
              <Space size={0} wrap>
                <Button type="link" size="small" icon={<FileSearchOutlined />} onClick={() => setEvidenceOf(item)}>
                  佐证
                </Button>
                {mode === 'town' && mayWrite && open ? (
                  <Button type="link" size="small" icon={<EditOutlined />} onClick={() => startEditing(item, 'note')}>
                    说明
                  </Button>
                ) : null}
                {mode === 'review' && mayWrite && reviewable ? (
                  <>
                    <Button type="link" size="small" onClick={() => startEditing(item, 'adjust')}>
                      调整得分
                    </Button>
                    <Button type="link" size="small" danger icon={<RollbackOutlined />} onClick={() => startEditing(item, 'return')}>
                      退回
                    </Button>
                  </>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!editing}
        title={editing ? `${editing.item.code} ${editing.item.title}` : ''}
        okText="保存"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => void save()}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {editing?.action === 'note' ? (
            <Form.Item name="note" label="自评说明" rules={[{ max: 2000, message: '「自评说明」不能超过2000个字' }]}>
              <Input.TextArea rows={5} placeholder="说明本项工作的开展情况和佐证材料" />
            </Form.Item>
          ) : null}
          {editing?.action === 'adjust' ? (
            <>
              <Descriptions size="small" column={1} items={[{ key: 'c', label: '按规则计算', children: editing.item.computed === null ? '人工评分项' : `${fmt(editing.item.computed)} 分` }]} />
              <Form.Item name="score" label={`调整后得分（0–${editing.item.points}）`} rules={[{ required: true, message: '请填写「调整后得分」' }]}>
                <InputNumber min={0} max={editing.item.points} step={0.5} style={{ width: 160 }} />
              </Form.Item>
            </>
          ) : null}
          {editing?.action === 'adjust' || editing?.action === 'return' ? (
            <Form.Item
              name="reason"
              label={editing.action === 'adjust' ? '调整理由' : '退回理由'}
              rules={[
                { required: true, message: editing.action === 'adjust' ? '请填写「调整理由」' : '请填写「退回理由」' },
                { min: 4, message: '理由至少4个字' },
              ]}
            >
              <Input.TextArea rows={3} />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
      <EvidenceDrawer schemeId={schemeId} orgId={orgId} item={evidenceOf} onClose={() => setEvidenceOf(null)} />
    </Space>
  );
}

function EvidenceDrawer({ schemeId, orgId, item, onClose }: { schemeId: string; orgId: string; item: ItemResult | null; onClose: () => void }) {
  const evidence = useApi<ItemEvidence>(item ? `/api/assessment-schemes/${schemeId}/towns/${orgId}/items/${encodeURIComponent(item.code)}/evidence` : null);
  return (
    <Drawer open={!!item} onClose={onClose} size={560} title={item ? `佐证材料：${item.code} ${item.title}` : ''}>
      {evidence.error ? <Alert type="error" showIcon title={messageOf(evidence.error)} /> : null}
      {evidence.data && !evidence.data.records.length ? <Empty description="没有对应的台账记录" /> : null}
      <List
        loading={evidence.loading}
        dataSource={evidence.data?.records ?? []}
        renderItem={(r) => (
          <List.Item>
            <List.Item.Meta
              title={<Link to={`/ledgers/${r.kind}/${r.id}`}>{r.title || '（无标题）'}</Link>}
              description={
                <Space orientation="vertical" size={0}>
                  <span>
                    {r.kindLabel} · {r.date ?? '无日期'}
                  </span>
                  {r.attachments.length ? (
                    r.attachments.map((f) => (
                      <a key={f.id} href={`/api/attachments/${f.id}`} target="_blank" rel="noreferrer">
                        {f.filename}
                      </a>
                    ))
                  ) : (
                    <Typography.Text type="warning">无附件</Typography.Text>
                  )}
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Drawer>
  );
}
