/**
 * 自定义台账: a town office defines a ledger of its own (fields of the usual types) and, for it,
 * counts or sums that become indicators like the built-in ones. The new kind then has its table,
 * form, export and API like any other.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, Drawer, Empty, Form, Input, Modal, Radio, Row, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, messageOf } from '../../lib/api';
import { useKinds } from '../../lib/kinds';
import { useMe } from '../../lib/session';
import type { Kind } from '../../lib/types';
import { useApi } from '../../lib/useApi';
import { showFieldErrors, treeOptions } from './shared';
import type { OrgTree } from '../../../../src/shared/org.js';

const FIELD_TYPES = [
  { value: 'text', label: '文字' },
  { value: 'textarea', label: '长文字' },
  { value: 'integer', label: '整数' },
  { value: 'decimal', label: '小数' },
  { value: 'date', label: '日期' },
  { value: 'boolean', label: '是/否' },
  { value: 'choice', label: '选项' },
  { value: 'person', label: '人员' },
  { value: 'org', label: '村（社区）' },
];
const typeLabel = (type: string) => FIELD_TYPES.find((t) => t.value === type)?.label ?? type;

const UNITS = ['次', '场', '件', '件次', '项', '类', '批次', '家', '个', '条', '起', '台', '户', '人', '人次', '名', '元', '万元', '小时'];

interface KindForm {
  label: string;
  area: string;
  orgId: string;
  description?: string;
  fields: Array<{ label: string; type: string; required?: boolean; options?: string[] }>;
}

interface IndicatorForm {
  label: string;
  unit: string;
  measure: 'count' | 'sum';
  field?: string;
  where?: Array<{ field?: string; equals?: string }>;
}

export function CustomKindsTab() {
  const me = useMe();
  const { message } = App.useApp();
  const { kinds, areas, loading, error, reload } = useKinds();
  const custom = kinds.filter((k) => k.custom);
  const orgs = useApi<OrgTree>('/api/orgs');
  const [defining, setDefining] = useState(false);
  const [measuring, setMeasuring] = useState<Kind | null>(null);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string>();
  const [kindForm] = Form.useForm<KindForm>();
  const [indicatorForm] = Form.useForm<IndicatorForm>();
  const measure = Form.useWatch('measure', indicatorForm);
  const conditions = Form.useWatch('where', indicatorForm);
  const mayDefine = me.role === 'townOffice';
  const ownerLevels = new Set(['town', 'county']);

  const define = async (values: KindForm) => {
    setSaving(true);
    setFormError(undefined);
    try {
      const body = {
        ...values,
        label: values.label.trim(),
        description: values.description?.trim() || undefined,
        fields: values.fields.map((f) => ({ label: f.label.trim(), type: f.type, required: !!f.required, ...(f.type === 'choice' ? { options: f.options ?? [] } : {}) })),
      };
      const kind = await api.post<Kind>('/api/kinds', body);
      message.success(`已定义「${kind.label}」，可以在“${kind.areaLabel}”下找到它`);
      setDefining(false);
      kindForm.resetFields();
      reload();
    } catch (e) {
      if (!showFieldErrors(kindForm, e)) setFormError(messageOf(e));
      else setFormError('有几处需要修改，见标红的字段');
    } finally {
      setSaving(false);
    }
  };

  const addIndicator = async (values: IndicatorForm) => {
    if (!measuring) return;
    setSaving(true);
    setFormError(undefined);
    try {
      const where = (values.where ?? [])
        .filter((c) => c.field && c.equals !== undefined)
        .map((c) => {
          const f = measuring.fields.find((x) => x.name === c.field);
          return { field: c.field as string, equals: f?.type === 'boolean' ? c.equals === 'true' : (c.equals as string) };
        });
      await api.post(`/api/kinds/${measuring.code}/indicators`, {
        label: values.label.trim(),
        unit: values.unit,
        measure: values.measure,
        ...(values.measure === 'sum' ? { field: values.field } : {}),
        ...(where.length ? { where } : {}),
      });
      message.success(`已为「${measuring.label}」添加指标“${values.label.trim()}”`);
      setMeasuring(null);
      indicatorForm.resetFields();
      reload();
    } catch (e) {
      if (!showFieldErrors(indicatorForm, e)) setFormError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  const numberFields = measuring?.fields.filter((f) => f.type === 'integer' || f.type === 'decimal') ?? [];
  const filterFields = measuring?.fields.filter((f) => f.type === 'choice' || f.type === 'boolean') ?? [];

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        {mayDefine && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => { setFormError(undefined); setDefining(true); }}>
            定义新台账
          </Button>
        )}
        <Typography.Text type="secondary">内置台账覆盖年度报告的各项内容；本镇另有需要登记的事项时，可以自己定义台账。</Typography.Text>
      </Space>
      {error ? <Alert type="error" showIcon title={messageOf(error)} action={<Button onClick={reload}>重试</Button>} style={{ marginBottom: 12 }} /> : null}
      {!loading && custom.length === 0 && (
        <Empty description={mayDefine ? '还没有自定义台账。点“定义新台账”，写上名称和要登记的字段即可。' : '还没有自定义台账。自定义台账由镇法治办定义。'} />
      )}
      <Row gutter={[16, 16]}>
        {custom.map((k) => (
          <Col key={k.code} xs={24} lg={12}>
            <Card
              title={k.label}
              extra={<Tag>{k.areaLabel}</Tag>}
              actions={[
                <Link key="open" to={`/ledgers/${k.code}`}>
                  打开台账
                </Link>,
                ...(mayDefine
                  ? [
                      <Button key="add" type="link" size="small" onClick={() => { setFormError(undefined); indicatorForm.resetFields(); setMeasuring(k); }}>
                        添加指标
                      </Button>,
                    ]
                  : []),
              ]}
            >
              <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }}>
                {k.description}
              </Typography.Paragraph>
              <div style={{ marginBottom: 8 }}>
                <Typography.Text strong>字段：</Typography.Text>
                {k.fields.map((f) => (
                  <Tag key={f.name} style={{ marginBottom: 4 }}>
                    {f.label}·{typeLabel(f.type)}
                    {f.required ? '·必填' : ''}
                  </Tag>
                ))}
              </div>
              <div>
                <Typography.Text strong>指标：</Typography.Text>
                {k.indicators.length ? (
                  k.indicators.map((i) => (
                    <Tag color="blue" key={i.code} style={{ marginBottom: 4 }}>
                      {i.label}（{i.unit}）
                    </Tag>
                  ))
                ) : (
                  <Typography.Text type="secondary">还没有，可按条数计数或对数字字段求和</Typography.Text>
                )}
              </div>
            </Card>
          </Col>
        ))}
      </Row>

      <Drawer open={defining} onClose={() => setDefining(false)} title="定义新台账" size={560} destroyOnHidden extra={<Button type="primary" loading={saving} onClick={() => kindForm.submit()}>保存</Button>}>
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form<KindForm>
          form={kindForm}
          layout="vertical"
          onFinish={define}
          initialValues={{ orgId: ownerLevels.has(me.org.level) ? me.org.id : undefined, area: 'governance', fields: [{ label: '', type: 'text' }] }}
        >
          <Form.Item name="label" label="台账名称" rules={[{ required: true, message: '请填写台账名称' }, { min: 2, message: '至少2个字' }]}>
            <Input maxLength={30} placeholder="如：人民调解回访" />
          </Form.Item>
          <Form.Item name="area" label="所属领域" rules={[{ required: true, message: '请选择所属领域' }]} extra="决定它出现在哪个菜单下，以及年度报告的哪一部分引用它">
            <Select options={areas.map((a) => ({ value: a.code, label: a.label }))} />
          </Form.Item>
          <Form.Item name="orgId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]} extra="本单位及下级单位都可以使用这个台账">
            <TreeSelect treeData={treeOptions(orgs.data?.items ?? [], (n) => ownerLevels.has(n.level))} loading={orgs.loading} treeDefaultExpandAll={false} placeholder="镇或县级单位" />
          </Form.Item>
          <Form.Item name="description" label="说明">
            <Input.TextArea rows={2} maxLength={500} placeholder="登记什么、谁来登记" />
          </Form.Item>
          <Typography.Title level={5}>字段</Typography.Title>
          <Typography.Paragraph type="secondary">每条记录都自带所属单位、日期、标题和备注，这里只需写其余要登记的内容。</Typography.Paragraph>
          <Form.List name="fields">
            {(items, { add, remove }) => (
              <>
                {items.map(({ key, name }) => (
                  <Card key={key} size="small" style={{ marginBottom: 8 }} styles={{ body: { paddingBottom: 0 } }}>
                    <Row gutter={8} align="top">
                      <Col flex="auto">
                        <Form.Item name={[name, 'label']} label="名称" rules={[{ required: true, whitespace: true, message: '请填写字段名称' }]}>
                          <Input maxLength={30} />
                        </Form.Item>
                      </Col>
                      <Col flex="140px">
                        <Form.Item name={[name, 'type']} label="类型" rules={[{ required: true, message: '请选择' }]}>
                          <Select options={FIELD_TYPES} />
                        </Form.Item>
                      </Col>
                      <Col flex="none">
                        <Form.Item label=" " colon={false}>
                          <Button type="text" danger icon={<MinusCircleOutlined />} onClick={() => remove(name)} disabled={items.length <= 1} aria-label="删除这个字段" />
                        </Form.Item>
                      </Col>
                    </Row>
                    <Form.Item noStyle shouldUpdate={(a: Partial<KindForm>, b: Partial<KindForm>) => a.fields?.[name]?.type !== b.fields?.[name]?.type}>
                      {({ getFieldValue }) =>
                        getFieldValue(['fields', name, 'type']) === 'choice' ? (
                          <Form.Item name={[name, 'options']} label="可选项" rules={[{ required: true, type: 'array', min: 1, message: '请至少写一个选项' }]} extra="输入后按回车添加；以后可在“选项列表”中增改">
                            <Select mode="tags" open={false} tokenSeparators={['，', ',', '、']} placeholder="如：电话回访、上门回访" />
                          </Form.Item>
                        ) : null
                      }
                    </Form.Item>
                    <Form.Item name={[name, 'required']} valuePropName="checked">
                      <Checkbox>必填</Checkbox>
                    </Form.Item>
                  </Card>
                ))}
                <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ label: '', type: 'text' })} disabled={items.length >= 40}>
                  添加字段
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Drawer>

      <Modal open={!!measuring} title={`添加指标：${measuring?.label ?? ''}`} onCancel={() => setMeasuring(null)} onOk={() => indicatorForm.submit()} okText="添加" cancelText="取消" confirmLoading={saving} destroyOnHidden>
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form<IndicatorForm> form={indicatorForm} layout="vertical" onFinish={addIndicator} initialValues={{ measure: 'count', unit: '次' }}>
          <Form.Item name="label" label="指标名称" rules={[{ required: true, message: '请填写指标名称' }, { min: 2, message: '至少2个字' }]}>
            <Input maxLength={40} placeholder="如：开展调解回访" />
          </Form.Item>
          <Form.Item name="measure" label="计算方式">
            <Radio.Group
              options={[
                { value: 'count', label: '数记录条数' },
                { value: 'sum', label: '把一个数字字段加起来', disabled: numberFields.length === 0 },
              ]}
            />
          </Form.Item>
          {measure === 'sum' && (
            <Form.Item name="field" label="求和的字段" rules={[{ required: true, message: '请选择数字字段' }]}>
              <Select options={numberFields.map((f) => ({ value: f.name, label: f.label }))} />
            </Form.Item>
          )}
          <Form.Item name="unit" label="单位" rules={[{ required: true, message: '请选择单位' }]}>
            <Select options={UNITS.map((u) => ({ value: u, label: u }))} style={{ width: 120 }} />
          </Form.Item>
          {filterFields.length > 0 && (
            <Form.List name="where">
              {(items, { add, remove }) => (
                <>
                  <Typography.Text strong>只统计（可不设）</Typography.Text>
                  {items.map(({ key, name }) => {
                    const f = filterFields.find((x) => x.name === conditions?.[name]?.field);
                    const values = f?.type === 'boolean' ? [{ value: 'true', label: '是' }, { value: 'false', label: '否' }] : (f?.options ?? []).map((o) => ({ value: o.code, label: o.label }));
                    return (
                      <Space key={key} align="baseline" style={{ display: 'flex', marginTop: 8 }} wrap>
                        <Form.Item name={[name, 'field']} rules={[{ required: true, message: '请选择字段' }]}>
                          <Select style={{ width: 160 }} placeholder="字段" options={filterFields.map((x) => ({ value: x.name, label: x.label }))} aria-label="筛选字段" />
                        </Form.Item>
                        <span>为</span>
                        <Form.Item name={[name, 'equals']} rules={[{ required: true, message: '请选择' }]}>
                          <Select style={{ width: 160 }} placeholder="取值" options={values} aria-label="筛选取值" />
                        </Form.Item>
                        <Button type="text" danger icon={<MinusCircleOutlined />} onClick={() => remove(name)} aria-label="删除这个条件" />
                      </Space>
                    );
                  })}
                  <div>
                    <Button type="link" icon={<PlusOutlined />} onClick={() => add({})} disabled={items.length >= 5} style={{ paddingLeft: 0 }}>
                      添加条件
                    </Button>
                  </div>
                </>
              )}
            </Form.List>
          )}
        </Form>
      </Modal>
    </>
  );
}
