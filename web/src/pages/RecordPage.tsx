/**
 * One record: every field with its label, attachments, and — for kinds with a statutory
 * procedure — its steps, deadlines and the next steps to register. Edit, delete and 查看原文
 * appear as the role allows.
 */
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Card, Col, Descriptions, Flex, Popconfirm, Result, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Attachments } from '../components/ledger/Attachments';
import { FieldValue } from '../components/ledger/FieldValue';
import { useReferenceNames } from '../components/ledger/hooks';
import { KindGate } from '../components/ledger/KindGate';
import { isEmpty, optionLabelOf, seesTowns, statusColor, statusFieldOf, stepFieldNames, unitLabel, type RecordWithAttachments } from '../components/ledger/model';
import { ProcedurePanel } from '../components/ledger/ProcedurePanel';
import { RevealButton } from '../components/ledger/RevealButton';
import { api, ApiError, messageOf } from '../lib/api';
import { useMe } from '../lib/session';
import type { Kind } from '../lib/types';
import { useApi } from '../lib/useApi';

export default function RecordPage() {
  const { id } = useParams();
  return <KindGate>{(kind) => <RecordView key={`${kind.code}:${id}`} kind={kind} id={id ?? ''} />}</KindGate>;
}

const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { dateStyle: 'medium', timeStyle: 'short' });

function RecordView({ kind, id }: { kind: Kind; id: string }) {
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const base = `/api/ledgers/${kind.code}/${id}`;
  const { data: record, loading, error, reload } = useApi<RecordWithAttachments>(base);
  const names = useReferenceNames(kind, record ? [record] : undefined);
  const [revealed, setRevealed] = useState<Record<string, unknown>>({});
  const [deleting, setDeleting] = useState(false);
  const withTown = seesTowns(useMe().org.level);

  if (loading && !record) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (error || !record) {
    if (error instanceof ApiError && error.status === 404) {
      return (
        <Result
          status="404"
          title="找不到这条记录"
          subTitle="记录可能已被删除，或不在您的管辖范围内。"
          extra={
            <Button type="primary" onClick={() => navigate(`/ledgers/${kind.code}`)}>
              返回{kind.label}
            </Button>
          }
        />
      );
    }
    return <Alert type="error" showIcon title="记录加载失败" description={messageOf(error)} action={<Button size="small" onClick={reload}>重试</Button>} />;
  }

  const sensitive = kind.fields.filter((f) => f.sensitive);
  const hasSensitiveValue = sensitive.some((f) => record[f.name] !== null && record[f.name] !== undefined && record[f.name] !== '');
  const status = statusFieldOf(kind);
  const steps = stepFieldNames(kind);

  const remove = async () => {
    setDeleting(true);
    try {
      await api.del(base, { version: record.version });
      message.success('已删除');
      void navigate(`/ledgers/${kind.code}`, { replace: true });
    } catch (e) {
      setDeleting(false);
      if (e instanceof ApiError && e.status === 409) {
        modal.warning({ title: '记录已被他人修改', content: messageOf(e), onOk: reload, okText: '刷新' });
      } else message.error(messageOf(e));
    }
  };

  // Above towns, the town first: every town has a 新华村/一社 of its own.
  const unitPath = withTown && record.townName && record.townName !== unitLabel(record) ? `${record.townName}/${unitLabel(record)}` : unitLabel(record);
  const items = [
    { key: 'orgName', label: '所属单位', children: unitPath || '—' },
    { key: 'date', label: kind.dateLabel, children: record.date },
    ...(kind.dateRange ? [{ key: 'endDate', label: kind.endDateLabel ?? '结束日期', children: record.endDate ?? '—' }] : []),
    // Step dates not yet registered are on the timeline as steps to come.
    ...kind.fields.filter((f) => !(steps.has(f.name) && isEmpty(record[f.name]))).map((f) => {
      const shown = f.name in revealed;
      const value = shown ? revealed[f.name] : record[f.name];
      return {
        key: f.name,
        label: f.label,
        span: f.type === 'textarea' ? ('filled' as const) : undefined,
        children: (
          <>
            {f.name === status?.name && typeof value === 'string' ? <Tag color={statusColor(value)}>{optionLabelOf(f, value)}</Tag> : <FieldValue field={f} value={value} names={names} />}
            {shown && value !== null && value !== undefined && (
              <Tag color="orange" style={{ marginInlineStart: 6 }}>
                原文
              </Tag>
            )}
          </>
        ),
      };
    }),
    ...(kind.tags
      ? [{ key: 'tags', label: '标签', children: (record.tags ?? []).length ? (record.tags ?? []).map((c) => <Tag key={c}>{kind.tags?.options.find((o) => o.code === c)?.label ?? c}</Tag>) : '—' }]
      : []),
    { key: 'notes', label: '备注', span: 'filled' as const, children: record.notes ? <span style={{ whiteSpace: 'pre-wrap' }}>{record.notes}</span> : '—' },
  ];

  const details = (
    <Card size="small" title="登记内容">
      <Descriptions items={items} column={{ xs: 1, sm: 1, md: 2 }} size="small" bordered styles={{ label: { width: 140 } }} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
        登记于 {time(record.createdAt)}，最后修改于 {time(record.updatedAt)}（第 {record.version} 版）
      </Typography.Paragraph>
    </Card>
  );
  const attachments = <Attachments base={base} attachments={record.attachments} canUpload={kind.permissions.update} onUploaded={reload} />;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to={`/area/${kind.area}`}>{kind.areaLabel}</Link> }, { title: <Link to={`/ledgers/${kind.code}`}>{kind.label}</Link> }, { title: '详情' }]} />
      <Flex justify="space-between" align="start" wrap gap={8}>
        <div style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Typography.Title level={3} style={{ margin: 0, wordBreak: 'break-word' }}>
            {record.title}
          </Typography.Title>
          <Typography.Text type="secondary">
            {kind.label} · {unitPath} · {record.date}
          </Typography.Text>
        </div>
        <Space wrap>
          {kind.permissions.reveal && hasSensitiveValue && Object.keys(revealed).length === 0 && (
            <RevealButton base={base} labels={sensitive.map((f) => f.label)} onRevealed={setRevealed} />
          )}
          {kind.permissions.update && (
            <Button type="primary" icon={<EditOutlined />} onClick={() => navigate(`/ledgers/${kind.code}/${id}/edit`)}>
              编辑
            </Button>
          )}
          {kind.permissions.delete && (
            <Popconfirm
              title="删除这条记录？"
              description="删除后不可恢复，附件也会一并删除。"
              okText="删除"
              okButtonProps={{ danger: true, loading: deleting }}
              cancelText="取消"
              onConfirm={() => remove()}
            >
              <Button danger icon={<DeleteOutlined />}>
                删除
              </Button>
            </Popconfirm>
          )}
        </Space>
      </Flex>
      {Object.keys(revealed).length > 0 && <Alert type="warning" showIcon title="正在显示个人信息原文，此次查看已记入审计日志。离开本页后恢复脱敏显示。" />}
      {kind.procedure ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              {details}
              {attachments}
            </Space>
          </Col>
          <Col xs={24} xl={10}>
            <ProcedurePanel kind={kind} record={record} onChanged={reload} />
          </Col>
        </Row>
      ) : (
        <>
          {details}
          {attachments}
        </>
      )}
    </Space>
  );
}
