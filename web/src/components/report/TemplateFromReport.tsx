/**
 * 上年报告转为模板: the town uploads its previous report; each figure is shown with the indicator
 * the draft check gave it (or a proposed town indicator when none fits), the user confirms or
 * changes each, and the report's own sentences are saved as the town's template with the figures
 * as placeholders, so next year's report reads in the town's own words with next year's figures.
 */
import { EditOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, InputNumber, Select, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { api, messageOf } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { IndicatorEditorDrawer, type FormValues, type OwnRow } from '../settings/IndicatorsTab';
import { ProposalForm, definitionOf, proposalValues } from './ProposalForm';
import type { ReportTarget } from './types';
import type { LiteralReason, TemplateFigure } from './types';
import type { TemplateFromAnswer } from '../../../../src/shared/report.js';
import type { IndicatorsResponse } from '../../../../src/shared/dashboard.js';
import type { OwnIndicatorsResponse } from '../../../../src/shared/indicators.js';

type Result = TemplateFromAnswer;

/** A figure's mapping in the table: an indicator code, or KEEP to leave the figure as written. */
const KEEP = '__keep__';

const LITERAL_TAGS: Record<LiteralReason, string> = { kept: '保留原文', unbound: '未对应指标', heading: '在标题中' };

/** Why the figure prints as last year's number with the mapping as it stands now, if it does. */
function literalReason(figure: TemplateFigure, chosen: string | undefined): LiteralReason | undefined {
  if (figure.literal === 'heading') return 'heading';
  if (chosen === KEEP) return 'kept';
  if (chosen !== undefined) return undefined;
  return figure.literal;
}

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

/** A proposal in one line: "普法宣传，计数，单位“场”，标题包含“…”". */
function describeProposal(p: NonNullable<TemplateFigure['proposal']>, labelOf: (code: string) => string): string {
  if (p.measure === 'ratio') return `比率（百分比）＝“${labelOf(p.numerator ?? '')}”÷“${labelOf(p.denominator ?? '')}”`;
  const words = p.filters.flatMap((f) => (f.op === 'contains' ? f.words : []));
  return [
    p.kindLabel ?? p.kind ?? '',
    p.measure === 'sum' ? `求和「${p.fieldLabel ?? p.field ?? ''}」` : '计数',
    `单位“${p.unit}”${p.writtenUnit ? `（报告写作“${p.writtenUnit}”）` : ''}`,
    ...(words.length ? [`标题包含“${words.join('、')}”`] : []),
  ].join('，');
}

export function TemplateFromReport({ target, onSaved }: { target: ReportTarget; onSaved: (templateId: string) => void }) {
  const { message } = App.useApp();
  const indicators = useApi<IndicatorsResponse>('/api/indicators', { org: target.org, year: target.year });
  const definitions = useApi<OwnIndicatorsResponse>('/api/indicator-definitions');
  const [year, setYear] = useState(target.year - 1);
  const [file, setFile] = useState<File>();
  const [result, setResult] = useState<Result>();
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  /** The figure whose proposal is open for editing. */
  const [editing, setEditing] = useState<number>();
  /** The full indicator editor, opened for a figure with starting values. */
  const [drawer, setDrawer] = useState<{ figure: number; values: Partial<FormValues> }>();
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

  /** A town indicator was defined for a figure: bind the figure to it. */
  const bind = (figure: number, row: OwnRow) => {
    indicators.reload();
    setMapping((m) => ({ ...m, [figure]: row.code }));
    setEditing(undefined);
    setDrawer(undefined);
  };

  /** Defines the proposed town indicator as proposed and binds the figure to it. */
  const define = async (figure: TemplateFigure) => {
    const p = figure.proposal;
    if (!p) return;
    try {
      const created = await api.post<OwnRow>('/api/indicator-definitions', { orgId: target.org, ...definitionOf(proposalValues(p), p.precision) });
      message.success(`已新建本镇指标“${created.definition.label}”`);
      bind(figure.index, created);
    } catch (e) {
      message.error(`${messageOf(e)}（可点“修改后新建”调整）`);
      setEditing(figure.index);
    }
  };

  const labelOf = (code: string) => indicators.data?.items.find((i) => i.code === code)?.label ?? code;
  const literals = (result?.figures ?? []).flatMap((f) => {
    const reason = literalReason(f, mapping[f.index]);
    return reason ? [{ figure: f, reason }] : [];
  });
  const literalIndexes = new Set(literals.map((l) => l.figure.index));

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
      width: 340,
      render: (_, f) => {
        const chosen = mapping[f.index];
        const reason = literalReason(f, chosen);
        if (f.literal === 'heading') return <Tag color="orange">在标题中，仍为去年数字</Tag>;
        if (f.code && chosen === undefined)
          return (
            <Space orientation="vertical" size={0}>
              <Tag color="green">已自动对应</Tag>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                模板中写作 <code>{f.placeholder}</code>
              </Typography.Text>
            </Space>
          );
        if (chosen !== undefined && chosen !== KEEP) return <Tag color="blue">已手动对应</Tag>;
        if (f.proposal && chosen === undefined)
          return (
            <Space orientation="vertical" size={4}>
              <Tag color="orange">仍为去年数字</Tag>
              <Typography.Text style={{ fontSize: 12 }}>
                建议新建本镇指标“{f.proposal.label}”：{describeProposal(f.proposal, labelOf)}
              </Typography.Text>
              <Space size={4}>
                <Button size="small" onClick={() => void define(f)}>
                  按建议新建并对应
                </Button>
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(editing === f.index ? undefined : f.index)}>
                  修改后新建
                </Button>
              </Space>
            </Space>
          );
        return (
          <Space orientation="vertical" size={4}>
            <Tag color="orange">{reason === 'kept' ? '保留原文：仍为去年数字' : '仍为去年数字'}</Tag>
            {reason === 'unbound' ? (
              <Button size="small" icon={<EditOutlined />} onClick={() => setDrawer({ figure: f.index, values: { label: f.phrase.slice(0, 40), ...(f.phrase.length >= 2 && f.phrase.length <= 30 ? { aliases: [f.phrase] } : {}) } })}>
                新建指标…
              </Button>
            ) : null}
          </Space>
        );
      },
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
            <Statistic title="已对应指标" value={result.figures.length - literals.length} />
            <Statistic title="仍为去年数字" value={literals.length} />
          </Space>
          <Table<TemplateFigure>
            rowKey="index"
            size="small"
            columns={columns}
            dataSource={result.figures}
            pagination={false}
            loading={busy}
            rowClassName={(f) => (literalIndexes.has(f.index) ? 'template-literal-row' : '')}
            expandable={{
              showExpandColumn: false,
              expandedRowKeys: editing === undefined ? [] : [editing],
              rowExpandable: (f) => !!f.proposal,
              expandedRowRender: (f) =>
                f.proposal ? (
                  <ProposalForm
                    orgId={target.org}
                    proposal={f.proposal}
                    units={definitions.data?.units ?? []}
                    indicators={indicators.data?.items ?? []}
                    onDefined={(row) => bind(f.index, row)}
                    onMore={(values) => setDrawer({ figure: f.index, values })}
                    onCancel={() => setEditing(undefined)}
                    onUnitAdded={() => definitions.reload()}
                  />
                ) : null,
            }}
          />
          {literals.length ? (
            <Alert
              type="warning"
              showIcon
              className="template-literal-list"
              style={{ marginTop: 12 }}
              title={`仍为去年数字，需手工修改（${literals.length}处）`}
              description={
                <>
                  <Typography.Paragraph style={{ marginBottom: 4 }}>以下数字在模板中保留原文，生成今年的报告时仍会写出去年的数字：请对应指标，或保存后在“编辑模板”中改写。</Typography.Paragraph>
                  <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                    {literals.map(({ figure, reason }) => (
                      <li key={figure.index}>
                        第{figure.line}行：<Context figure={figure} /> <Tag style={{ marginInlineStart: 4 }}>{LITERAL_TAGS[reason]}</Tag>
                      </li>
                    ))}
                  </ul>
                </>
              }
            />
          ) : (
            <Alert type="success" showIcon style={{ marginTop: 12 }} title="模板中的每个数字都已对应指标，不会写出去年的数字" />
          )}
          <Space wrap style={{ marginTop: 12 }}>
            <Input aria-label="模板名称" placeholder="模板名称（默认：某镇年度报告模板（据上年报告））" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} style={{ width: 360 }} />
            <Button type="primary" loading={busy} onClick={() => void save()}>
              保存为本镇模板
            </Button>
            {result.saved ? <Tag color="green">已保存：{result.saved.name}</Tag> : null}
          </Space>
          {result.saved && result.literals.length ? (
            <Typography.Paragraph type="warning" style={{ marginTop: 8 }}>
              已保存的模板中有{result.literals.length}处仍为去年数字（见上方列表），请在“编辑模板”中改写。
            </Typography.Paragraph>
          ) : null}
        </Card>
      ) : null}
      <IndicatorEditorDrawer
        open={!!drawer}
        initialValues={{ ...drawer?.values, orgId: target.org }}
        onClose={() => setDrawer(undefined)}
        onSaved={(row) => drawer && bind(drawer.figure, row)}
      />
    </Space>
  );
}
