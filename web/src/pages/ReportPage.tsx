/**
 * 年度报告: one unit's report of one year — where it stands (草稿/已审定/已公开) and who may take
 * the next step, a live preview in which every figure opens the records behind it, the template
 * editor, checking a draft written elsewhere, and the Word and web downloads.
 * The URL carries ?org=&year=&tab= so other pages (the county view) can link straight here.
 */
import { DownloadOutlined, FileWordOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Form, Result, Row, Select, Skeleton, Space, Tabs, Tag, TreeSelect, Typography } from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError, messageOf, withQuery } from '../lib/api';
import { useMe } from '../lib/session';
import { useApi } from '../lib/useApi';
import { DraftCheck } from '../components/report/DraftCheck';
import { TemplateFromReport } from '../components/report/TemplateFromReport';
import { FigureDrawer, type FigureRef } from '../components/report/FigureDrawer';
import { ReportPreview } from '../components/report/ReportPreview';
import { StatusBar } from '../components/report/StatusBar';
import { BinderButton } from '../components/report/BinderButton';
import type { ComposedReport, ReportState, ReportTarget, Workflow } from '../components/report/types';
import '../components/report/report.css';
import type { OrgList, OrgUnitRef as FlatUnit } from '../../../src/shared/org.js';
import type { DueList } from '../../../src/shared/procedures.js';
import type { TemplateList } from '../../../src/shared/report.js';

const TemplateEditor = lazy(() => import('../components/report/TemplateEditor'));

/** Units a report is written for: a town and the levels above it. */
const REPORT_LEVELS = 'province,city,county,town';
const BUILT_IN_FOR: Record<string, string> = { province: 'default-county', city: 'default-county', county: 'default-county', town: 'default' };
const FIRST_YEAR = 2020;
const TABS = ['preview', 'template', 'check', 'from-report'] as const;
type Tab = (typeof TABS)[number];

interface UnitNode {
  value: string;
  title: string;
  level: string;
  children: UnitNode[];
}

/** The flat list of units as a tree for the picker; units whose parent is out of reach are roots. */
function unitTree(units: FlatUnit[]): UnitNode[] {
  const nodes = new Map(units.map((u) => [u.id, { value: u.id, title: u.name, level: u.level, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const u of units) {
    const node = nodes.get(u.id) as UnitNode;
    const parent = u.parentId ? nodes.get(u.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/**
 * The year a report is usually being written for: the year just ended — or, in December, the year
 * about to end (the demo is seen on 2025-12-15, so 2025). "Today" is the server's (GET /api/due's
 * `on`), which a demo pins to its own date.
 */
const reportYearOn = (on: string) => {
  const year = Number(on.slice(0, 4));
  return on.slice(5, 7) === '12' ? year : year - 1;
};

export default function ReportPage() {
  const me = useMe();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [figure, setFigure] = useState<FigureRef | null>(null);
  const [switching, setSwitching] = useState(false);

  const due = useApi<DueList>('/api/due', { within: 0 });
  const on = due.data?.on ?? new Date().toISOString().slice(0, 10);
  const yearParam = Number(params.get('year'));
  const year = Number.isInteger(yearParam) && yearParam >= 2000 && yearParam <= 2100 ? yearParam : due.data || due.error ? reportYearOn(on) : undefined;
  const org = params.get('org') || me.org.id;
  const tabParam = params.get('tab') as Tab | null;
  const tab: Tab = tabParam && TABS.includes(tabParam) ? tabParam : 'preview';
  const target: ReportTarget | undefined = year ? { org, year } : undefined;

  const setParam = useCallback(
    (changes: Record<string, string | undefined>) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [k, v] of Object.entries(changes)) if (v === undefined) next.delete(k);
          else next.set(k, v);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const units = useApi<OrgList>('/api/orgs', { levels: REPORT_LEVELS });
  const tree = useMemo(() => unitTree(units.data?.items ?? []), [units.data]);
  const unit = units.data?.items.find((u) => u.id === org);
  const templates = useApi<TemplateList>('/api/report-templates');
  const query = target ? { org: target.org, year: target.year } : undefined;
  const state = useApi<ReportState>(target ? '/api/reports' : null, query);
  const workflow = useApi<Workflow>(target ? '/api/reports/workflow' : null, query);
  const preview = useApi<ComposedReport>(target ? '/api/reports/preview' : null, query);

  const reloadAll = () => {
    state.reload();
    workflow.reload();
    preview.reload();
  };

  const lastYear = Math.max(reportYearOn(on), Number(on.slice(0, 4)));
  const years = Array.from({ length: lastYear - FIRST_YEAR + 1 }, (_, i) => lastYear - i);

  // The templates that suit the unit: the built-in one for its level and the stored ones (the server lists only those on the caller's branch).
  const templateOptions = (templates.data?.items ?? [])
    .filter((t) => (t.orgId ? true : !unit || BUILT_IN_FOR[unit.level] === t.id))
    .map((t) => ({ value: t.id, label: t.orgId === org ? `${t.name}（本单位，第${t.version}版）` : t.name }));

  const chooseTemplate = async (template: string) => {
    if (!target) return;
    setSwitching(true);
    try {
      await api.post('/api/reports/template', { org: target.org, year: target.year, template });
      message.success('已更换模板，预览已更新');
      reloadAll();
    } catch (error) {
      message.error(messageOf(error));
    } finally {
      setSwitching(false);
    }
  };

  /** The report's 成文日期: its own setting, or (cleared) the day it is composed. */
  const setReportDate = async (date: string | null) => {
    if (!target) return;
    try {
      await api.post('/api/reports/date', { org: target.org, year: target.year, date });
      message.success(date ? `成文日期已设为${date}` : '成文日期已恢复为生成当天');
      reloadAll();
    } catch (error) {
      message.error(messageOf(error));
    }
  };

  const afterTemplateSaved = (templateId: string) => {
    templates.reload();
    reloadAll();
    if (state.data && templateId !== state.data.templateId && workflow.data?.may.chooseTemplate) void chooseTemplate(templateId);
  };

  const forbidden = [state.error, workflow.error, preview.error].find((e) => e instanceof ApiError && e.status === 403);
  const loadError = state.error ?? workflow.error ?? preview.error;
  const download = (format: 'docx' | 'html') => (target ? withQuery('/api/reports/document', { format, org: target.org, year: target.year }) : undefined);
  const fileName = (format: string) => `${preview.data?.title ?? '年度报告'}.${format}`;

  const header = (
    <Card size="small" variant="outlined">
      <Form layout="vertical" component="div">
        <Row gutter={[12, 0]} align="bottom">
          <Col xs={14} sm={12} lg={6}>
            <Form.Item label="单位" htmlFor="report-org" style={{ marginBottom: 12 }}>
              <TreeSelect
                id="report-org"
                value={unit ? org : undefined}
                placeholder={units.loading ? '正在载入单位…' : me.org.name}
                treeData={tree}
                treeDefaultExpandAll
                showSearch={{ treeNodeFilterProp: 'title' }}
                onChange={(value: string) => setParam({ org: value === me.org.id ? undefined : value })}
                style={{ width: '100%' }}
                loading={units.loading}
              />
            </Form.Item>
          </Col>
          <Col xs={10} sm={12} lg={4}>
            <Form.Item label="年度" htmlFor="report-year" style={{ marginBottom: 12 }}>
              <Select
                id="report-year"
                value={year}
                placeholder="选择年度"
                options={years.map((y) => ({ value: y, label: `${y}年` }))}
                onChange={(value: number) => setParam({ year: String(value) })}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} lg={5}>
            <Form.Item
              label="模板"
              htmlFor="report-template"
              style={{ marginBottom: 12 }}
              tooltip={state.data && state.data.status !== 'draft' ? '报告已审定，不能更换模板' : workflow.data && !workflow.data.may.chooseTemplate ? '您的角色不能更换模板' : undefined}
            >
              <Select
                id="report-template"
                value={state.data?.templateId}
                loading={templates.loading || switching}
                disabled={!workflow.data?.may.chooseTemplate || switching}
                options={templateOptions}
                onChange={(value: string) => void chooseTemplate(value)}
                style={{ width: '100%' }}
                popupMatchSelectWidth={false}
              />
            </Form.Item>
          </Col>
          <Col xs={12} lg={4}>
            <Form.Item
              label="成文日期"
              htmlFor="report-date"
              style={{ marginBottom: 12 }}
              tooltip={state.data?.reportDate ? '本报告设定的成文日期；清除后为生成当天' : '未设定时为生成当天；可为本报告另设日期'}
            >
              <DatePicker
                id="report-date"
                value={state.data ? dayjs(state.data.date) : null}
                allowClear={!!state.data?.reportDate}
                disabled={state.data?.status !== 'draft' || !workflow.data?.may.chooseTemplate}
                onChange={(d) => void setReportDate(d ? d.format('YYYY-MM-DD') : null)}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={12} lg={5} style={{ display: 'flex', justifyContent: 'flex-end' }}>
            <Space wrap style={{ marginBottom: 12 }}>
              <Button icon={<FileWordOutlined />} href={download('docx')} download={fileName('docx')} disabled={!target || !!loadError}>
                下载Word
              </Button>
              <Button icon={<DownloadOutlined />} href={download('html')} download={fileName('html')} disabled={!target || !!loadError}>
                下载网页版
              </Button>
              <BinderButton target={target} disabled={!!loadError} />
            </Space>
          </Col>
        </Row>
      </Form>
    </Card>
  );

  if (forbidden) {
    return (
      <>
        <h1 className="page-title">年度报告</h1>
        {header}
        <Result status="403" title="无权查看年度报告" subTitle={messageOf(forbidden)} />
      </>
    );
  }

  const previewTab = (
    <>
      {preview.data?.problems.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="模板中有无法计算的占位符"
          description={<ul style={{ margin: 0, paddingInlineStart: 20 }}>{preview.data.problems.map((p) => <li key={p}>{p}</li>)}</ul>}
        />
      ) : null}
      {preview.error ? (
        <Alert type="error" showIcon title="无法生成报告预览" description={messageOf(preview.error)} action={<Button onClick={preview.reload}>重试</Button>} />
      ) : !preview.data || (preview.loading && preview.data.year !== year) ? (
        <Card>
          <Skeleton active paragraph={{ rows: 12 }} />
        </Card>
      ) : preview.data.blocks.length === 0 ? (
        <Empty description="模板中还没有内容：请在“编辑模板”中添加章节和段落" />
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {state.data?.status === 'draft' ? '草稿中的数字按台账实时计算。' : '报告已审定，数字为审定时冻结的数值。'}
            <span className="figure-link" aria-hidden>
              带虚线的数字
            </span>
            可以点击，查看它背后的每一条记录。
            {state.data?.status === 'draft' ? (
              <>
                <Tag color="gold" style={{ marginInline: 4 }}>
                  黄底段落
                </Tag>
                由台账数据起草，请在“编辑模板”中改写。
              </>
            ) : null}
          </Typography.Paragraph>
          <Card styles={{ body: { padding: 0 } }} loading={false} style={{ opacity: preview.loading ? 0.6 : 1, transition: 'opacity .2s' }}>
            <ReportPreview report={preview.data} target={target as ReportTarget} onOpenFigure={setFigure} />
          </Card>
        </>
      )}
    </>
  );

  return (
    <>
      <h1 className="page-title">年度报告</h1>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {header}
        {units.error ? <Alert type="error" showIcon title="无法载入单位列表" description={messageOf(units.error)} /> : null}
        {loadError && !preview.error ? <Alert type="error" showIcon title="无法载入报告状态" description={messageOf(loadError)} action={<Button onClick={reloadAll}>重试</Button>} /> : null}
        {state.data && workflow.data && target ? (
          <StatusBar target={target} state={state.data} workflow={workflow.data} on={on} onChanged={reloadAll} />
        ) : !loadError ? (
          <Card size="small">
            <Skeleton active paragraph={{ rows: 2 }} />
          </Card>
        ) : null}
        {target ? (
          <Tabs
            activeKey={tab}
            onChange={(key) => setParam({ tab: key === 'preview' ? undefined : key })}
            items={[
              { key: 'preview', label: '报告预览', children: previewTab },
              {
                key: 'template',
                label: '编辑模板',
                children:
                  state.data && workflow.data && templates.data ? (
                    <Suspense fallback={<Skeleton active />}>
                      <TemplateEditor
                        target={target}
                        unitName={unit?.name ?? me.org.name}
                        templateId={state.data.templateId}
                        templates={templates.data.items}
                        workflow={workflow.data}
                        onSaved={afterTemplateSaved}
                      />
                    </Suspense>
                  ) : templates.error ? (
                    <Alert type="error" showIcon title="无法载入模板" description={messageOf(templates.error)} />
                  ) : (
                    <Skeleton active />
                  ),
              },
              { key: 'check', label: '核对报告稿', children: <DraftCheck target={target} onOpenFigure={setFigure} /> },
              { key: 'from-report', label: '上年报告转模板', children: <TemplateFromReport target={target} onSaved={afterTemplateSaved} /> },
            ]}
          />
        ) : null}
      </Space>
      {target ? <FigureDrawer target={target} figure={figure} onClose={() => setFigure(null)} /> : null}
    </>
  );
}
