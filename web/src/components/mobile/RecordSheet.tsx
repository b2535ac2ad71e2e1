/** One reported record on the phone: what was recorded, its photos, and a way to add a photo later. */
import { Alert, Button, Descriptions, Spin, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { messageOf } from '../../lib/api';
import { optionLabel, useKinds } from '../../lib/kinds';
import { useApi } from '../../lib/useApi';
import { unitLabel } from '../ledger/model';
import { monthLabel } from './dates';
import { MobileFrame } from './MobileFrame';
import { PhotoPicker } from './PhotoPicker';
import { sizeLabel, uploadWithProgress } from './upload';
import { useUnits } from './useUnits';
import type { RecordWithAttachments } from '../../../../src/shared/ledger.js';


export function RecordSheet() {
  const { kind: kindCode = '', id = '' } = useParams();
  const navigate = useNavigate();
  const { byCode } = useKinds();
  const kind = byCode.get(kindCode);
  const { data, loading, error, reload } = useApi<RecordWithAttachments>(kind ? `/api/ledgers/${kindCode}/${id}` : null);
  const { units } = useUnits();
  const [photo, setPhoto] = useState<File | null>(null);
  const [progress, setProgress] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [uploadError, setUploadError] = useState<string>();
  const back = () => navigate('/m/mine');

  const upload = async () => {
    if (!photo || busy) return;
    setBusy(true);
    setUploadError(undefined);
    setProgress(0);
    try {
      await uploadWithProgress(`/api/ledgers/${kindCode}/${id}/attachments`, photo, setProgress);
      setPhoto(null);
      reload();
    } catch (e) {
      setUploadError(messageOf(e));
    } finally {
      setBusy(false);
      setProgress(undefined);
    }
  };

  if (!kind) {
    return (
      <MobileFrame title="记录" onBack={back}>
        <Alert type="warning" showIcon title="没有这类记录，或您无权查看" />
      </MobileFrame>
    );
  }
  if (loading && !data) {
    return (
      <MobileFrame title={kind.label} onBack={back}>
        <Spin size="large" description="正在加载…">
          <div style={{ height: 120 }} />
        </Spin>
      </MobileFrame>
    );
  }
  if (error || !data) {
    return (
      <MobileFrame title={kind.label} onBack={back}>
        <Alert type="error" showIcon title={messageOf(error)} action={<Button onClick={reload}>重试</Button>} />
      </MobileFrame>
    );
  }

  const show = (name: string): string | null => {
    const f = kind.fields.find((x) => x.name === name);
    const v = data[name];
    if (!f || v === null || v === undefined || v === '') return null;
    if (f.type === 'choice') return optionLabel(kind, name, v);
    if (f.type === 'boolean') return v === true ? '是' : '否';
    if (f.type === 'org') return units.find((u) => u.id === v)?.name ?? data.orgName ?? '已选';
    if (f.type === 'person' || f.type === 'record') return null;
    if (name === 'month' && typeof v === 'string') return monthLabel(v);
    if (Array.isArray(v)) return v.map(String).join('、');
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
  };
  const rows = [
    { label: kind.dateLabel, value: data.date },
    { label: '所属单位', value: unitLabel(data) },
    ...kind.fields.map((f) => ({ label: f.label, value: show(f.name) })),
    { label: '备注', value: data.notes ? String(data.notes) : null },
  ].filter((r): r is { label: string; value: string } => !!r.value);
  const files = data.attachments;

  return (
    <MobileFrame title={kind.label} onBack={back}>
      <h2 className="m-question">{data.title}</h2>
      <div className="m-card">
        <Descriptions column={1} size="small" items={rows.map((r, i) => ({ key: i, label: r.label, children: r.value }))} />
      </div>
      <h3 className="m-section-title">照片和附件（{files.length}）</h3>
      {files.length === 0 && <div className="m-card m-hint">还没有照片。</div>}
      {files.map((a) => (
        <div className="m-card" key={a.id}>
          {a.mime.startsWith('image/') ? (
            <img src={`/api/attachments/${a.id}`} alt={a.filename} loading="lazy" style={{ width: '100%', borderRadius: 8, display: 'block' }} />
          ) : (
            <a href={`/api/attachments/${a.id}`} className="m-link">
              {a.filename}
            </a>
          )}
          <div className="m-hint">
            {a.filename} <Tag>{sizeLabel(a.size)}</Tag>
          </div>
        </div>
      ))}
      {kind.permissions.update && (
        <>
          <h3 className="m-section-title">补充照片</h3>
          <PhotoPicker photo={photo} onChange={setPhoto} disabled={busy} progress={progress} />
          {uploadError && <Alert type="error" showIcon title={uploadError} style={{ marginTop: 12 }} role="alert" />}
          {photo && (
            <Button type="primary" size="large" block className="m-btn" style={{ marginTop: 12 }} loading={busy} aria-disabled={busy} onClick={() => void upload()}>
              {busy ? `正在上传 ${progress ?? 0}%` : uploadError ? '重试上传' : '上传这张照片'}
            </Button>
          )}
        </>
      )}
    </MobileFrame>
  );
}
