/** Choose an indicator and how the report writes it; gives the placeholder to insert ({{code|format}}). */
import { Form, Modal, Radio, Select, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { FORMAT_LABELS, type FigureFormat, type IndicatorValue } from './types';

const FORMATS = Object.keys(FORMAT_LABELS) as FigureFormat[];

export function IndicatorPicker({ open, indicators, onInsert, onCancel }: { open: boolean; indicators: IndicatorValue[]; onInsert: (placeholder: string) => void; onCancel: () => void }) {
  const [code, setCode] = useState<string>();
  const [format, setFormat] = useState<FigureFormat>('exact');
  useEffect(() => {
    if (open) {
      setCode(undefined);
      setFormat('exact');
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
  const placeholder = code ? `{{${code}|${format}}}` : '';

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
        <Form.Item label="指标" htmlFor="indicator-picker" extra="括号中是本年度台账的当前数值。可输入名称或编码搜索。">
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
        {chosen ? (
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            将插入 <Typography.Text code>{placeholder}</Typography.Text>
          </Typography.Paragraph>
        ) : null}
      </Form>
    </Modal>
  );
}
