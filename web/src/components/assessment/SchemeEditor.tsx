/**
 * The county's scheme as its reviewer keeps it: the items by section with their points and
 * rules, a form that adds an item (or starts a new scheme with its first item), publishing to
 * the towns, and copying a year's scheme to start the next. A scheme a town has submitted
 * against is frozen: the server refuses edits, and so does this screen.
 */
import { CopyOutlined, DownloadOutlined, PlusOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Switch, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, messageOf } from '../../lib/api';
import { downloadFile } from '../../lib/download';
import { useKinds } from '../../lib/kinds';
import { postFile } from '../../lib/upload';
import { useApi } from '../../lib/useApi';
import { ASSESSMENT_AREAS, RULE_LABELS, SCHEME_STATUS, type AssessmentArea, type AssessmentItem, type AssessmentSection, type RuleType, type Scheme, type ScoringRule } from '../../../../src/shared/assessment.js';

interface IndicatorOption {
  code: string;
  label: string;
  unit: string;
}

interface ItemValues {
  section: string;
  newSection?: string;
  area?: AssessmentArea;
  code: string;
  title: string;
  points: number;
  ruleType: RuleType;
  indicator?: string;
  min?: number;
  from?: number;
  to?: number;
  target?: number;
  step?: number;
  deduct?: number;
  evidenceKinds?: string[];
  attachmentsRequired?: boolean;
  standard?: string;
}

const NEW_SECTION = '__new__';

function ruleOf(v: ItemValues): ScoringRule {
  const indicator = v.indicator ?? '';
  if (v.ruleType === 'threshold') return { type: 'threshold', indicator, min: v.min ?? 0 };
  if (v.ruleType === 'proportional') return { type: 'proportional', indicator, from: v.from ?? 0, to: v.to ?? 0 };
  if (v.ruleType === 'deduction') return { type: 'deduction', indicator, target: v.target ?? 0, step: v.step ?? 1, deduct: v.deduct ?? 0 };
  return { type: 'manual' };
}

/** The sections with the new item added to the one chosen (or to a new one). */
function withItem(sections: AssessmentSection[], v: ItemValues): AssessmentSection[] {
  const item: AssessmentItem = {
    code: v.code,
    title: v.title,
    points: v.points,
    rule: ruleOf(v),
    evidenceKinds: v.evidenceKinds ?? [],
    attachmentsRequired: v.attachmentsRequired ?? false,
    ...(v.standard ? { standard: v.standard } : {}),
  };
  if (v.section === NEW_SECTION) return [...sections, { title: v.newSection ?? '', area: v.area ?? 'governance', items: [item] }];
  return sections.map((s) => (s.title === v.section ? { ...s, items: [...s.items, item] } : s));
}

function ItemFields({ sections, indicators }: { sections: AssessmentSection[]; indicators: IndicatorOption[] }) {
  const { kinds } = useKinds();
  const ruleType = Form.useWatch<RuleType | undefined>('ruleType');
  const section = Form.useWatch<string | undefined>('section');
  const need = (label: string) => [{ required: true, message: `请填写「${label}」` }];
  return (
    <>
      <Form.Item name="section" label="所属部分" rules={[{ required: true, message: '请选择「所属部分」' }]}>
        <Select options={[...sections.map((s) => ({ value: s.title, label: s.title })), { value: NEW_SECTION, label: '新增一个部分…' }]} />
      </Form.Item>
      {section === NEW_SECTION ? (
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item name="newSection" label="部分名称" rules={need('部分名称')}>
              <Input placeholder="如：五、基层社会治理法治化" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="area" label="领域" rules={[{ required: true, message: '请选择「领域」' }]}>
              <Select options={Object.entries(ASSESSMENT_AREAS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          </Col>
        </Row>
      ) : null}
      <Row gutter={12}>
        <Col span={6}>
          <Form.Item name="code" label="序号" rules={need('序号')}>
            <Input placeholder="如 5.5" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="title" label="考核内容" rules={need('考核内容')}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="points" label="分值" rules={need('分值')}>
            <InputNumber min={0.5} max={100} step={0.5} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="ruleType" label="评分规则" rules={[{ required: true, message: '请选择「评分规则」' }]}>
            <Select options={Object.entries(RULE_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        </Col>
        {ruleType && ruleType !== 'manual' ? (
          <Col span={16}>
            <Form.Item name="indicator" label="依据指标" rules={[{ required: true, message: '请选择「依据指标」' }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={indicators.map((i) => ({ value: i.code, label: `${i.label}（${i.unit}）` }))} />
            </Form.Item>
          </Col>
        ) : null}
      </Row>
      {ruleType === 'threshold' ? (
        <Form.Item name="min" label="达标值（达到即得满分）" rules={need('达标值')}>
          <InputNumber style={{ width: 160 }} />
        </Form.Item>
      ) : null}
      {ruleType === 'proportional' ? (
        <Space>
          <Form.Item name="from" label="起始值（0分）" rules={need('起始值')}>
            <InputNumber />
          </Form.Item>
          <Form.Item name="to" label="满分值" rules={need('满分值')}>
            <InputNumber />
          </Form.Item>
        </Space>
      ) : null}
      {ruleType === 'deduction' ? (
        <Space>
          <Form.Item name="target" label="目标值" rules={need('目标值')}>
            <InputNumber />
          </Form.Item>
          <Form.Item name="step" label="每差" rules={need('差距单位')}>
            <InputNumber min={0.01} />
          </Form.Item>
          <Form.Item name="deduct" label="扣分" rules={need('每次扣分')}>
            <InputNumber min={0.01} step={0.1} />
          </Form.Item>
        </Space>
      ) : null}
      <Row gutter={12}>
        <Col span={16}>
          <Form.Item name="evidenceKinds" label="佐证台账">
            <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={kinds.map((k) => ({ value: k.code, label: k.label }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="attachmentsRequired" label="须附签到表、纪要或照片" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="standard" label="评分标准（说明）">
        <Input.TextArea rows={2} />
      </Form.Item>
    </>
  );
}

interface Props {
  scheme: Scheme | undefined;
  orgId: string;
  year: number;
  mayWrite: boolean;
  onSaved: (id: string) => void;
}

export function SchemeEditor({ scheme, orgId, year, mayWrite, onSaved }: Props) {
  const { message } = App.useApp();
  const definitions = useApi<{ indicators: IndicatorOption[] }>(mayWrite ? '/api/indicator-definitions' : null);
  const [mode, setMode] = useState<'item' | 'scheme' | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<ItemValues & { schemeTitle?: string; deadline?: string }>();
  const indicators = definitions.data?.indicators ?? [];
  const editable = mayWrite && scheme && scheme.status !== 'frozen';

  const run = async (call: () => Promise<Scheme>, done: string) => {
    setBusy(true);
    try {
      const saved = await call();
      message.success(done);
      setMode(null);
      onSaved(saved.id);
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    // The form shows what is wrong beside the field; nothing more to do here.
    const v = await form.validateFields().catch(() => undefined);
    if (!v) return;
    if (mode === 'scheme') {
      await run(() => api.post<Scheme>('/api/assessment-schemes', { orgId, year, title: v.schemeTitle, deadline: v.deadline, sections: withItem([], { ...v, section: NEW_SECTION }) }), '考核方案已建立');
      return;
    }
    if (!scheme) return;
    const { id, version, title, deadline } = scheme;
    await run(() => api.put<Scheme>(`/api/assessment-schemes/${id}`, { version, year: scheme.year, title, deadline, sections: withItem(scheme.sections, v) }), '考核项目已添加');
  };
  const start = (next: 'item' | 'scheme') => {
    form.resetFields();
    form.setFieldsValue(next === 'scheme' ? { section: NEW_SECTION, ruleType: 'threshold', points: 5, deadline: `${year + 1}-01-15` } : { section: scheme?.sections[0]?.title, ruleType: 'threshold', points: 2 });
    setMode(next);
  };

  const rows = (scheme?.sections ?? []).flatMap((s) => s.items.map((i) => ({ ...i, section: s.title, area: s.area })));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        {scheme ? <Tag color={scheme.status === 'frozen' ? 'default' : scheme.status === 'open' ? 'blue' : 'gold'}>{SCHEME_STATUS[scheme.status]}</Tag> : null}
        {scheme ? <Typography.Text type="secondary">共 {rows.length} 项，{scheme.totalPoints} 分；第 {scheme.version} 版</Typography.Text> : null}
        {editable ? (
          <Button icon={<PlusOutlined />} onClick={() => start('item')}>
            新增考核项目
          </Button>
        ) : null}
        {mayWrite && scheme?.status === 'draft' ? (
          <Button type="primary" icon={<SendOutlined />} loading={busy} onClick={() => void run(() => api.post<Scheme>(`/api/assessment-schemes/${scheme.id}/publish`), '方案已发布，各镇可以开始自评')}>
            发布方案
          </Button>
        ) : null}
        {mayWrite && scheme ? (
          <Button icon={<CopyOutlined />} loading={busy} onClick={() => void run(() => api.post<Scheme>(`/api/assessment-schemes/${scheme.id}/copy`, { year: scheme.year + 1 }), `已复制为${scheme.year + 1}年度方案（草稿）`)}>
            复制为{scheme.year + 1}年度方案
          </Button>
        ) : null}
        {mayWrite ? (
          <Button onClick={() => start('scheme')} icon={<PlusOutlined />}>
            新建方案
          </Button>
        ) : null}
        {scheme ? (
          <Button icon={<DownloadOutlined />} onClick={() => void downloadFile(`/api/assessment-schemes/${scheme.id}/export.xlsx`, '考核方案.xlsx', '导出失败').catch((e: unknown) => message.error(messageOf(e)))}>
            导出Excel
          </Button>
        ) : null}
        {mayWrite ? (
          <Upload
            accept=".xlsx"
            showUploadList={false}
            customRequest={({ file }) => void run(() => postFile<Scheme>(`/api/assessment-schemes/import?orgId=${encodeURIComponent(orgId)}&year=${year}`, file as File), '已从Excel导入为新方案（草稿）')}
          >
            <Button icon={<UploadOutlined />} loading={busy}>
              从Excel导入
            </Button>
          </Upload>
        ) : null}
      </Space>
      {scheme?.status === 'frozen' ? <Typography.Text type="secondary">已有乡镇提交自评，方案已冻结；如需调整，请复制为新方案。</Typography.Text> : null}
      <Table
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '部分', dataIndex: 'section', width: 200, onCell: (_r, i) => ({ rowSpan: i !== undefined && rows[i - 1]?.section === rows[i]?.section ? 0 : rows.filter((r) => r.section === rows[i ?? 0]?.section).length }) },
          { title: '序号', dataIndex: 'code', width: 60 },
          { title: '考核内容', dataIndex: 'title' },
          { title: '分值', dataIndex: 'points', width: 60, align: 'right' },
          { title: '评分规则', key: 'rule', width: 110, render: (_, r) => RULE_LABELS[r.rule.type] },
          { title: '评分标准', dataIndex: 'standard', render: (s?: string) => s ?? '' },
          { title: '附件', dataIndex: 'attachmentsRequired', width: 60, render: (b: boolean) => (b ? '须附' : '') },
        ]}
      />
      <Modal open={mode !== null} title={mode === 'scheme' ? `新建${year}年度考核方案` : '新增考核项目'} width={720} okText="保存" cancelText="取消" confirmLoading={busy} onOk={() => void save()} onCancel={() => setMode(null)} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          {mode === 'scheme' ? (
            <Row gutter={12}>
              <Col span={16}>
                <Form.Item name="schemeTitle" label="方案名称" rules={[{ required: true, message: '请填写「方案名称」' }]}>
                  <Input placeholder={`如：${year}年度镇级法治政府建设考核评价方案`} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="deadline" label="自评截止日期" rules={[{ required: true, message: '请填写「自评截止日期」' }]}>
                  <Input placeholder="YYYY-MM-DD" />
                </Form.Item>
              </Col>
            </Row>
          ) : null}
          <ItemFields sections={mode === 'scheme' ? [] : (scheme?.sections ?? [])} indicators={indicators} />
        </Form>
      </Modal>
    </Space>
  );
}
