/**
 * 自定义指标: a town (or county) office defines figures of its own on any ledger, built-in or
 * custom — a count, sum or distinct count with filters, a ratio of two indicators, or the change
 * against last year — in its own unit words, with the words its reports use for it. Editing saves
 * a new version; reports already approved keep the version they were approved with.
 */
import { HistoryOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Col, Divider, Drawer, Empty, Form, Input, InputNumber, Modal, Radio, Row, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { api, messageOf } from '../../lib/api';
import { useKinds } from '../../lib/kinds';
import { isNumericType, type Field, type Kind } from '../../lib/types';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { showFieldErrors, treeOptions } from './shared';
import { OWN_MEASURES, type OwnDefinition, type OwnIndicatorRow as OwnRow, type OwnIndicatorsResponse, type OwnIndicatorVersions, type OwnMeasure, type FilterInput } from '../../../../src/shared/indicators.js';
import type { OrgTree } from '../../../../src/shared/org.js';

type Measure = OwnMeasure;
const MEASURE_WORDS: Record<Measure, { label: string; help: string }> = {
  count: { label: '计数', help: '符合条件的记录有多少条' },
  sum: { label: '求和', help: '把一个数字字段加起来（如参学人次）' },
  distinct: { label: '去重计数', help: '一个字段有多少个不同的值（如多少人、多少类）' },
  ratio: { label: '比率', help: '两个指标相除（如参考率＝参考人数÷应考人数）' },
  change: { label: '同比', help: '与上一年同期相比的增减' },
};
const MEASURES = OWN_MEASURES.map((value) => ({ value, ...MEASURE_WORDS[value] }));
const measureLabel = (m: string) => MEASURES.find((x) => x.value === m)?.label ?? m;

/** A filter row as the form holds it while being filled in (sent as a FilterInput). */
interface Filter {
  field?: string;
  op?: FilterInput['op'];
  values?: string[];
  value?: boolean;
  from?: string | number;
  to?: string | number;
  words?: string[];
}

/** A definition and its owner, as the API answers them (src/shared/indicators.ts). */
export type { OwnDefinition, OwnIndicatorRow as OwnRow } from '../../../../src/shared/indicators.js';

/** The editor's values: a definition (its filters as the form holds them while being filled in) and, for a new one, its owner. */
export type FormValues = Omit<OwnDefinition, 'filters'> & { filters?: Filter[]; orgId?: string };

/** A definition's address: its code and owner (two towns under one county may each use a code). */
const definitionUrl = (row: Pick<OwnRow, 'code' | 'orgId'>, tail = '') => `/api/indicator-definitions/${encodeURIComponent(row.code)}${tail}?orgId=${encodeURIComponent(row.orgId)}`;

/** The fields a filter can name: the record's own date and title, then the kind's fields. */
function filterableFields(kind: Kind | undefined): Field[] {
  if (!kind) return [];
  return [{ name: 'date', label: kind.dateLabel || '日期', type: 'date' }, { name: 'title', label: kind.titleLabel || '标题', type: 'text' }, ...kind.fields.filter((f) => !f.sensitive)];
}
const opFor = (type: string | undefined): Filter['op'] =>
  type === 'choice' || type === 'multiChoice' ? 'in' : type === 'boolean' ? 'is' : type === 'date' || type === 'integer' || type === 'decimal' || type === 'money' ? 'between' : 'contains';

/** The editor itself, in a drawer: used by the settings tab and from the template editor's indicator picker. */
export function IndicatorEditorDrawer({
  open,
  editing,
  initialValues,
  onClose,
  onSaved,
}: {
  open: boolean;
  editing?: OwnRow | null;
  /** A new indicator's starting values (a proposal from last year's report). */
  initialValues?: Partial<FormValues>;
  onClose: () => void;
  onSaved?: (row: OwnRow) => void;
}) {
  const { message } = App.useApp();
  const { kinds } = useKinds();
  const me = useMe();
  const definitions = useApi<OwnIndicatorsResponse>(open ? '/api/indicator-definitions' : null);
  const orgs = useApi<OrgTree>(open ? '/api/orgs' : null);
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string>();
  const [newUnit, setNewUnit] = useState('');
  const measure = Form.useWatch('measure', form) as Measure | undefined;
  const kindCode = Form.useWatch<string | undefined>('kind', form);
  const filters = Form.useWatch<Filter[] | undefined>('filters', form) ?? [];
  const percent = Form.useWatch<boolean | undefined>('percent', form);
  const changeAs = Form.useWatch('as', form) as string | undefined;
  const kind = kinds.find((k) => k.code === kindCode);
  const fields = filterableFields(kind);
  const fieldOf = (name?: string) => fields.find((f) => f.name === name);
  const ledger = measure === 'count' || measure === 'sum' || measure === 'distinct';
  const isPercent = (measure === 'ratio' && percent !== false) || (measure === 'change' && changeAs === 'percent');
  // Two towns under a county may each have a figure of one code: offered once.
  const indicatorOptions = (definitions.data?.indicators ?? []).filter((i, n, all) => i.code !== editing?.code && all.findIndex((x) => x.code === i.code) === n).map((i) => ({ value: i.code, label: `${i.label}（${i.code}）`, search: `${i.label} ${i.code}` }));
  const units = definitions.data?.units ?? [];

  const addUnit = async () => {
    const word = newUnit.trim();
    if (!word) return;
    try {
      await api.post('/api/lists/indicator.unit/items', { label: word });
      message.success(`已把“${word}”加入单位词表`);
      setNewUnit('');
      definitions.reload();
      form.setFieldValue('unit', word);
    } catch (e) {
      message.error(messageOf(e));
    }
  };

  const save = async (values: FormValues) => {
    // A field the form does not show (the code, once defined) is absent from the values.
    const { label, code } = values as Partial<Pick<FormValues, 'label' | 'code'>>;
    setSaving(true);
    setFormError(undefined);
    try {
      const body: Record<string, unknown> = {
        label: label?.trim(),
        measure: values.measure,
        ...(code?.trim() && !editing ? { code: code.trim() } : {}),
        ...(values.aliases?.length ? { aliases: values.aliases } : {}),
        ...(values.description?.trim() ? { description: values.description.trim() } : {}),
        ...(!isPercent ? { unit: values.unit } : {}),
        ...(isPercent && values.precision !== undefined ? { precision: values.precision } : {}),
      };
      if (ledger) {
        Object.assign(body, {
          kind: values.kind,
          ...(values.measure !== 'count' ? { field: values.field } : {}),
          ...(values.period === 'active' ? { period: 'active' } : {}),
          ...(values.dateField && values.dateField !== 'date' ? { dateField: values.dateField } : {}),
          filters: (values.filters ?? [])
            .filter((f) => f.field)
            .map((f) => {
              const op = opFor(fieldOf(f.field)?.type);
              if (op === 'in') return { field: f.field, op, values: f.values ?? [] };
              if (op === 'is') return { field: f.field, op, value: f.value ?? true };
              if (op === 'between') return { field: f.field, op, ...(f.from !== undefined && f.from !== '' ? { from: f.from } : {}), ...(f.to !== undefined && f.to !== '' ? { to: f.to } : {}) };
              return { field: f.field, op, words: f.words ?? [] };
            }),
        });
      } else if (values.measure === 'ratio') Object.assign(body, { numerator: values.numerator, denominator: values.denominator, percent: values.percent !== false });
      else Object.assign(body, { of: values.of, as: values.as ?? 'absolute' });
      const saved = editing
        ? await api.put<OwnRow>(definitionUrl(editing), { ...body, version: editing.version })
        : await api.post<OwnRow>('/api/indicator-definitions', { ...body, orgId: values.orgId });
      message.success(editing ? `已保存“${saved.definition.label}”第${saved.version}版；已审定的报告仍按原版本` : `已定义指标“${saved.definition.label}”（${saved.code}）`);
      form.resetFields();
      onSaved?.(saved);
      onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) setFormError(messageOf(e));
      else setFormError('有几处需要修改，见标红的字段');
    } finally {
      setSaving(false);
    }
  };

  const initial: Partial<FormValues> = editing ? { ...editing.definition } : { orgId: me.org.id, measure: 'count', unit: '次', percent: true, as: 'absolute', period: 'dated', filters: [], ...initialValues };

  return (
    <Drawer
      open={open}
      title={editing ? `修改指标：${editing.definition.label}（第${editing.version}版）` : '新建指标'}
      size="large"
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
      {editing ? <Alert type="info" showIcon title="保存后为新版本；已审定或公开的报告仍使用审定时的版本。" style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={save} requiredMark="optional">
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="label" label="指标名称" rules={[{ required: true, message: '请填写「指标名称」' }]}>
              <Input maxLength={40} placeholder="如：行政执法人员持证率" />
            </Form.Item>
          </Col>
          <Col span={12}>
            {editing ? (
              <Form.Item label="编码">
                <Typography.Text code>{editing.code}</Typography.Text>
              </Form.Item>
            ) : (
              <Form.Item name="code" label="编码" extra="可不填，系统自动生成；模板中以 {{编码}} 引用">
                <Input maxLength={60} placeholder="如 own.certified_rate" />
              </Form.Item>
            )}
          </Col>
        </Row>
        {editing ? null : (
          <Form.Item name="orgId" label="所属单位" rules={[{ required: true, message: '请选择「所属单位」' }]} extra="县级定义的指标，下辖各镇都可使用">
            <TreeSelect treeData={treeOptions(orgs.data?.items ?? [], (n) => n.level === 'town' || n.level === 'county')} treeDefaultExpandAll placeholder="选择镇（乡、街道）或县" />
          </Form.Item>
        )}
        <Form.Item name="measure" label="计算方式" rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={MEASURES.map((m) => ({ value: m.value, label: m.label, title: m.help }))} />
        </Form.Item>
        <Typography.Paragraph type="secondary">{MEASURES.find((m) => m.value === measure)?.help}</Typography.Paragraph>

        {ledger ? (
          <>
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="kind" label="台账" rules={[{ required: true, message: '请选择「台账」' }]}>
                  <Select
                    showSearch={{ optionFilterProp: 'search' }}
                    placeholder="内置或自定义台账"
                    onChange={() => form.setFieldsValue({ field: undefined, filters: [] })}
                    options={kinds.filter((k) => k.permissions.read).map((k) => ({ value: k.code, label: `${k.label}${k.custom ? '（自定义）' : ''}`, search: `${k.label} ${k.areaLabel}` }))}
                  />
                </Form.Item>
              </Col>
              <Col span={12}>
                {measure !== 'count' ? (
                  <Form.Item name="field" label={measure === 'sum' ? '求和字段' : '去重字段'} rules={[{ required: true, message: '请选择字段' }]}>
                    <Select
                      placeholder="选择字段"
                      options={fields
                        .filter((f) => (measure === 'sum' ? isNumericType(f.type) : f.type !== 'textarea'))
                        .map((f) => ({ value: f.name, label: f.label }))}
                    />
                  </Form.Item>
                ) : null}
              </Col>
            </Row>
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="period" label="计入期间">
                  <Radio.Group
                    options={[
                      { value: 'dated', label: '期间内发生' },
                      { value: 'active', label: '期间内存续' },
                    ]}
                  />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="dateField" label="按哪个日期计入" extra="默认按记录日期">
                  <Select allowClear placeholder="记录日期" options={fields.filter((f) => f.type === 'date').map((f) => ({ value: f.name, label: f.label }))} />
                </Form.Item>
              </Col>
            </Row>
            <Divider titlePlacement="start" plain>
              筛选条件（全部满足才计入）
            </Divider>
            <Form.List name="filters">
              {(items, { add, remove }) => (
                <>
                  {items.map((item) => {
                    const chosen = fieldOf(filters[item.name]?.field);
                    const op = opFor(chosen?.type);
                    return (
                      <Row key={item.key} gutter={8} align="top">
                        <Col span={7}>
                          <Form.Item name={[item.name, 'field']} rules={[{ required: true, message: '请选择字段' }]}>
                            <Select showSearch={{ optionFilterProp: 'label' }} placeholder="字段" aria-label="筛选字段" options={fields.map((f) => ({ value: f.name, label: f.label }))} />
                          </Form.Item>
                        </Col>
                        <Col span={15}>
                          {!chosen ? null : op === 'in' ? (
                            <Form.Item name={[item.name, 'values']} rules={[{ required: true, message: '至少选一个选项' }]}>
                              <Select mode="multiple" placeholder="属于以下任一项" aria-label="选项" options={(chosen.options ?? []).map((o) => ({ value: o.code, label: o.label }))} />
                            </Form.Item>
                          ) : op === 'is' ? (
                            <Form.Item name={[item.name, 'value']} initialValue={true}>
                              <Radio.Group options={[{ value: true, label: '是' }, { value: false, label: '否' }]} />
                            </Form.Item>
                          ) : op === 'between' ? (
                            <Space.Compact style={{ width: '100%' }}>
                              <Form.Item name={[item.name, 'from']} noStyle>
                                {chosen.type === 'date' ? <Input type="date" aria-label="起" /> : <InputNumber placeholder="不少于" aria-label="不少于" style={{ width: '50%' }} />}
                              </Form.Item>
                              <Form.Item name={[item.name, 'to']} noStyle>
                                {chosen.type === 'date' ? <Input type="date" aria-label="止" /> : <InputNumber placeholder="不多于" aria-label="不多于" style={{ width: '50%' }} />}
                              </Form.Item>
                            </Space.Compact>
                          ) : (
                            <Form.Item name={[item.name, 'words']} rules={[{ required: true, message: '至少填一个词' }]}>
                              <Select mode="tags" placeholder="包含以下任一词语（回车分隔）" aria-label="包含文字" open={false} />
                            </Form.Item>
                          )}
                        </Col>
                        <Col span={2}>
                          <Button type="text" icon={<MinusCircleOutlined />} aria-label="删除条件" onClick={() => remove(item.name)} />
                        </Col>
                      </Row>
                    );
                  })}
                  <Button type="dashed" icon={<PlusOutlined />} disabled={!kind} onClick={() => add({})} block style={{ marginBottom: 16 }}>
                    添加筛选条件（选项、是否、日期或数字范围、包含文字）
                  </Button>
                </>
              )}
            </Form.List>
          </>
        ) : measure === 'ratio' ? (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="numerator" label="分子" rules={[{ required: true, message: '请选择「分子」指标' }]}>
                <Select showSearch={{ optionFilterProp: 'search' }} options={indicatorOptions} placeholder="如：持证人数" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="denominator" label="分母" rules={[{ required: true, message: '请选择「分母」指标' }]} extra="分母为0时报告写“—”，不写0%">
                <Select showSearch={{ optionFilterProp: 'search' }} options={indicatorOptions} placeholder="如：执法人员总数" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="percent" valuePropName="checked">
                <Checkbox>以百分比表示（不勾选则为普通商值，如人均、村均）</Checkbox>
              </Form.Item>
            </Col>
          </Row>
        ) : measure === 'change' ? (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="of" label="同比的指标" rules={[{ required: true, message: '请选择「同比的指标」' }]}>
                {/* An increase counts in the unit of what it compares (件 more 件). */}
                <Select
                  showSearch={{ optionFilterProp: 'search' }}
                  options={indicatorOptions}
                  onChange={(code: string) => {
                    const unit = definitions.data?.indicators.find((i) => i.code === code)?.unit;
                    if (unit) form.setFieldValue('unit', unit);
                  }}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="as" label="同比方式">
                <Radio.Group
                  options={[
                    { value: 'absolute', label: '增减数' },
                    { value: 'percent', label: '增减百分比' },
                  ]}
                />
              </Form.Item>
            </Col>
          </Row>
        ) : null}

        <Row gutter={16}>
          <Col span={12}>
            {isPercent ? (
              <Form.Item name="precision" label="小数位数" extra="如 97%、95.9%、98.26%">
                <Radio.Group options={[0, 1, 2].map((n) => ({ value: n, label: `${n}位` }))} />
              </Form.Item>
            ) : (
              <Form.Item name="unit" label="单位" rules={[{ required: true, message: '请选择「单位」' }]}>
                <Select
                  showSearch
                  options={units.map((u) => ({ value: u, label: u }))}
                  popupRender={(menu) => (
                    <>
                      {menu}
                      <Divider style={{ margin: '8px 0' }} />
                      <Space.Compact style={{ padding: '0 8px 4px', width: '100%' }}>
                        <Input placeholder="新单位词，如 课时" value={newUnit} maxLength={6} onChange={(e) => setNewUnit(e.target.value)} onKeyDown={(e) => e.stopPropagation()} />
                        <Button icon={<PlusOutlined />} onClick={addUnit}>
                          加入词表
                        </Button>
                      </Space.Compact>
                    </>
                  )}
                />
              </Form.Item>
            )}
          </Col>
          <Col span={12}>
            <Form.Item name="aliases" label="别称" extra="报告里对这个数的其他说法，草稿核对时据此对应">
              <Select mode="tags" open={false} placeholder="如：持证上岗率（回车分隔）" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label="说明">
          <Input.TextArea rows={2} maxLength={300} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

/** The settings tab: the unit's own indicators, those of the county above, and the editor. */
export function IndicatorsTab() {
  const { message, modal } = App.useApp();
  const loaded = useApi<OwnIndicatorsResponse>('/api/indicator-definitions');
  const [editing, setEditing] = useState<OwnRow | null>(null);
  const [open, setOpen] = useState(false);
  const [history, setHistory] = useState<OwnIndicatorVersions | null>(null);
  const rows = loaded.data?.items ?? [];

  const retire = (row: OwnRow) =>
    modal.confirm({
      title: `停用指标“${row.definition.label}”？`,
      content: '停用后不再出现在指标列表中；历史版本和已审定报告不受影响。',
      okText: '停用',
      cancelText: '取消',
      onOk: async () => {
        try {
          await api.del(definitionUrl(row));
          message.success('已停用');
          loaded.reload();
        } catch (e) {
          message.error(messageOf(e));
        }
      },
    });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        为任何台账（内置或自定义）定义本单位报告要用的数：计数、求和、去重计数、比率或同比，可按字段筛选。县级定义的指标，下辖各镇都可在模板中使用。
      </Typography.Paragraph>
      <div>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            setEditing(null);
            setOpen(true);
          }}
        >
          新建指标
        </Button>
      </div>
      {loaded.error ? <Alert type="error" showIcon title={messageOf(loaded.error)} /> : null}
      <Table<OwnRow>
        rowKey={(r) => `${r.orgId}:${r.code}`}
        loading={loaded.loading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: <Empty description="还没有自定义指标" /> }}
        columns={[
          { title: '指标名称', render: (_, r) => r.definition.label },
          { title: '编码', render: (_, r) => <Typography.Text code>{r.code}</Typography.Text> },
          { title: '计算方式', render: (_, r) => <Tag>{measureLabel(r.definition.measure)}</Tag> },
          {
            title: '单位',
            render: (_, r) =>
              (r.definition.measure === 'ratio' && r.definition.percent !== false) || (r.definition.measure === 'change' && r.definition.as === 'percent')
                ? `%（${r.definition.precision ?? 1}位小数）`
                : r.definition.unit,
          },
          { title: '所属单位', render: (_, r) => r.orgName ?? r.orgId },
          { title: '版本', render: (_, r) => `第${r.version}版` },
          {
            title: '操作',
            render: (_, r) => (
              <Space>
                <Button
                  size="small"
                  onClick={() => {
                    setEditing(r);
                    setOpen(true);
                  }}
                >
                  修改
                </Button>
                <Button size="small" icon={<HistoryOutlined />} onClick={async () => setHistory(await api.get(definitionUrl(r, '/versions')))}>
                  版本
                </Button>
                <Button size="small" danger onClick={() => retire(r)}>
                  停用
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <IndicatorEditorDrawer open={open} editing={editing} onClose={() => setOpen(false)} onSaved={() => loaded.reload()} />
      <Modal open={!!history} title="历史版本" footer={null} onCancel={() => setHistory(null)}>
        {history?.versions.map((v) => (
          <Typography.Paragraph key={v.version}>
            <strong>第{v.version}版</strong>（{v.createdAt.slice(0, 10)}）{v.definition.label}
            {v.usedBy.length ? `；用于 ${v.usedBy.map((u) => `${u.year}年报告（${u.status === 'published' ? '已公开' : '已审定'}）`).join('、')}` : ''}
          </Typography.Paragraph>
        ))}
      </Modal>
    </Space>
  );
}
