/**
 * The template editor (loaded on demand): a town's own copy of the report template — title,
 * opening, sections bound to the five required items, paragraphs whose figures are indicator
 * placeholders (shown as tags, inserted with a picker). The two narratives drafted from the data
 * (存在的不足, 下一年度工作安排) can be turned into editable text. Every save is a new version.
 */
import { ArrowDownOutlined, ArrowUpOutlined, CopyOutlined, DeleteOutlined, EditOutlined, FunctionOutlined, PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Collapse, Empty, Form, Input, Popconfirm, Row, Select, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, ApiError, messageOf } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { IndicatorPicker } from './IndicatorPicker';
import {
  DRAFTED_LABELS,
  FORMAT_LABELS,
  PLACEHOLDER,
  REQUIRED_ITEMS,
  formatTime,
  type ComposedReport,
  type FigureFormat,
  type IndicatorValue,
  type ReportTarget,
  type ReportTemplate,
  type RequiredItem,
  type StoredTemplate,
  type Workflow,
} from './types';
import type { IndicatorsResponse } from '../../../../src/shared/dashboard.js';

const VARIABLES: Record<string, string> = {
  '{org}': '单位名称',
  '{year}': '年度',
  '{nextYear}': '下一年度',
  '{prevYear}': '上一年度',
  '{superior}': '上级党委政府',
  '{government}': '本级政府',
  '{orgShort}': '单位简称',
  // The unit's own words: 镇/乡/街道/苏木 and its 党委/党工委, 政府/办事处, 镇长/乡长/主任.
  '{unit}': '镇/乡/街道',
  '{whole}': '全镇/全乡/全街道',
  '{party}': '党委/党工委',
  '{gov}': '政府/办事处',
  '{secretary}': '党委(党工委)书记',
  '{head}': '镇长/乡长/主任',
  '{villages}': '村/社区/嘎查',
};
const VARIABLE = /(\{org\}|\{orgShort\}|\{year\}|\{nextYear\}|\{prevYear\}|\{superior\}|\{government\}|\{unit\}|\{whole\}|\{party\}|\{gov\}|\{secretary\}|\{head\}|\{villages\})/g;
const SHORT_FORMAT: Record<FigureFormat, string> = { exact: '精确', floor: '约数“余”', over: '“超”', percent: '百分比', number: '数字' };

/** A paragraph's text with its placeholders as tags: how staff read what they wrote. */
function Tokens({ text, indicators }: { text: string; indicators: Map<string, IndicatorValue> }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push(...variables(text.slice(last, match.index), parts.length));
    last = match.index + match[0].length;
    const inner = match[1] ?? '';
    const key = `t${parts.length}`;
    if (inner.startsWith('drafted:')) {
      parts.push(
        <Tag key={key} color="gold" title={match[0]}>
          {DRAFTED_LABELS[inner.slice(8)] ?? inner}
        </Tag>,
      );
    } else if (inner.startsWith('none:')) {
      parts.push(
        <Tag key={key} color="default" title="本句数字全为0或无记录时，改写为这句话">
          无数据时写：{inner.slice(5)}
        </Tag>,
      );
    } else if (inner.startsWith('table:')) {
      parts.push(
        <Tag key={key} color="purple" title={match[0]}>
          各单位主要指标对照表
        </Tag>,
      );
    } else {
      const [code = '', ...specs] = inner.split('|');
      // |zero: a zero that is news, printed where its sentence stays.
      const keepsZero = specs.includes('zero');
      const [format = 'exact', decimals] = (specs.find((spec) => spec !== 'zero') ?? 'exact').split(':');
      const indicator = indicators.get(code);
      parts.push(
        indicator ? (
          <Tag key={key} color="blue" title={`${match[0]}：${indicator.label}，当前 ${indicator.value}${indicator.unit === '%' ? '%' : indicator.unit}`}>
            {`{{${code}}}`} {indicator.label}·{(SHORT_FORMAT as Partial<Record<string, string>>)[format] ?? format}
            {decimals ? `·${decimals}位小数` : ''}
            {keepsZero ? '·为0时照写' : ''}
          </Tag>
        ) : (
          <Tag key={key} color="red" title="没有这个指标：请删除或改用“插入指标”选择">
            {`{{${code}}}`} 未知指标
          </Tag>
        ),
      );
    }
  }
  if (last < text.length) parts.push(...variables(text.slice(last), parts.length));
  return <div className="template-tokens">{parts.length ? parts : <Typography.Text type="secondary">（空段落）</Typography.Text>}</div>;
}

function variables(text: string, offset: number): ReactNode[] {
  return text.split(VARIABLE).map((piece, i) =>
    VARIABLES[piece] ? (
      <Tag key={`v${offset}-${i}`} title={piece}>
        {VARIABLES[piece]}
      </Tag>
    ) : (
      <span key={`s${offset}-${i}`}>{piece}</span>
    ),
  );
}

interface ParagraphProps {
  id: string;
  label: string;
  value: string;
  onChange: (text: string) => void;
  onRemove?: () => void;
  onMove?: (delta: -1 | 1) => void;
  onPick: (insert: (placeholder: string) => void) => void;
  /** For a {{drafted:…}} paragraph: replace it with the text drafted from the data. */
  onMaterialize?: () => void;
  indicators: Map<string, IndicatorValue>;
  rows?: number;
}

function ParagraphEditor({ id, label, value, onChange, onRemove, onMove, onPick, onMaterialize, indicators, rows = 3 }: ParagraphProps) {
  const caret = useRef<number | null>(null);
  const drafted = DRAFTED.test(value);
  const insert = (placeholder: string) => {
    const at = caret.current ?? value.length;
    onChange(value.slice(0, at) + placeholder + value.slice(at));
    caret.current = at + placeholder.length;
  };
  return (
    <div style={{ marginBottom: 12 }}>
      <Input.TextArea
        id={id}
        aria-label={label}
        value={value}
        maxLength={5000}
        autoSize={{ minRows: drafted ? 1 : rows, maxRows: 14 }}
        onChange={(e) => onChange(e.target.value)}
        onSelect={(e) => (caret.current = e.currentTarget.selectionStart)}
      />
      {/\{[a-zA-Z{]/.test(value) ? <Tokens text={value} indicators={indicators} /> : null}
      <Space size={4} wrap style={{ marginTop: 4 }}>
        <Button size="small" icon={<FunctionOutlined />} onClick={() => onPick(insert)}>
          插入指标
        </Button>
        {drafted && onMaterialize ? (
          <Tooltip title="把由台账数据起草的文字放进模板，改成可以逐字修改的段落（改后其中的数字不再随台账更新）">
            <Button size="small" icon={<EditOutlined />} onClick={onMaterialize}>
              改为可编辑文字
            </Button>
          </Tooltip>
        ) : null}
        {onMove ? (
          <>
            <Button size="small" icon={<ArrowUpOutlined />} aria-label={`${label}上移`} onClick={() => onMove(-1)} />
            <Button size="small" icon={<ArrowDownOutlined />} aria-label={`${label}下移`} onClick={() => onMove(1)} />
          </>
        ) : null}
        {onRemove ? (
          <Popconfirm title="删除这个段落？" description="保存后生效；保存前可点“放弃修改”恢复。" okText="删除" cancelText="取消" onConfirm={onRemove}>
            <Button size="small" danger icon={<DeleteOutlined />}>
              删除段落
            </Button>
          </Popconfirm>
        ) : null}
      </Space>
    </div>
  );
}

const move = <T,>(list: T[], index: number, delta: -1 | 1): T[] => {
  const to = index + delta;
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  [next[index], next[to]] = [next[to] as T, next[index] as T];
  return next;
};

/** The drafted paragraphs of a composed report, one group per {{drafted:…}} placeholder in order. */
function draftedGroups(report: ComposedReport | undefined): string[][] {
  if (!report) return [];
  const groups: string[][] = [];
  let open = false;
  for (const block of report.blocks) {
    if (block.type === 'paragraph' && block.drafted) {
      if (!open) groups.push([]);
      groups[groups.length - 1]?.push(block.runs.map((r) => r.text).join(''));
      open = true;
    } else open = false;
  }
  return groups;
}

const DRAFTED = /^\s*\{\{drafted:([a-z]+)\}\}\s*$/;

/** Which narrative each {{drafted:…}} paragraph holds, in the order the report is composed. */
function draftedKeys(template: ReportTemplate): string[] {
  const keys: string[] = [];
  const scan = (list: string[]) => list.forEach((p) => { const m = DRAFTED.exec(p); if (m?.[1]) keys.push(m[1]); });
  template.sections.forEach((s) => {
    scan(s.paragraphs);
    s.subsections?.forEach((sub) => scan(sub.paragraphs));
  });
  return keys;
}

interface Props {
  target: ReportTarget;
  unitName: string;
  templateId: string;
  templates: StoredTemplate[];
  workflow: Workflow;
  /** After a copy or a save: the page reloads the state, templates and preview. */
  onSaved: (templateId: string) => void;
}

export default function TemplateEditor({ target, unitName, templateId, templates, workflow, onSaved }: Props) {
  const { message, modal } = App.useApp();
  const stored = templates.find((t) => t.id === templateId);
  const own = templates.filter((t) => t.orgId === target.org);
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState<ReportTemplate>();
  const [problems, setProblems] = useState<string[]>([]);
  const [picking, setPicking] = useState<((placeholder: string) => void) | null>(null);
  const [openSections, setOpenSections] = useState<string[]>(['s0']);

  useEffect(() => {
    setDraft(stored ? structuredClone(stored.body) : undefined);
    setProblems([]);
  }, [stored]);

  const indicatorsLoaded = useApi<IndicatorsResponse>('/api/indicators', { org: target.org, year: target.year });
  const indicatorItems = indicatorsLoaded.data?.items;
  const indicatorList = indicatorItems ?? [];
  const indicators = useMemo(() => new Map((indicatorItems ?? []).map((i) => [i.code, i])), [indicatorItems]);
  // The drafted narratives, as this template composes them for the unit and year.
  const composed = useApi<ComposedReport>(stored?.orgId ? '/api/reports/preview' : null, { org: target.org, year: target.year, template: templateId });

  const dirty = useMemo(() => !!stored && !!draft && JSON.stringify(stored.body) !== JSON.stringify(draft), [stored, draft]);

  if (!stored) return <Empty description="找不到报告所用的模板：请在页面上方重新选择模板" />;

  const copy = async () => {
    setBusy(true);
    try {
      const created = await api.post<StoredTemplate>('/api/report-templates', { orgId: target.org, fromId: stored.id, name: `${unitName}年度报告模板` });
      if (workflow.may.chooseTemplate) await api.post('/api/reports/template', { org: target.org, year: target.year, template: created.id });
      message.success(workflow.may.chooseTemplate ? '已复制为本单位模板，本年度报告改用这个模板' : '已复制为本单位模板');
      onSaved(created.id);
    } catch (error) {
      modal.error({ title: '未能复制模板', content: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };

  if (!stored.orgId) {
    return (
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert
          type="info"
          showIcon
          title={`报告正在使用“${stored.name}”`}
          description="系统默认模板不能直接修改。复制为本单位模板后，就可以修改章节、段落和数字的写法，把“存在的不足”“下一年度工作安排”改写成自己的文字；每次保存都会留存一个版本。"
        />
        {workflow.may.editTemplate ? (
          <Space wrap>
            <Button type="primary" icon={<CopyOutlined />} loading={busy} onClick={copy}>
              复制为本单位模板
            </Button>
            {own.length ? <Typography.Text type="secondary">本单位已有模板：{own.map((t) => t.name).join('、')}，可在页面上方的“模板”中选用。</Typography.Text> : null}
          </Space>
        ) : (
          <Typography.Text type="secondary">您的角色可以查看报告，但不能修改模板。</Typography.Text>
        )}
      </Space>
    );
  }

  if (!draft) return <Skeleton active />;
  const readOnly = !workflow.may.editTemplate;

  const set = (change: (t: ReportTemplate) => void) =>
    setDraft((current) => {
      if (!current) return current;
      const next = structuredClone(current);
      change(next);
      return next;
    });

  const groups = draftedGroups(composed.data);
  const keys = draftedKeys(stored.body);
  /** Replaces a {{drafted:…}} paragraph with the text drafted from the data, as the saved template composes it. */
  const materialize = (list: (t: ReportTemplate) => string[] | undefined, index: number, text: string) => {
    const key = DRAFTED.exec(text)?.[1] ?? '';
    const texts = groups[keys.indexOf(key)];
    if (!texts?.length) {
      message.warning(composed.loading ? '正在读取起草的文字，请稍后再试' : '没有找到这一段起草的文字，请先保存模板');
      return;
    }
    set((t) => void list(t)?.splice(index, 1, ...texts));
    message.info('已放入由台账起草的文字，修改后请保存');
  };

  const pick = (insert: (placeholder: string) => void) => setPicking(() => insert);

  const save = async () => {
    setBusy(true);
    setProblems([]);
    try {
      const saved = await api.put<StoredTemplate>(`/api/report-templates/${stored.id}`, { version: stored.version, body: draft });
      message.success(`已保存为第 ${saved.version} 版，预览已更新`);
      onSaved(saved.id);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        modal.warning({ title: '模板已被他人修改', content: `${error.message}。您的修改仍在页面上，可以先复制保存，再点“放弃修改”载入最新版本。` });
      } else if (error instanceof ApiError && error.details.length) {
        setProblems(error.details.map((d) => d.message));
      } else {
        modal.error({ title: '未能保存模板', content: messageOf(error) });
      }
    } finally {
      setBusy(false);
    }
  };

  const itemOptions = (Object.keys(REQUIRED_ITEMS) as RequiredItem[]).map((k) => ({ value: k, label: REQUIRED_ITEMS[k] }));
  const covered = new Set(draft.sections.map((s) => s.item).filter(Boolean));
  const uncovered = itemOptions.filter((o) => !covered.has(o.value));

  const sectionOf = (t: ReportTemplate, i: number) => t.sections[i] as ReportTemplate['sections'][number];
  const subOf = (t: ReportTemplate, i: number, k: number) => sectionOf(t, i).subsections?.[k];

  /** The paragraphs at `list` of the template, each with its editor. */
  const paragraphs = (shown: string[], list: (t: ReportTemplate) => string[] | undefined, path: string, context: string) => {
    const update = (fn: (l: string[]) => void) =>
      set((t) => {
        const l = list(t);
        if (l) fn(l);
      });
    return (
      <>
        {shown.map((text, j) => (
          <ParagraphEditor
            key={`${path}.${j}`}
            id={`tpl-${path}-${j}`}
            label={`${context}第${j + 1}段`}
            value={text}
            indicators={indicators}
            onPick={pick}
            onChange={(v) => update((l) => void (l[j] = v))}
            onRemove={() => update((l) => void l.splice(j, 1))}
            onMove={shown.length > 1 ? (d) => update((l) => l.splice(0, l.length, ...move(l, j, d))) : undefined}
            onMaterialize={() => materialize(list, j, text)}
          />
        ))}
        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => update((l) => void l.push(''))} style={{ marginBottom: 8 }}>
          添加段落
        </Button>
      </>
    );
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" styles={{ body: { display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between' } }}>
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{stored.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            第 {stored.version} 版{stored.updatedAt ? `，${formatTime(stored.updatedAt)} 保存` : ''}。每次保存都会留存一个版本。
          </Typography.Text>
        </Space>
        {readOnly ? (
          <Tag>只读：您的角色不能修改模板</Tag>
        ) : (
          <Space wrap>
            {dirty ? <Tag color="orange">有未保存的修改</Tag> : null}
            <Popconfirm title="放弃所有未保存的修改？" okText="放弃" cancelText="取消" onConfirm={() => setDraft(structuredClone(stored.body))} disabled={!dirty}>
              <Button icon={<UndoOutlined />} disabled={!dirty}>
                放弃修改
              </Button>
            </Popconfirm>
            <Button type="primary" icon={<SaveOutlined />} loading={busy} disabled={!dirty} onClick={save}>
              保存模板
            </Button>
          </Space>
        )}
      </Card>

      <Alert
        type="info"
        showIcon
        title="句子随数字取舍"
        description="数字为0或没有记录（比率的分母为0）时，它所在的分句（逗号之间）、顿号列举项或括号内容不写入报告，列举的主语和“其中”等词留给下一项；以句号或分号结尾的一句话数字全为0时整句不写，想换一种说法，在句中加入 {{none:全年未发生……}}。0本身就要报告的数字（如“信访重点人员0人”），插入时选“为0时照写”（写作 {{编码|exact|zero}}）。{party}{gov}{head} 等变量按单位类型写作“镇党委/街道党工委”“镇政府/街道办事处”“镇长/乡长/主任”。"
      />
      {workflow.status !== 'draft' ? (
        <Alert type="info" showIcon title="报告已审定，数字和文字已经冻结" description="修改模板不会改变已审定的报告；需要修改报告时，请镇领导先“退回修改”。" />
      ) : null}
      {problems.length ? <Alert type="error" showIcon title="模板有以下问题，请修改后再保存" description={<ul style={{ margin: 0, paddingInlineStart: 20 }}>{problems.map((p) => <li key={p}>{p}</li>)}</ul>} /> : null}
      {uncovered.length ? <Alert type="warning" showIcon title={`还没有章节对应：${uncovered.map((o) => o.label).join('、')}`} description="规定的五项内容都要有对应章节，报告才能审定。在章节的“对应的规定内容”中选择。" /> : null}
      {indicatorsLoaded.error ? <Alert type="warning" showIcon title="未能载入指标列表" description={messageOf(indicatorsLoaded.error)} /> : null}
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        蓝色标签是数字占位符，报告中会换成台账的统计值（写作 {'{{指标编码|写法}}'}，写法可选：{Object.values(FORMAT_LABELS).join('、')}）；灰色标签是单位名称、年度等；黄色标签是由台账数据起草的段落，点“改为可编辑文字”可逐字修改。
      </Typography.Paragraph>

      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Collapse
          style={{ background: '#fff' }}
          activeKey={openSections}
          onChange={(keys) => setOpenSections(Array.isArray(keys) ? keys : [keys])}
          items={[
            {
              key: 'head',
              label: <Typography.Text strong>标题、主送机关、开头与落款</Typography.Text>,
              children: (
                <Form layout="vertical">
                  <Form.Item label="模板名称" htmlFor="tpl-name">
                    <Input id="tpl-name" value={draft.name} maxLength={100} onChange={(e) => set((t) => void (t.name = e.target.value))} />
                  </Form.Item>
                  <Form.Item label="报告标题" htmlFor="tpl-title">
                    <Input id="tpl-title" value={draft.title} maxLength={200} onChange={(e) => set((t) => void (t.title = e.target.value))} />
                    <Tokens text={draft.title} indicators={indicators} />
                  </Form.Item>
                  <Form.Item label="主送机关" htmlFor="tpl-addressee">
                    <Input id="tpl-addressee" value={draft.addressee} maxLength={100} onChange={(e) => set((t) => void (t.addressee = e.target.value))} />
                  </Form.Item>
                  <Form.Item label="开头段落" htmlFor="tpl-opening" style={{ marginBottom: 0 }}>
                    <ParagraphEditor id="tpl-opening" label="开头段落" value={draft.opening} indicators={indicators} onPick={pick} onChange={(v) => set((t) => void (t.opening = v))} />
                  </Form.Item>
                  <Form.Item label="落款" htmlFor="tpl-signature" style={{ marginBottom: 0 }}>
                    <Input id="tpl-signature" value={draft.signature} maxLength={100} onChange={(e) => set((t) => void (t.signature = e.target.value))} />
                  </Form.Item>
                </Form>
              ),
            },
            ...draft.sections.map((section, i) => ({
              key: `s${i}`,
              label: (
                <Space size={6} wrap>
                  <Typography.Text strong>{`第${i + 1}章`}</Typography.Text>
                  <span>{section.heading}</span>
                  {section.item ? null : <Tag>不对应规定内容</Tag>}
                </Space>
              ),
              extra: (
                <Space size={4} onClick={(e) => e.stopPropagation()}>
                  <Button size="small" icon={<ArrowUpOutlined />} aria-label={`第${i + 1}章上移`} disabled={i === 0} onClick={() => set((t) => void (t.sections = move(t.sections, i, -1)))} />
                  <Button size="small" icon={<ArrowDownOutlined />} aria-label={`第${i + 1}章下移`} disabled={i === draft.sections.length - 1} onClick={() => set((t) => void (t.sections = move(t.sections, i, 1)))} />
                  <Popconfirm title="删除这一章及其所有段落？" okText="删除" cancelText="取消" onConfirm={() => set((t) => void t.sections.splice(i, 1))} disabled={draft.sections.length <= 1}>
                    <Button size="small" danger icon={<DeleteOutlined />} disabled={draft.sections.length <= 1} aria-label={`删除第${i + 1}章`} />
                  </Popconfirm>
                </Space>
              ),
              children: (
                <Form layout="vertical">
                  <Row gutter={12}>
                    <Col xs={24} md={14}>
                      <Form.Item label="章节标题" htmlFor={`tpl-s${i}-heading`}>
                        <Input id={`tpl-s${i}-heading`} value={section.heading} maxLength={100} onChange={(e) => set((t) => void (sectionOf(t, i).heading = e.target.value))} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={10}>
                      <Form.Item label="对应的规定内容" htmlFor={`tpl-s${i}-item`}>
                        <Select
                          id={`tpl-s${i}-item`}
                          allowClear
                          placeholder="不对应规定内容"
                          value={section.item}
                          options={itemOptions}
                          onChange={(v?: RequiredItem) => set((t) => void (sectionOf(t, i).item = v))}
                          style={{ width: '100%' }}
                        />
                      </Form.Item>
                    </Col>
                  </Row>
                  {section.paragraphs.length || !section.subsections?.length ? (
                    <Form.Item label="段落" style={{ marginBottom: section.subsections?.length ? 16 : 0 }}>
                      {paragraphs(section.paragraphs, (t) => sectionOf(t, i).paragraphs, `s${i}`, `第${i + 1}章`)}
                    </Form.Item>
                  ) : null}
                  {section.subsections?.map((sub, k) => (
                    <Card
                      key={k}
                      size="small"
                      type="inner"
                      style={{ marginBottom: 12 }}
                      title={`第${k + 1}节`}
                      extra={
                        <Popconfirm title="删除这一节及其所有段落？" okText="删除" cancelText="取消" onConfirm={() => set((t) => void sectionOf(t, i).subsections?.splice(k, 1))}>
                          <Button size="small" danger icon={<DeleteOutlined />} aria-label={`删除第${i + 1}章第${k + 1}节`} />
                        </Popconfirm>
                      }
                    >
                      <Form.Item label="小节标题" htmlFor={`tpl-s${i}-sub${k}-heading`}>
                        <Input
                          id={`tpl-s${i}-sub${k}-heading`}
                          value={sub.heading}
                          maxLength={100}
                          onChange={(e) =>
                            set((t) => {
                              const target = subOf(t, i, k);
                              if (target) target.heading = e.target.value;
                            })
                          }
                        />
                      </Form.Item>
                      <Form.Item label="段落" style={{ marginBottom: 0 }}>
                        {paragraphs(sub.paragraphs, (t) => subOf(t, i, k)?.paragraphs, `s${i}-sub${k}`, `第${i + 1}章第${k + 1}节`)}
                      </Form.Item>
                    </Card>
                  ))}
                  <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => set((t) => void (sectionOf(t, i).subsections ??= []).push({ heading: '新的小节', paragraphs: [''] }))}>
                    添加小节
                  </Button>
                </Form>
              ),
            })),
          ]}
        />
        <Button
          type="dashed"
          block
          icon={<PlusOutlined />}
          style={{ marginTop: 12 }}
          disabled={draft.sections.length >= 15}
          onClick={() => {
            set((t) => void t.sections.push({ heading: '新的章节', paragraphs: [''], item: uncovered[0]?.value }));
            setOpenSections((keys) => [...keys, `s${draft.sections.length}`]);
          }}
        >
          添加章节
        </Button>
      </fieldset>
      <IndicatorPicker
        open={picking !== null}
        indicators={indicatorList}
        onDefined={() => indicatorsLoaded.reload()}
        onCancel={() => setPicking(null)}
        onInsert={(placeholder) => {
          picking?.(placeholder);
          setPicking(null);
        }}
      />
    </Space>
  );
}
