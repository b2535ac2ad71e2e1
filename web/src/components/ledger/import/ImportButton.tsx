/** 导入Excel: the button beside 导出Excel and its dialog — driven by the kind, nothing per kind. */
import { UploadOutlined } from '@ant-design/icons';
import { Button, Modal, Tabs } from 'antd';
import { useCallback, useState } from 'react';
import type { ImportDone, Kind } from '../../../lib/types';
import { ImportFlow } from './ImportFlow';
import { ImportHistory } from './ImportHistory';

export function ImportButton({ kind, onImported }: { kind: Kind; onImported: (done: ImportDone) => void }) {
  const [open, setOpen] = useState(false);
  // While records are being written the dialog stays: closing would not stop the server.
  const [busy, setBusy] = useState(false);
  const [imports, setImports] = useState(0);
  const close = useCallback(() => setOpen(false), []);
  const imported = useCallback(
    (done: ImportDone) => {
      setImports((n) => n + 1);
      onImported(done);
    },
    [onImported],
  );
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)}>
        导入Excel
      </Button>
      <Modal
        open={open}
        title={`导入Excel：${kind.label}`}
        width={980}
        // Anchored at the top: the dialog grows downward as results arrive instead of jumping about.
        style={{ top: 32 }}
        destroyOnHidden
        closable={!busy}
        keyboard={!busy}
        mask={{ closable: false }}
        onCancel={() => !busy && close()}
        footer={null}
        styles={{ body: { minHeight: 360 } }}
      >
        <Tabs
          items={[
            { key: 'import', label: '导入', children: <ImportFlow kind={kind} onBusyChange={setBusy} onImported={imported} onClose={close} /> },
            { key: 'history', label: '导入记录', children: <ImportHistory key={imports} kind={kind.code} /> },
          ]}
        />
      </Modal>
    </>
  );
}
