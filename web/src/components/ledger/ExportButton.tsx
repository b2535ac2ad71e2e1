/** 导出Excel: the server writes the workbook for the list's current filters; errors stay on the page. */
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { withQuery, type Query } from '../../lib/api';
import { downloadFile } from '../../lib/download';

export function ExportButton({ kind, query, disabled }: { kind: string; query: Query; disabled?: boolean }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const res = await downloadFile(withQuery(`/api/ledgers/${kind}/export.xlsx`, query), 'ledger.xlsx', '导出失败');
      if (res.headers.get('x-export-truncated') === '1') message.warning(`记录较多，只导出了前 ${res.headers.get('x-export-rows')} 条；请缩小筛选范围后分批导出`);
      else message.success(`已导出 ${res.headers.get('x-export-rows') ?? ''} 条记录`);
    } catch (error) {
      message.error(error instanceof Error ? error.message : '导出失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} disabled={disabled} onClick={() => void download()}>
      导出Excel
    </Button>
  );
}
