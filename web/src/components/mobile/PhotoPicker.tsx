/** One photo from the phone's camera (or its gallery), shrunk for the upload and shown before it is sent. */
import { CameraOutlined } from '@ant-design/icons';
import { Progress } from 'antd';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { shrinkPhoto, sizeLabel } from './upload';

export function PhotoPicker({ photo, onChange, disabled, progress }: { photo: File | null; onChange: (file: File | null) => void; disabled?: boolean; progress?: number }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [preparing, setPreparing] = useState(false);
  const preview = useMemo(() => (photo ? URL.createObjectURL(photo) : null), [photo]);
  useEffect(() => () => (preview ? URL.revokeObjectURL(preview) : undefined), [preview]);

  const pick = async (file: File | undefined) => {
    if (!file) return;
    setPreparing(true);
    try {
      onChange(await shrinkPhoto(file));
    } finally {
      setPreparing(false);
      // The same picture may be chosen again after removing it.
      if (input.current) input.current.value = '';
    }
  };

  const chooser = (
    <input ref={input} id={id} type="file" accept="image/*" capture="environment" disabled={disabled || preparing} onChange={(e) => void pick(e.target.files?.[0])} />
  );

  if (!photo) {
    return (
      <label className="m-photo" htmlFor={id} style={{ position: 'relative' }}>
        {chooser}
        <CameraOutlined aria-hidden />
        <span>{preparing ? '正在处理照片…' : '拍照或选择照片'}</span>
        <span className="m-hint">照片会压缩后上传，节省流量</span>
      </label>
    );
  }

  return (
    <div>
      <div className="m-preview">{preview && <img src={preview} alt="待上传的现场照片" />}</div>
      <div className="m-hint" style={{ margin: '6px 0' }}>
        {photo.name}，{sizeLabel(photo.size)}
      </div>
      {progress !== undefined && <Progress percent={progress} status={progress >= 100 ? 'success' : 'active'} aria-label="照片上传进度" />}
      {!disabled && (
        <div className="m-actions" style={{ marginTop: 8 }}>
          <label htmlFor={id} className="m-outline">
            {chooser}
            重拍
          </label>
          <button type="button" className="m-outline m-danger" onClick={() => onChange(null)}>
            不要这张
          </button>
        </div>
      )}
    </div>
  );
}
