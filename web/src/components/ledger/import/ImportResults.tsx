/** Step 3: what the server found in the file — its problems, an earlier import of it, or a preview. */
import { Alert, Button, Flex, Popconfirm, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { ImportCheck, ImportProblem } from '../../../lib/types';
import { columnLabel } from './model';

const PROBLEM_COLUMNS: TableColumnsType<ImportProblem> = [
  { key: 'sheet', title: '工作表', dataIndex: 'sheet', width: 120, ellipsis: true },
  { key: 'row', title: '行', dataIndex: 'row', width: 64, align: 'right' },
  { key: 'column', title: '列', width: 180, render: (_: unknown, p) => columnLabel(p) },
  { key: 'message', title: '问题', dataIndex: 'message' },
];

interface ProblemsProps {
  summary: string;
  problems: ImportProblem[];
  rows: number | undefined;
  truncated: boolean;
  onChooseAgain: () => void;
}

export function ImportProblems({ summary, problems, rows, truncated, onChooseAgain }: ProblemsProps) {
  const notes = [rows === undefined ? '' : `共读取 ${rows} 行数据`, truncated ? `只列出前 ${problems.length} 处` : '', '请在文件中改正后重新选择文件上传'].filter(Boolean);
  return (
    <Flex vertical gap={12}>
      <Alert
        type="error"
        showIcon
        title={summary}
        description={`${notes.join('；')}。`}
        action={
          <Button size="small" onClick={onChooseAgain}>
            重新选择文件
          </Button>
        }
      />
      <Table<ImportProblem>
        aria-label="错误列表"
        size="small"
        rowKey={(p) => `${p.sheet}!${p.column}${p.row}:${p.message}`}
        columns={PROBLEM_COLUMNS}
        dataSource={problems}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false, showTotal: (total) => `共 ${total} 处` }}
      />
    </Flex>
  );
}

export function ImportDuplicate({ message, onChooseAgain }: { message: string; onChooseAgain: () => void }) {
  return (
    <Alert
      type="warning"
      showIcon
      title="这个文件已经导入过"
      description={message}
      action={
        <Button size="small" onClick={onChooseAgain}>
          重新选择文件
        </Button>
      }
    />
  );
}

interface PreviewProps {
  kindLabel: string;
  check: ImportCheck;
  failure?: string;
  onConfirm: () => void;
  onChooseAgain: () => void;
}

type PreviewRow = ImportCheck['preview']['rows'][number];

export function ImportPreview({ kindLabel, check, failure, onConfirm, onChooseAgain }: PreviewProps) {
  const { columns, rows } = check.preview;
  const tableColumns: TableColumnsType<PreviewRow> = [
    { key: 'row', title: '行', dataIndex: 'row', width: 56, fixed: 'left', align: 'right' },
    ...columns.map((header, i) => ({
      key: `c${i}`,
      title: header,
      width: Math.min(240, Math.max(96, header.length * 14 + 24)),
      ellipsis: true,
      render: (_: unknown, r: PreviewRow) => r.cells[i] ?? '',
    })),
  ];
  return (
    <Flex vertical gap={12}>
      <Alert
        type="success"
        showIcon
        title={`文件检查通过：共 ${check.rows} 条记录，可以导入`}
        description={
          <Flex wrap gap={4} align="center">
            <Typography.Text type="secondary">按单位：</Typography.Text>
            {check.byUnit.map((u) => (
              <Tag key={u.orgId} style={{ marginInlineEnd: 0 }}>
                {u.orgName} {u.rows} 条
              </Tag>
            ))}
          </Flex>
        }
      />
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {rows.length < check.rows ? `预览前 ${rows.length} 行（按文件中填写的内容）` : '预览（按文件中填写的内容）'}
      </Typography.Text>
      <Table<PreviewRow>
        aria-label="导入预览"
        size="small"
        rowKey="row"
        columns={tableColumns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content', y: 260 }}
      />
      {failure && (
        <Alert type="error" showIcon title="没有收到导入结果" description={`${failure}。可以再次确认导入：如果上次已经写入，系统会提示这个文件已导入，不会重复导入。`} />
      )}
      <Flex justify="end" gap={8}>
        <Button onClick={onChooseAgain}>重新选择文件</Button>
        <Popconfirm
          title={`确认导入 ${check.rows} 条记录？`}
          description={`将在「${kindLabel}」中新增 ${check.rows} 条记录，全部成功才写入。`}
          okText="导入"
          cancelText="取消"
          onConfirm={onConfirm}
        >
          <Button type="primary">确认导入 {check.rows} 条</Button>
        </Popconfirm>
      </Flex>
    </Flex>
  );
}
