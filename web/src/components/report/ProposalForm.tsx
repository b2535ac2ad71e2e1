/**
 * A proposed town indicator, edited in place before it is defined: name, ledger, how it counts
 * (a sum's field, a ratio's parts), the words a record's title must contain, the unit and the
 * report's words for it. The full editor (Settings → 自定义指标) opens with the same values for
 * anything more (other filters, dates, periods).
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Form, Input, Radio, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, messageOf } from '../../lib/api';
import { useKinds } from '../../lib/kinds';
import { isNumericType } from '../../lib/types';
import { showFieldErrors } from '../settings/shared';
import type { FormValues, OwnRow } from '../settings/IndicatorsTab';
import type { IndicatorProposal } from './types';

export interface ProposalValues {
  label: string;
  measure: 'count' | 'sum' | 'ratio';
  kind?: string;
  field?: string;
  titleWords?: string[];
  numerator?: string;
  denominator?: string;
  unit?: string;
  aliases?: string[];
}


export const proposalValues = (p: IndicatorProposal): ProposalValues => ({
  label: p.label,
  measure: p.measure,
  ...(p.kind ? { kind: p.kind } : {}),
  ...(p.field ? { field: p.field } : {}),
  titleWords: p.filters.flatMap((f) => (f.op === 'contains' && f.field === 'title' ? f.words : [])),
  ...(p.numerator ? { numerator: p.numerator, denominator: p.denominator } : {}),
  ...(p.unit !== '%' ? { unit: p.unit } : {}),
  aliases: p.aliases,
});

/** The body of POST /api/indicator-definitions (and the full editor's starting values) for the form's values. */
export function definitionOf(v: ProposalValues, precision?: 0 | 1 | 2): Partial<FormValues> {
  const common = { label: v.label.trim(), measure: v.measure, ...(v.aliases?.length ? { aliases: v.aliases } : {}) };
  if (v.measure === 'ratio') return { ...common, numerator: v.numerator, denominator: v.denominator, percent: true, ...(precision !== undefined ? { precision } : {}) };
  return {
    ...common,
    kind: v.kind,
    unit: v.unit,
    ...(v.measure === 'sum' ? { field: v.field } : {}),
    filters: v.titleWords?.length ? [{ field: 'title', op: 'contains', words: v.titleWords }] : [],
  };
}

export function ProposalForm({
  orgId,
  proposal,
  units,
  indicators,
  onDefined,
  onMore,
  onCancel,
  onUnitAdded,
}: {
  orgId: string;
  proposal: IndicatorProposal;
  /** The town's unit words. */
  units: string[];
  indicators: Array<{ code: string; label: string; unit: string }>;
  onDefined: (row: OwnRow) => void;
  onMore: (values: Partial<FormValues>) => void;
  onCancel: () => void;
  onUnitAdded: () => void;
}) {
  const { message } = App.useApp();
  const { kinds } = useKinds();
  const [form] = Form.useForm<ProposalValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const measure = (Form.useWatch('measure', form) as ProposalValues['measure'] | undefined) ?? proposal.measure;
  const kindCode = Form.useWatch<string | undefined>('kind', form);
  const unit = Form.useWatch<string | undefined>('unit', form);
  const kind = kinds.find((k) => k.code === kindCode);
  const sumFields = (kind?.fields ?? []).filter((f) => isNumericType(f.type) && !f.sensitive);
  const indicatorOptions = indicators.filter((i) => i.unit !== '%').map((i) => ({ value: i.code, label: `${i.label}（${i.code}）` }));

  const addWrittenUnit = async () => {
    const word = proposal.writtenUnit;
    if (!word) return;
    try {
      await api.post('/api/lists/indicator.unit/items', { label: word });
      message.success(`已把“${word}”加入单位词表`);
      onUnitAdded();
      form.setFieldValue('unit', word);
    } catch (e) {
      message.error(messageOf(e));
    }
  };

  const define = async (values: ProposalValues) => {
    setSaving(true);
    setError(undefined);
    try {
      const row = await api.post<OwnRow>('/api/indicator-definitions', { orgId, ...definitionOf(values, proposal.precision) });
      message.success(`已新建本镇指标“${row.definition.label}”，并把这个数字对应到它`);
      onDefined(row);
    } catch (e) {
      if (showFieldErrors(form, e)) setError('有几处需要修改，见标红的字段');
      else setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<ProposalValues> form={form} layout="vertical" size="small" initialValues={proposalValues(proposal)} onFinish={define} requiredMark="optional" className="proposal-form">
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} /> : null}
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="label" label="指标名称" rules={[{ required: true, min: 2, max: 40, message: '「指标名称」应为2至40个字' }]}>
            <Input maxLength={40} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="measure" label="计算方式">
            <Radio.Group
              optionType="button"
              options={[
                { value: 'count', label: '计数' },
                { value: 'sum', label: '求和' },
                { value: 'ratio', label: '比率' },
              ]}
            />
          </Form.Item>
        </Col>
      </Row>
      {measure === 'ratio' ? (
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="numerator" label="分子" rules={[{ required: true, message: '请选择「分子」指标' }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={indicatorOptions} placeholder="如：化解矛盾纠纷" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="denominator" label="分母" rules={[{ required: true, message: '请选择「分母」指标' }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={indicatorOptions} placeholder="如：受理矛盾纠纷" />
            </Form.Item>
          </Col>
        </Row>
      ) : (
        <>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="kind" label="台账" rules={[{ required: true, message: '请选择「台账」' }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  onChange={() => form.setFieldValue('field', undefined)}
                  options={kinds.filter((k) => k.permissions.read).map((k) => ({ value: k.code, label: k.label }))}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              {measure === 'sum' ? (
                <Form.Item name="field" label="求和字段" rules={[{ required: true, message: '请选择「求和字段」' }]} extra={sumFields.length ? undefined : '该台账没有数字字段，请改为计数'}>
                  <Select options={sumFields.map((f) => ({ value: f.name, label: f.label }))} />
                </Form.Item>
              ) : (
                <Form.Item name="titleWords" label={`${kind?.titleLabel || '标题'}包含`} extra="不填则计入该台账的全部记录">
                  <Select mode="tags" open={false} placeholder="回车分隔多个词，含任一即计入" />
                </Form.Item>
              )}
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item
                name="unit"
                label="单位"
                rules={[{ required: true, message: '请选择「单位」' }]}
                extra={
                  proposal.writtenUnit && unit !== proposal.writtenUnit ? (
                    <Space size={4} wrap>
                      <span>报告写作“{proposal.writtenUnit}”，单位词表中没有</span>
                      <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => void addWrittenUnit()} style={{ padding: 0 }}>
                        加入词表并使用
                      </Button>
                    </Space>
                  ) : undefined
                }
              >
                <Select showSearch options={units.map((u) => ({ value: u, label: u }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="aliases" label="别称" extra="报告里对这个数的说法">
                <Select mode="tags" open={false} />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}
      <Space>
        <Button type="primary" htmlType="submit" loading={saving}>
          新建此指标并对应
        </Button>
        <Button onClick={() => onMore(definitionOf(form.getFieldsValue(true) as ProposalValues, proposal.precision))}>更多设置…</Button>
        <Button type="text" onClick={onCancel}>
          收起
        </Button>
      </Space>
      {measure === 'ratio' ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
          百分比由两个指标相除得出，分母为0时报告写“—”。
        </Typography.Paragraph>
      ) : null}
    </Form>
  );
}
