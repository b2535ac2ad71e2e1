/**
 * 核对报告稿: a draft written elsewhere (pasted, or a Word/text file) is read figure by figure;
 * each number is matched to the indicator its wording names and compared with the ledger. A user
 * who confirms a match, corrects it or gives an unmatched figure its indicator teaches the check
 * the town's own words (本镇用语), which the next check reads first.
 */
import { FileSearchOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Collapse, Empty, Grid, Input, List, Modal, Row, Select, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { api, messageOf } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import type { FigureRef } from './FigureDrawer';
import type { CheckItem, CheckResult, FoundFigure, IndicatorValue, ReportTarget } from './types';
import type { IndicatorsResponse } from '../../../../src/shared/dashboard.js';

interface Row extends CheckItem {
  ok: boolean;
}

/** The context with the figure marked, so the eye finds it. */
function Context({ context, text }: { context: string; text: string }) {
  const at = context.indexOf(text);
  if (at < 0) return <span className="check-context">{context}</span>;
  return (
    <span className="check-context">
      {context.slice(0, at)}
      <mark>{text}</mark>
      {context.slice(at + text.length)}
    </span>
  );
}

/** The figure being taught: its words and, when it was matched, the indicator the check chose. */
interface Teaching {
  figure: { text: string; context: string; phrase: string };
  code?: string;
}

/** Choose the indicator a figure states; the words before it become the town's word for it. */
function TeachDialog({ teaching, indicators, busy, onSave, onCancel }: { teaching?: Teaching; indicators: IndicatorValue[]; busy: boolean; onSave: (code: string, phrase: string) => void; onCancel: () => void }) {
  const [code, setCode] = useState<string>();
  const [phrase, setPhrase] = useState('');
  useEffect(() => {
    setCode(teaching?.code);
    setPhrase(teaching?.figure.phrase ?? '');
  }, [teaching]);
  const options = useMemo(() => indicators.map((i) => ({ value: i.code, label: `${i.label}（${i.code}）` })), [indicators]);
  return (
    <Modal
      open={Boolean(teaching)}
      title="确认对应的指标"
      okText="保存为本镇用语"
      cancelText="取消"
      confirmLoading={busy}
      okButtonProps={{ disabled: !code || phrase.trim().length < 2 }}
      onOk={() => code && onSave(code, phrase)}
      onCancel={onCancel}
      destroyOnHidden
    >
      {teaching ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Context context={teaching.figure.context} text={teaching.figure.text} />
          <label htmlFor="teach-indicator">这个数字说的是</label>
          <Select id="teach-indicator" showSearch={{ optionFilterProp: 'label' }} value={code} onChange={(v: string) => setCode(v)} options={options} placeholder="选择指标" style={{ width: '100%' }} />
          <label htmlFor="teach-phrase">本镇的说法（数字前的文字，不含数字）</label>
          <Input id="teach-phrase" value={phrase} maxLength={20} onChange={(e) => setPhrase(e.target.value)} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            保存后，本镇以后核对报告稿时，遇到这个说法就对应到所选指标。
          </Typography.Text>
        </Space>
      ) : null}
    </Modal>
  );
}

export function DraftCheck({ target, onOpenFigure }: { target: ReportTarget; onOpenFigure: (f: FigureRef) => void }) {
  const { message } = App.useApp();
  const indicators = useApi<IndicatorsResponse>('/api/indicators', { org: target.org, year: target.year });
  const [teaching, setTeaching] = useState<Teaching>();
  const [teachBusy, setTeachBusy] = useState(false);
  const wide = Grid.useBreakpoint().md !== false;
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<{ source: string; value: CheckResult }>();

  const check = async (run: () => Promise<CheckResult>, source: string) => {
    setBusy(true);
    setError(undefined);
    try {
      setResult({ source, value: await run() });
    } catch (e) {
      setError(messageOf(e));
      setResult(undefined);
    } finally {
      setBusy(false);
    }
  };

  const checkText = () => {
    if (!text.trim()) {
      message.warning('请先粘贴报告正文');
      return;
    }
    void check(() => api.post<CheckResult>('/api/reports/check', { org: target.org, year: target.year, text }), '粘贴的正文');
  };

  const checkFile = (file: File) => {
    const form = new FormData();
    // The fields go before the file: the server reads them with it.
    form.append('org', target.org);
    form.append('year', String(target.year));
    form.append('file', file, file.name);
    void check(() => api.upload<CheckResult>('/api/reports/check', form), file.name);
    return false;
  };

  /** Keeps the town's word, then checks the same draft again so the result shows it. */
  const teach = async (code: string, phrase: string) => {
    setTeachBusy(true);
    try {
      await api.post('/api/reports/check/aliases', { org: target.org, code, phrase });
      message.success(`已保存本镇用语“${phrase.trim()}”`);
      setTeaching(undefined);
      if (result?.source === '粘贴的正文' && text.trim()) void check(() => api.post<CheckResult>('/api/reports/check', { org: target.org, year: target.year, text }), '粘贴的正文');
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setTeachBusy(false);
    }
  };

  const rows: Row[] = useMemo(
    () => (result ? [...result.value.mismatched.map((i) => ({ ...i, ok: false })), ...result.value.matched.map((i) => ({ ...i, ok: true }))].sort((a, b) => a.start - b.start) : []),
    [result],
  );

  const indicatorCell = (r: Row) => (
    <Space orientation="vertical" size={0}>
      <a
        className="figure-link"
        href={`/api/indicators/${encodeURIComponent(r.code)}/records?org=${encodeURIComponent(target.org)}&year=${target.year}`}
        onClick={(e) => {
          e.preventDefault();
          onOpenFigure({ code: r.code, label: r.label, text: r.expected });
        }}
      >
        {r.label}
      </a>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        依据“{r.keyword}”
      </Typography.Text>
    </Space>
  );

  const ledgerCell = (r: Row) => (
    <Space orientation="vertical" size={0}>
      {r.ok ? <span>{r.expected}</span> : <Typography.Text type="danger" strong>{r.expected}</Typography.Text>}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {r.numerator !== undefined && r.denominator !== undefined ? `${r.numerator}/${r.denominator}` : `${r.records} 条记录`}
      </Typography.Text>
    </Space>
  );

  const resultTag = (ok: boolean) => (ok ? <Tag color="green">一致</Tag> : <Tag color="red">不一致</Tag>);

  const teachButton = (figure: Teaching['figure'], code?: string) => (
    <Button size="small" type="link" style={{ padding: 0 }} onClick={() => setTeaching({ figure, ...(code ? { code } : {}) })}>
      {code ? '确认或更正' : '对应到指标'}
    </Button>
  );

  /** On a phone: one card per figure instead of a wide table. */
  const narrowList = (
    <List
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20, size: 'small' } : false}
      renderItem={(r) => (
        <List.Item key={`${r.start}-${r.code}`} className={r.ok ? undefined : 'check-row-mismatch'} style={{ display: 'block', padding: '10px 8px' }}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Text strong>{r.text}</Typography.Text>
            <Space size="small">
              {resultTag(r.ok)}
              {teachButton(r, r.code)}
            </Space>
          </Space>
          <div style={{ margin: '4px 0' }}>
            <Context context={r.context} text={r.text} />
          </div>
          <Space size="large" align="start" wrap>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>对应指标</Typography.Text>
              <div>{indicatorCell(r)}</div>
            </div>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>台账数值</Typography.Text>
              <div>{ledgerCell(r)}</div>
            </div>
          </Space>
        </List.Item>
      )}
    />
  );

  const columns: ColumnsType<Row> = [
    { title: '原文数字', dataIndex: 'text', width: 110, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: '上下文', dataIndex: 'context', render: (_: string, r) => <Context context={r.context} text={r.text} /> },
    {
      title: '对应指标',
      dataIndex: 'label',
      width: 200,
      render: (_: string, r) => indicatorCell(r),
    },
    {
      title: '台账数值',
      dataIndex: 'expected',
      width: 130,
      render: (_: string, r) => ledgerCell(r),
    },
    {
      title: '结果',
      dataIndex: 'ok',
      width: 90,
      filters: [
        { text: '一致', value: true },
        { text: '不一致', value: false },
      ],
      onFilter: (value, r) => r.ok === value,
      render: (ok: boolean, r) => (
        <Space orientation="vertical" size={0}>
          {resultTag(ok)}
          {teachButton(r, r.code)}
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        把在别处写好的报告稿粘贴到下面，或上传 Word（.docx）、文本（.txt）文件。系统会找出稿中的每个数字，按前后文字对应到指标，再与 {target.year} 年台账中的数值逐一比对。
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Card size="small" title="粘贴正文">
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Input.TextArea
                id="draft-text"
                aria-label="报告正文"
                value={text}
                onChange={(e) => setText(e.target.value)}
                autoSize={{ minRows: 6, maxRows: 16 }}
                maxLength={200_000}
                placeholder="例如：全年排查矛盾纠纷10件，已化解10件，化解率100%。"
              />
              <Space wrap>
                <Button type="primary" icon={<FileSearchOutlined />} loading={busy} onClick={checkText}>
                  核对
                </Button>
                {text ? (
                  <Button onClick={() => setText('')} disabled={busy}>
                    清空
                  </Button>
                ) : null}
              </Space>
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card size="small" title="上传文件">
            <Upload.Dragger accept=".docx,.txt" multiple={false} showUploadList={false} beforeUpload={checkFile} disabled={busy}>
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">点击或把文件拖到这里</p>
              <p className="ant-upload-hint">支持 .docx 和 UTF-8 编码的 .txt</p>
            </Upload.Dragger>
          </Card>
        </Col>
      </Row>
      {error ? <Alert type="error" showIcon title="未能核对" description={error} /> : null}
      <TeachDialog teaching={teaching} indicators={indicators.data?.items ?? []} busy={teachBusy} onSave={(code, phrase) => void teach(code, phrase)} onCancel={() => setTeaching(undefined)} />
      {result ? (
        <Card size="small" title={`核对结果：${result.source}`}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Row gutter={16}>
              <Col xs={8}>
                <Statistic title="一致" value={result.value.matched.length} styles={{ content: { color: '#389e0d' } }} />
              </Col>
              <Col xs={8}>
                <Statistic title="不一致" value={result.value.mismatched.length} styles={{ content: { color: result.value.mismatched.length ? '#cf1322' : undefined } }} />
              </Col>
              <Col xs={8}>
                <Statistic title="未能对应指标" value={result.value.unmatched.length} />
              </Col>
            </Row>
            {result.value.mismatched.length ? (
              <Alert type="error" showIcon title={`有 ${result.value.mismatched.length} 个数字与台账不一致，已用红色标出。请核实后修改报告稿，或补录台账。`} />
            ) : rows.length ? (
              <Alert type="success" showIcon title="稿中能对应到指标的数字都与台账一致。" />
            ) : null}
            {rows.length && !wide ? (
              narrowList
            ) : rows.length ? (
              <Table<Row>
                rowKey={(r) => `${r.start}-${r.code}`}
                size="small"
                columns={columns}
                dataSource={rows}
                pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
                rowClassName={(r) => (r.ok ? '' : 'check-row-mismatch')}
                scroll={{ x: 720 }}
              />
            ) : (
              <Empty description="稿中没有找到能对应到指标的数字：请确认数字前后写明了事项，例如“排查矛盾纠纷10件”" />
            )}
            {result.value.unmatched.length ? (
              <Collapse
                size="small"
                items={[
                  {
                    key: 'unmatched',
                    label: `未能对应指标的数字（${result.value.unmatched.length} 个，多为日期、序号或台账没有统计的事项）`,
                    children: (
                      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                        {result.value.unmatched.map((f: FoundFigure) => (
                          <li key={`${f.start}`}>
                            <Context context={f.context} text={f.text} /> {teachButton(f)}
                          </li>
                        ))}
                      </ul>
                    ),
                  },
                ]}
              />
            ) : null}
          </Space>
        </Card>
      ) : null}
    </Space>
  );
}
