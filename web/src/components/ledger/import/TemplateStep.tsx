/** Step 1: the unit the import is for (when the user covers several) and its template. */
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Flex, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import type { OrgTreeData } from '../hooks';
import { downloadFile } from '../../../lib/download';
import { templateUrl } from './model';

async function downloadTemplate(kind: string, org: string | undefined): Promise<void> {
  await downloadFile(templateUrl(kind, org), `${kind}-导入模板.xlsx`, '模板下载失败');
}

interface Props {
  kind: string;
  /** Selectable units; the picker shows only when there is a choice. */
  units: OrgTreeData[];
  choosable: boolean;
  org: string | undefined;
  onOrgChange: (org: string | undefined) => void;
  disabled: boolean;
}

export function TemplateStep({ kind, units, choosable, org, onOrgChange, disabled }: Props) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      await downloadTemplate(kind, org);
    } catch (error) {
      message.error(error instanceof Error ? error.message : '模板下载失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex vertical gap={6}>
      <Flex wrap gap={8} align="center">
        {choosable && (
          <>
            <Typography.Text>单位</Typography.Text>
            <TreeSelect
              aria-label="导入单位"
              style={{ width: 220 }}
              treeData={units}
              value={org}
              disabled={disabled}
              onChange={(value?: string) => onOrgChange(value)}
              treeDefaultExpandedKeys={units.map((n) => n.value)}
              showSearch={{ treeNodeFilterProp: 'title' }}
              popupMatchSelectWidth={false}
            />
          </>
        )}
        <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void download()}>
          下载模板
        </Button>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        模板的下拉选项{choosable ? '按所选单位生成；「所属单位」留空的行记入所选单位' : '按本单位生成'}。第 2 行是示例，导入时跳过；填写要求见「填写说明」工作表。
      </Typography.Text>
    </Flex>
  );
}
