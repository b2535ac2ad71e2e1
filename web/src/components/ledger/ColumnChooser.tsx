/** Which columns the list shows: a checkbox menu, remembered per kind in this browser. */
import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Dropdown, Flex, Typography } from 'antd';
import { useCallback, useState } from 'react';

export interface ColumnChoice {
  key: string;
  label: string;
}

const storageKey = (kind: string) => `fazhi.columns.${kind}`;

/** The chosen column keys: the remembered choice, or the defaults. */
export function useColumnChoice(kind: string, defaults: string[]): [string[], (keys: string[]) => void, () => void] {
  const read = () => {
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey(kind)) ?? 'null') as unknown;
      return Array.isArray(saved) && saved.every((k) => typeof k === 'string') ? saved : defaults;
    } catch {
      return defaults;
    }
  };
  const [state, setState] = useState<{ kind: string; keys: string[] }>(() => ({ kind, keys: read() }));
  const keys = state.kind === kind ? state.keys : read();
  if (state.kind !== kind) setState({ kind, keys });
  const choose = useCallback(
    (next: string[]) => {
      setState({ kind, keys: next });
      try {
        localStorage.setItem(storageKey(kind), JSON.stringify(next));
      } catch {
        // Private browsing: the choice lasts for this visit only.
      }
    },
    [kind],
  );
  const reset = useCallback(() => {
    setState({ kind, keys: defaults });
    try {
      localStorage.removeItem(storageKey(kind));
    } catch {
      // nothing remembered
    }
  }, [kind, defaults]);
  return [keys, choose, reset];
}

export function ColumnChooser({ choices, chosen, onChange, onReset }: { choices: ColumnChoice[]; chosen: string[]; onChange: (keys: string[]) => void; onReset: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <Dropdown
      open={open}
      onOpenChange={setOpen}
      trigger={['click']}
      popupRender={() => (
        <div style={{ background: '#fff', padding: 12, borderRadius: 8, boxShadow: '0 6px 16px rgba(0,0,0,.12)', maxHeight: 420, overflow: 'auto', minWidth: 200 }}>
          <Typography.Text type="secondary">显示的列</Typography.Text>
          <Checkbox.Group value={chosen} onChange={(keys) => onChange(choices.map((c) => c.key).filter((k) => keys.includes(k)))} style={{ display: 'block', marginTop: 8 }}>
            <Flex vertical gap={6}>
              {choices.map((c) => (
                <Checkbox key={c.key} value={c.key}>
                  {c.label}
                </Checkbox>
              ))}
            </Flex>
          </Checkbox.Group>
          <Button type="link" size="small" style={{ padding: 0, marginTop: 8 }} onClick={onReset}>
            恢复默认
          </Button>
        </div>
      )}
    >
      <Button icon={<SettingOutlined />}>列设置</Button>
    </Dropdown>
  );
}
