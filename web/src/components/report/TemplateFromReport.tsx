/**
 * 上年报告转为模板: the town uploads its previous report; each figure is shown with the indicator
 * the draft check gave it (or a proposed town indicator when none fits), the user confirms or
 * changes each, and the report's own sentences are saved as the town's template with the figures
 * as placeholders, so next year's report reads in the town's own words with next year's figures.
 */
import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, InputNumber, Select, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { api, messageOf } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import type { IndicatorValue, ReportTarget } from './types';
import type { TemplateFigure, TemplateFromResult } from '../../../../src/report/template-from.js';

type Result = TemplateFromResult & { saved?: { id: string; name: string } };

/** A figure's mapping in the table: an indicator code, or KEEP to leave the figure as written. */
const KEEP = '__keep__';

function Context({ figure }: { figure: TemplateFigure }) {
  const at = figure.context.indexOf(figure.text);
  if (at < 0) return <span className="check-context">{figure.context}</span>;
  return (
    <span className="check-context">
      {figure.context.slice(0, at)}
      <mark>{figure.text}</mark>
      {figure.context.slice(at + figure.text.length)}
    </span>
  );
}

export function TemplateFromReport({ target, onSaved }: { target: ReportTarget; onSaved: (templateId: string) => void }) {
  const { message } = App.useApp();
  const indicators = useApi<{ items: IndicatorValue[] }>('/api/indicators', { org: target.org, year: target.year });
  const [year, setYear] = useState(target.year - 1);
  const [file, setFile] = useState<File>();
  const [result, setResult] = useState<Result>();
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const send = async (upload: File, options: { save?: boolean; mapping?: Record<string, string> } = {}) => {
    const form = new FormData();
    // The fields go before the file: the server reads them with it.
    form.append('org', target.org);
    form.append('year', String(year));
    if (options.save) form.append('save', 'true');
    if (name.trim()) form.append('name', name.trim());
    if (options.mapping && Object.keys(options.mapping).length) form.append('mapping', JSON.stringify(Object.fromEntries(Object.entries(options.mapping).map(([k, v]) => [k, v === KEEP ? null : v]))));
    form.append('file', upload, upload.name);
    return api.upload<Result>('/api/reports/template-from', form);
  };

  const read = (upload: File) => {
    setFile(upload);
    setBusy(true);
    setError(undefined);
    setMapping({});
    send(upload)
      .then(setResult, (e: unknown) => {
        setError(messageOf(e));
        setResult(undefined);
      })
      .finally(() => setBusy(false));
    return false;
  };

  const save = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const saved = await send(file, { save: true, mapping });
      setResult(saved);
      message.success(`已保存为本镇模板“${saved.saved?.name ?? ''}”`);
      if (saved.saved) onSaved(saved.saved.id);
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  /** Defines the proposed town indicator and binds the figure to it. */
  const define = async (figure: TemplateFigure) => {
    const p = figure.proposal;
    if (!p) return;
    try {
      const created = await api.post<{ code: string }>('/api/indicator-definitions', {
        orgId: target.org,
        label: p.label,
        unit: p.unit,
        measure: p.measure,
        ...(p.kind ? { kind: p.kind } : {}),
        ...(p.field ? { field: p.field } : {}),
        ...(p.filters.length ? { filters: p.filters } : {}),
        ...(p.aliases.length ? { aliases: p.aliases } : {}),
      });
      message.success(`已新建本镇指标“${p.label}”`);
      indicators.reload();
      setMapping((m) => ({ ...m, [figure.index]: created.code }));
    } catch (e) {
      message.error(`${messageOf(e)}（可在“设置 → 本镇指标”中补充后再选择）`);
    }
  };

  const options = useMemo(
    () => [{ value: KEEP, label: '不对应指标，保留原文' }, ...(indicators.data?.items ?? []).map((i) => ({ value: i.code, label: `${i.label}（${i.code}）` }))],
    [indicators.data],
  );

  const columns: ColumnsType<TemplateFigure> = [
    { title: '原文', key: 'context', render: (_, f) => <Context figure={f} /> },
    {
      title: '对应指标',
      key: 'code',
      width: 320,
      render: (_, f) => (
        <Select
          aria-label={`“${f.text}”对应的指标`}
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: '100%' }}
          value={mapping[f.index] ?? f.code ?? KEEP}
          onChange={(v: string) => setMapping((m) => ({ ...m, [f.index]: v }))}
          options={options}
        />
      ),
    },
    {
      title: '说明',
      key: 'note',
      width: 300,
      render: (_, f) =>
        f.code && mapping[f.index] === undefined ? (
          <Space orientation="vertical" size={0}>
            <Tag color="green">已自动对应</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              模板中写作 <code>{f.placeholder}</code>
            </Typography.Text>
          </Space>
        ) : f.proposal && mapping[f.index] === undefined ? (
          <Space orientation="vertical" size={4}>
            <Typography.Text style={{ fontSize: 12 }}>
              建议新建本镇指标“{f.proposal.label}”：{f.proposal.kindLabel ?? '请选择台账'}，{f.proposal.measure === 'sum' ? '求和' : f.proposal.measure === 'ratio' ? '比率' : '计数'}，单位“{f.proposal.unit}”
              {f.proposal.filters.length ? `，标题包含“${f.proposal.filters.map((x) => ('words' in x ? x.words.join('、') : '')).join('')}”` : ''}
            </Typography.Text>
            <Button size="small" onClick={() => void define(f)} disabled={!f.proposal.kind}>
              新建此指标并对应
            </Button>
          </Space>
        ) : (
          <Tag>{mapping[f.index] === KEEP ? '保留原文' : '已手动对应'}</Tag>
        ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title="以上一年度报告为模板">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          上传本镇上一年度的报告（.docx 或 .txt）：系统找出其中每个数字并对应指标，保留报告原来的句子，只把数字换成占位符。以后生成报告时，用本镇自己的话写出当年台账的数字。
        </Typography.Paragraph>
        <Space wrap align="center">
          <label>
            所传报告的年度{' '}
            <InputNumber aria-label="所传报告的年度" min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
          </label>
          <Upload.Dragger accept=".docx,.txt" showUploadList={false} beforeUpload={read} disabled={busy} style={{ minWidth: 320 }}>
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击或把上一年度报告拖到这里</p>
            <p className="ant-upload-hint">支持 .docx 和 UTF-8 编码的 .txt</p>
          </Upload.Dragger>
        </Space>
      </Card>
      {error ? <Alert type="error" showIcon title="无法读取报告" description={error} /> : null}
      {result ? (
        <Card size="small" title={`${file?.name ?? ''}中的数字`}>
          <Space size="large" style={{ marginBottom: 12 }}>
            <Statistic title="数字" value={result.figures.length} />
            <Statistic title="已对应指标" value={result.matched} />
            <Statistic title="未对应" value={result.unmatched} />
          </Space>
          <Table<TemplateFigure> rowKey="index" size="small" columns={columns} dataSource={result.figures} pagination={false} loading={busy} />
          <Space wrap style={{ marginTop: 12 }}>
            <Input aria-label="模板名称" placeholder="模板名称（默认：某镇年度报告模板（据上年报告））" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} style={{ width: 360 }} />
            <Button type="primary" loading={busy} onClick={() => void save()}>
              保存为本镇模板
            </Button>
            {result.saved ? <Tag color="green">已保存：{result.saved.name}</Tag> : null}
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
            未对应指标的数字在模板中保留原文；保存后可在“编辑模板”中继续修改。
          </Typography.Paragraph>
        </Card>
      ) : null}
    </Space>
  );
}
