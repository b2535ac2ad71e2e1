/**
 * The import tab: 1 template, 2 file, 3 result. A file is first checked (dryRun, nothing written);
 * only 「确认导入」 sends it again to be written. Closing the dialog aborts a check under way.
 */
import { CheckCircleFilled, FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Progress, Result, Spin, Typography, Upload } from 'antd';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../../lib/api';
import { useMe } from '../../../lib/session';
import type { ImportCheck, ImportDone, ImportProblem, Kind } from '../../../lib/types';
import { findOrgNode, orgTreeData, useOrgTree, type OrgTreeData } from '../hooks';
import { ImportDuplicate, ImportPreview, ImportProblems } from './ImportResults';
import { duplicateText, importUrl, isXlsx, limitsText, refusalOf, sizeText } from './model';
import { TemplateStep } from './TemplateStep';
import { postFile } from '../../../lib/upload';

type Stage =
  | { step: 'choose'; rejected?: { fileName: string; message: string } }
  | { step: 'sending'; file: File; purpose: 'check' | 'import'; percent: number; sentAt?: number }
  | { step: 'invalid'; file: File; summary: string; problems: ImportProblem[]; rows: number | undefined; truncated: boolean }
  | { step: 'duplicate'; file: File; message: string }
  | { step: 'valid'; file: File; check: ImportCheck; failure?: string }
  | { step: 'done'; file: File; done: ImportDone };

const countSelectable = (nodes: OrgTreeData[]): number => nodes.reduce((n, node) => n + (node.selectable === false ? 0 : 1) + countSelectable(node.children), 0);

function StepHeading({ n, title, done }: { n: number; title: string; done?: boolean }) {
  return (
    <Flex align="center" gap={8} style={{ marginBottom: 8 }}>
      {done ? (
        <CheckCircleFilled style={{ fontSize: 22, color: '#16a34a' }} />
      ) : (
        <span style={{ display: 'inline-flex', width: 22, height: 22, borderRadius: 11, background: '#1d4ed8', color: '#fff', fontSize: 13, alignItems: 'center', justifyContent: 'center' }}>{n}</span>
      )}
      <Typography.Text strong style={{ fontSize: 15 }}>
        {title}
      </Typography.Text>
    </Flex>
  );
}

/** Seconds since `since`, ticking: the server is working, and the user sees it is. */
function Waiting({ since, label }: { since: number; label: string }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <Flex align="center" gap={10} role="status">
      <Spin size="small" />
      <Typography.Text>
        {label} 已用 {Math.max(0, Math.floor((now - since) / 1000))} 秒
      </Typography.Text>
    </Flex>
  );
}

function FileLine({ file, extra }: { file: File; extra?: ReactNode }) {
  return (
    <Flex align="center" gap={8} wrap>
      <FileExcelOutlined style={{ color: '#16a34a', fontSize: 18 }} />
      <Typography.Text strong>{file.name}</Typography.Text>
      <Typography.Text type="secondary">{sizeText(file.size)}</Typography.Text>
      {extra}
    </Flex>
  );
}

interface Props {
  kind: Kind;
  /** Whether the dialog may close now (not while records are being written). */
  onBusyChange: (busy: boolean) => void;
  onImported: (done: ImportDone) => void;
  onClose: () => void;
}

export function ImportFlow({ kind, onBusyChange, onImported, onClose }: Props) {
  const me = useMe();
  const { message } = App.useApp();
  const { tree } = useOrgTree();
  const levels = useMemo(() => kind.orgLevels.map((l) => l.level), [kind]);
  const units = useMemo(() => orgTreeData(tree, levels), [tree, levels]);
  const choosable = countSelectable(units) > 1;
  const [org, setOrg] = useState<string>();
  const [stage, setStage] = useState<Stage>({ step: 'choose' });
  const controller = useRef<AbortController | null>(null);

  // The user's own unit, when records of this kind may be kept there; else the server's default.
  useEffect(() => {
    if (org) return;
    const own = findOrgNode(tree, me.org.id);
    if (own && levels.includes(own.level)) setOrg(own.id);
  }, [tree, me.org.id, levels, org]);

  // Closing the dialog (unmount) abandons a check under way: nothing is written by a check anyway.
  useEffect(() => () => controller.current?.abort(), []);

  const committing = stage.step === 'sending' && stage.purpose === 'import';
  useEffect(() => onBusyChange(committing), [committing, onBusyChange]);

  /** `check` is the answer a confirmation relies on: a network failure while writing returns to it. */
  const send = async (file: File, purpose: 'check' | 'import', unit: string | undefined, check?: ImportCheck) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setStage({ step: 'sending', file, purpose, percent: 0 });
    const progress = {
      signal: abort.signal,
      onProgress: (percent: number) => setStage((s) => (s.step === 'sending' && s.file === file && !s.sentAt ? { ...s, percent } : s)),
      onSent: () => setStage((s) => (s.step === 'sending' && s.file === file ? { ...s, percent: 100, sentAt: Date.now() } : s)),
    };
    try {
      if (purpose === 'check') {
        const check = await postFile<ImportCheck>(importUrl(kind.code, unit, true), file, progress);
        setStage(check.duplicate ? { step: 'duplicate', file, message: duplicateText(check.duplicate) } : { step: 'valid', file, check });
        return;
      }
      const done = await postFile<ImportDone>(importUrl(kind.code, unit, false), file, progress);
      setStage({ step: 'done', file, done });
      message.success(`已导入 ${done.created} 条`);
      onImported(done);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      const refusal = refusalOf(error);
      if (refusal.kind === 'invalid') setStage({ step: 'invalid', file, ...refusal });
      else if (refusal.kind === 'duplicate') setStage({ step: 'duplicate', file, message: refusal.message });
      else if (check && error instanceof ApiError && error.status === 0) setStage({ step: 'valid', file, check, failure: refusal.message });
      else setStage({ step: 'choose', rejected: { fileName: file.name, message: refusal.message } });
    } finally {
      if (controller.current === abort) controller.current = null;
    }
  };

  const choose = (file: File) => {
    if (!isXlsx(file.name)) {
      setStage({ step: 'choose', rejected: { fileName: file.name, message: '只能导入 .xlsx 格式的 Excel 文件；.xls 或 .csv 文件请先在 Excel 中“另存为” .xlsx 后再选择' } });
      return;
    }
    void send(file, 'check', org);
  };

  const chooseAgain = () => {
    controller.current?.abort();
    setStage({ step: 'choose' });
  };

  // The unit decides where blank 「所属单位」 rows go: a file already checked is checked again for the new one.
  const changeOrg = (next: string | undefined) => {
    setOrg(next);
    if (stage.step === 'valid' || stage.step === 'invalid' || stage.step === 'duplicate') void send(stage.file, 'check', next);
  };

  if (stage.step === 'done') {
    return (
      <Result
        status="success"
        title={`已导入 ${stage.done.created} 条`}
        subTitle={`「${stage.done.fileName}」中的记录已加入「${kind.label}」台账，列表已刷新。`}
        extra={[
          <Button key="close" type="primary" onClick={onClose}>
            完成
          </Button>,
          <Button key="again" onClick={chooseAgain}>
            继续导入其他文件
          </Button>,
        ]}
      />
    );
  }

  const checking = stage.step === 'sending';
  const hasFile = stage.step !== 'choose';
  return (
    <Flex vertical gap={20}>
      <section>
        <StepHeading n={1} title="下载模板" />
        <TemplateStep kind={kind.code} units={units} choosable={choosable} org={org} onOrgChange={changeOrg} disabled={checking} />
      </section>

      <section>
        <StepHeading n={2} title="选择文件" done={stage.step === 'valid'} />
        {stage.step === 'choose' ? (
          <Flex vertical gap={8}>
            <Upload.Dragger
              accept={{ format: '.xlsx', filter: 'native' }}
              multiple={false}
              maxCount={1}
              showUploadList={false}
              beforeUpload={(file) => {
                choose(file);
                return false;
              }}
            >
              <p className="ant-upload-drag-icon" style={{ marginBottom: 8 }}>
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">点击选择或将 Excel 文件拖到这里</p>
              <p className="ant-upload-hint">{limitsText(me.importLimits)}</p>
            </Upload.Dragger>
            {stage.rejected && (
              <Alert
                type="error"
                showIcon
                title={
                  <span>
                    「{stage.rejected.fileName}」不能导入：{stage.rejected.message}
                  </span>
                }
              />
            )}
          </Flex>
        ) : (
          hasFile && (
            <Flex vertical gap={8}>
              <FileLine
                file={stage.file}
                extra={
                  !committing && (
                    <Button type="link" size="small" onClick={chooseAgain}>
                      {checking ? '取消' : '换一个文件'}
                    </Button>
                  )
                }
              />
              {stage.step === 'sending' &&
                (stage.sentAt ? (
                  <Waiting since={stage.sentAt} label={stage.purpose === 'check' ? '正在校验……' : '正在导入……'} />
                ) : (
                  <Flex align="center" gap={10}>
                    <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                      {stage.purpose === 'check' ? '正在上传' : '正在上传并导入'}
                    </Typography.Text>
                    <Progress percent={stage.percent} size="small" status="active" aria-label="上传进度" />
                  </Flex>
                ))}
            </Flex>
          )
        )}
      </section>

      {(stage.step === 'invalid' || stage.step === 'duplicate' || stage.step === 'valid') && (
        <section>
          <StepHeading n={3} title="检查结果" />
          {stage.step === 'invalid' && <ImportProblems summary={stage.summary} problems={stage.problems} rows={stage.rows} truncated={stage.truncated} onChooseAgain={chooseAgain} />}
          {stage.step === 'duplicate' && <ImportDuplicate message={stage.message} onChooseAgain={chooseAgain} />}
          {stage.step === 'valid' && (
            <ImportPreview kindLabel={kind.label} check={stage.check} failure={stage.failure} onConfirm={() => void send(stage.file, 'import', org, stage.check)} onChooseAgain={chooseAgain} />
          )}
        </section>
      )}
    </Flex>
  );
}
