/** Choose an indicator and how the report writes it; gives the placeholder to insert ({{code|format}}, {{code|percent:2}}). */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Modal, Radio, Select, Typography } from 'antd';
import { IndicatorEditorDrawer } from '../settings/IndicatorsTab';
import { useEffect, useMemo, useState } from 'react';
import { FORMAT_LABELS, type FigureFormat, type IndicatorValue } from './types';

const FORMATS = Object.keys(FORMAT_LABELS) as FigureFormat[];

export function IndicatorPicker({
  open,
  indicators,
  onInsert,
  onCancel,
  onDefined,
}: {
  open: boolean;
  indicators: IndicatorValue[];
  onInsert: (placeholder: string) => void;
  onCancel: () => void;
  /** A new indicator was defined from here: the caller reloads the list (the new code is chosen once it arrives). */
  onDefined?: (code: string) => void;
}) {
  const [code, setCode] = useState<string>();
  const [defining, setDefining] = useState(false);
  const [format, setFormat] = useState<FigureFormat>('exact');
  /** A percentage's decimals: '' keeps the indicator's own. */
  const [decimals, setDecimals] = useState<'' | '0' | '1' | '2'>('');
  /** |zero: a zero that is news ("信访重点人员0人"), written where its sentence stays. */
  const [keepZero, setKeepZero] = useState(false);
  useEffect(() => {
    if (open) {
      setCode(undefined);
      setFormat('exact');
      setDecimals('');
      setKeepZero(false);
    }
  }, [open]);
  const chosen = indicators.find((i) => i.code === code);
  const options = useMemo(
    () =>
      indicators.map((i) => ({
        value: i.code,
        label: `${i.label}（${i.value}${i.unit === '%' ? '%' : i.unit}）`,
        search: `${i.label} ${i.code}`,
      })),
    [indicators],
  );
  const placeholder = code ? `{{${code}|${format}${format === 'percent' && decimals ? `:${decimals}` : ''}${keepZero ? '|zero' : ''}}}` : '';

  return (
    <Modal
      open={open}
      title="插入指标"
      okText="插入"
      cancelText="取消"
      okButtonProps={{ disabled: !code }}
      onOk={() => placeholder && onInsert(placeholder)}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item
          label="指标"
          htmlFor="indicator-picker"
          extra={
            <>
              括号中是本年度台账的当前数值。可输入名称或编码搜索。
              {onDefined ? (
                <>
                  没有合适的？
                  <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => setDefining(true)} style={{ padding: 0 }}>
                    定义本镇指标
                  </Button>
                </>
              ) : null}
            </>
          }
        >
          <Select
            id="indicator-picker"
            showSearch={{ optionFilterProp: 'search' }}
            placeholder="选择要插入的指标"
            value={code}
            onChange={(v: string) => {
              setCode(v);
              const unit = indicators.find((i) => i.code === v)?.unit;
              setFormat(unit === '%' ? 'percent' : 'exact');
            }}
            options={options}
            style={{ width: '100%' }}
            autoFocus
          />
        </Form.Item>
        <Form.Item label="写法">
          <Radio.Group value={format} onChange={(e) => setFormat(e.target.value as FigureFormat)} aria-label="写法">
            {FORMATS.map((f) => (
              <Radio key={f} value={f} style={{ display: 'flex', marginBottom: 4 }}>
                {FORMAT_LABELS[f]}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        {format === 'percent' ? (
          <Form.Item label="小数位数" extra="“默认”按指标自身的设置；分母为0时写作“—”，所在句子没有其他数字时整句不写。">
            <Radio.Group value={decimals} onChange={(e) => setDecimals(e.target.value as typeof decimals)} aria-label="小数位数">
              <Radio value="">默认</Radio>
              <Radio value="0">整数（97%）</Radio>
              <Radio value="1">1位（97.3%）</Radio>
              <Radio value="2">2位（98.26%）</Radio>
            </Radio.Group>
          </Form.Item>
        ) : null}
        <Form.Item label="为0时" extra="默认：数字为0或没有记录时，它所在的分句（或列举项、括号内容）不写入报告。">
          <Radio.Group value={keepZero} onChange={(e) => setKeepZero(e.target.value as boolean)} aria-label="为0时">
            <Radio value={false}>不写</Radio>
            <Radio value={true}>照写（如“信访重点人员0人”，0本身就是要报告的情况）</Radio>
          </Radio.Group>
        </Form.Item>
        {chosen ? (
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            将插入 <Typography.Text code>{placeholder}</Typography.Text>
          </Typography.Paragraph>
        ) : null}
      </Form>
      {onDefined ? (
        <IndicatorEditorDrawer
          open={defining}
          onClose={() => setDefining(false)}
          onSaved={(row) => {
            onDefined(row.code);
            setCode(row.code);
            setFormat(row.definition.measure === 'ratio' || row.definition.as === 'percent' ? 'percent' : 'exact');
          }}
        />
      ) : null}
    </Modal>
  );
}
