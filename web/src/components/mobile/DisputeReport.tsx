/**
 * 上报矛盾纠纷 on a phone, in three screens: what happened, where and who, a photo. Submitting puts
 * the record (and its photo) in the outbox with an id made here, then sends it: with signal it is
 * on the server at once, without it waits on the phone and goes when the connection returns. The
 * record is created first and the photo attached afterwards, and a retry with the same id never
 * makes a second record. A refused record (here or later, from the outbox) is fixed in this form.
 */
import { CheckCircleFilled, CloudUploadOutlined } from '@ant-design/icons';
import { Alert, Button, Result, Spin } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { messageOf } from '../../lib/api';
import { useKinds } from '../../lib/kinds';
import { useMe } from '../../lib/session';
import { newClientId, useOutbox } from '../../offline/OutboxContext';
import type { CreatedRecord, OutboxItem } from '../../offline/outbox';
import { checkRecord } from '../../offline/validate';
import { todayInBeijing } from './dates';
import { ChoiceGrid, Field, problemsOf, UnitSelect } from './fields';
import { MobileFrame } from './MobileFrame';
import { PhotoPicker } from './PhotoPicker';
import { QueuedResult } from './QueuedResult';
import { useDraft } from './useDraft';
import { useUnits } from './useUnits';

interface Draft {
  category: string;
  title: string;
  village: string;
  parties: string;
  partyPhone: string;
}

/** Which screen asks for which field: a refused value sends the worker back to it. */
const SCREEN_OF: Record<string, number> = { category: 1, title: 1, village: 2, orgId: 2, parties: 2, partyPhone: 2 };
const TITLE_MAX = 200;
/** Personal information stays in memory only (see useDraft). */
const TRANSIENT: Array<keyof Draft> = ['parties', 'partyPhone'];

export function DisputeReport() {
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const round = params.get('round') ?? undefined;
  /** The outbox item being fixed, when opened from the outbox. */
  const outboxId = params.get('outbox') ?? undefined;
  const outbox = useOutbox();
  const step = Math.min(3, Math.max(1, Number(params.get('step')) || 1));
  const { byCode, loading: kindsLoading } = useKinds();
  const kind = byCode.get('dispute');
  const { units, loading: unitsLoading, error: unitsError, reload: reloadUnits } = useUnits();

  const initial = useCallback((): Draft => ({ category: '', title: '', village: me.org.level === 'town' ? '' : me.org.id, parties: '', partyPhone: '' }), [me.org]);
  const [draft, patch, resetDraft] = useDraft<Draft>(`dispute.${me.id}`, initial, TRANSIENT);
  const [photo, setPhoto] = useState<File | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<number>();
  const [done, setDone] = useState<{ record: CreatedRecord; photo: boolean }>();
  const [queued, setQueued] = useState<string>();
  /** The outbox item this form holds (opened to fix, or refused when sent from here). */
  const [editing, setEditing] = useState<OutboxItem>();

  const goto = (n: number, replace = false, item = editing?.clientId ?? outboxId) =>
    void navigate({ search: `?step=${n}${round ? `&round=${round}` : ''}${item ? `&outbox=${item}` : ''}` }, { replace });

  // Opened from the outbox: its values, its photo and the server's message.
  const opened = outbox.items.find((i) => i.clientId === outboxId);
  useEffect(() => {
    if (!opened || editing?.clientId === opened.clientId) return;
    setEditing(opened);
    patch(opened.draft);
    setPhoto(opened.photo ? new File([opened.photo.bytes], opened.photo.name, { type: opened.photo.type }) : null);
    setProblems(opened.refused ? problemsOf(opened.refused.details) : {});
    setError(opened.refused?.message);
  }, [opened, editing, patch]);
  const back = () => {
    if (step === 1 || done) void navigate('/m');
    else if (location.key !== 'default') void navigate(-1);
    else goto(step - 1, true);
  };
  const set = (p: Partial<Draft>) => {
    patch(p);
    // The fields just changed lose their messages.
    setProblems((old) => Object.fromEntries(Object.entries(old).filter(([k]) => !(k in p))));
  };

  if (kindsLoading) {
    return (
      <MobileFrame title="上报矛盾纠纷" onBack={back}>
        <Spin size="large" description="正在加载…">
          <div style={{ height: 120 }} />
        </Spin>
      </MobileFrame>
    );
  }
  if (!kind?.permissions.create) {
    return (
      <MobileFrame title="上报矛盾纠纷" onBack={() => navigate('/m')}>
        <Result status="403" title="不能上报" subTitle="您的角色没有登记矛盾纠纷的权限，如需开通请联系镇法治办。" extra={<Button onClick={() => navigate('/m')}>返回</Button>} />
      </MobileFrame>
    );
  }

  const categories = (kind.fields.find((f) => f.name === 'category')?.options ?? []).filter((o) => o.active);
  const categoryLabel = categories.find((c) => c.code === draft.category)?.label ?? '';
  const villageName = units.find((u) => u.id === draft.village)?.name ?? '';
  const label = (name: string, fallback: string) => kind.fields.find((f) => f.name === name)?.label ?? fallback;

  const check = (screen: number, more: Record<string, string> = {}): boolean => {
    const found: Record<string, string> = {};
    if (screen >= 1) {
      if (!draft.category) found.category = '请选择纠纷类别';
      if (!draft.title.trim()) found.title = '请用一句话说明是什么纠纷';
      else if (draft.title.trim().length > TITLE_MAX) found.title = `不能超过${TITLE_MAX}个字`;
    }
    if (screen >= 2 && !draft.village) found.village = '请选择发生纠纷的村（社区）或网格';
    for (const [field, message] of Object.entries(more)) found[field] ??= message;
    setProblems(found);
    const first = Object.keys(found).map((f) => SCREEN_OF[f] ?? 3).sort()[0];
    if (first !== undefined && first !== step) goto(first);
    return Object.keys(found).length === 0;
  };

  const finish = (record: CreatedRecord, withPhoto: boolean) => {
    setDone({ record, photo: withPhoto });
    resetDraft();
    setPhoto(null);
    setEditing(undefined);
    setProgress(undefined);
    setError(undefined);
  };

  const submit = async () => {
    if (busy) return;
    const body = {
      orgId: draft.village,
      date: editing ? (editing.body.date as string) : todayInBeijing(),
      title: draft.title.trim(),
      source: round ? 'monthlyScreening' : 'gridReport',
      village: draft.village,
      category: draft.category,
      parties: draft.parties.trim() || undefined,
      partyPhone: draft.partyPhone.trim() || undefined,
      status: 'registered',
      screeningRound: round ?? (editing?.body.screeningRound as string | undefined),
    };
    // The kind's own rules, from the definitions the phone has (cached for offline use).
    if (!check(2, checkRecord(kind, body))) return;
    setBusy(true);
    setError(undefined);
    try {
      const clientId = editing?.clientId ?? newClientId();
      const item = await outbox.save({
        clientId,
        kind: 'dispute',
        form: 'dispute',
        draft: { ...draft },
        body,
        title: body.title,
        photo: photo ? { bytes: await photo.arrayBuffer(), name: photo.name, type: photo.type, attempted: false } : undefined,
      });
      setEditing(item);
      if (photo) setProgress(0);
      const sent = await outbox.send(clientId, setProgress);
      if (sent.outcome === 'sent') finish(sent.record, !!photo);
      else if (sent.outcome === 'queued') {
        setQueued(body.title);
        resetDraft();
        setPhoto(null);
        setEditing(undefined);
      } else {
        // Refused: it stays in the outbox, marked; fixed here and submitted again under the same id.
        const found = problemsOf(sent.error.details);
        setProblems(found);
        setError(sent.error.message);
        const first = Object.keys(found).map((f) => SCREEN_OF[f] ?? 3).sort()[0] ?? 3;
        if (first !== step) goto(first, false, clientId);
      }
    } catch (e) {
      setError(`没有保存下来：${messageOf(e)}`);
    } finally {
      setBusy(false);
      setProgress(undefined);
    }
  };

  if (queued) {
    return (
      <QueuedResult
        title={queued}
        what="矛盾纠纷"
        onMore={() => {
          setQueued(undefined);
          goto(1, true, '');
        }}
      />
    );
  }

  if (done) {
    return (
      <MobileFrame title="上报成功" onBack={() => navigate('/m')} backLabel="返回首页">
        <Result
          icon={<CheckCircleFilled style={{ color: '#16a34a' }} />}
          title="已上报"
          subTitle={
            <>
              「{done.record.title}」已登记为矛盾纠纷{done.photo ? '，现场照片已上传' : ''}。镇法治办会看到这条记录并安排调处。
              {outbox.pending > 0 ? `本机还有 ${outbox.pending} 条待上报。` : ''}
            </>
          }
        />
        <Button type="primary" size="large" block className="m-btn" onClick={() => { setDone(undefined); goto(1, true, ''); }}>
          继续上报
        </Button>
        <div className="m-actions" style={{ marginTop: 12 }}>
          <Button size="large" className="m-btn" onClick={() => navigate(`/m/records/dispute/${done.record.id}`)}>
            查看记录
          </Button>
          <Button size="large" className="m-btn" onClick={() => navigate('/m', { replace: true })}>
            返回
          </Button>
        </div>
      </MobileFrame>
    );
  }

  const dots = (
    <div className="m-progress-dots" aria-hidden>
      {[1, 2, 3].map((n) => (
        <span key={n} className={n <= step ? 'm-done' : undefined} />
      ))}
    </div>
  );
  /** Already on the server, only its photo is left: the record's values can no longer change here. */
  const locked = !!editing?.recordId;

  return (
    <MobileFrame title="上报矛盾纠纷" onBack={back} backLabel={step === 1 ? '返回首页' : '上一步'}>
      {dots}
      <p className="m-step">第 {step} 步，共 3 步</p>
      {error && step !== 3 && <Alert type="error" showIcon title={error} style={{ marginBottom: 14 }} role="alert" />}

      {step === 1 && (
        <section aria-label="纠纷情况">
          <h2 className="m-question">发生了什么纠纷？</h2>
          <ChoiceGrid label={label('category', '纠纷类别')} options={categories} value={draft.category} onChange={(category) => set({ category })} error={problems.category} />
          <Field id="m-title" label={kind.titleLabel} hint={`一句话说明谁和谁、因为什么，如：两户因宅基地边界起争执（${draft.title.length}/${TITLE_MAX}）`} error={problems.title}>
            <textarea
              id="m-title"
              className="m-input"
              rows={3}
              maxLength={TITLE_MAX}
              value={draft.title}
              onChange={(e) => set({ title: e.target.value })}
              aria-invalid={problems.title ? true : undefined}
              aria-describedby={problems.title ? 'm-title-error' : 'm-title-hint'}
            />
          </Field>
          <Button type="primary" size="large" block className="m-btn" onClick={() => check(1) && goto(2)}>
            下一步
          </Button>
        </section>
      )}

      {step === 2 && (
        <section aria-label="地点和当事人">
          <h2 className="m-question">在哪里？涉及谁？</h2>
          <Field id="m-village" label={label('village', '所在村（社区）')} error={problems.village ?? problems.orgId}>
            {unitsLoading ? (
              <Spin />
            ) : unitsError ? (
              <Alert type="error" title={messageOf(unitsError)} action={<Button onClick={reloadUnits}>重试</Button>} />
            ) : (
              <UnitSelect id="m-village" units={units} value={draft.village} onChange={(village) => set({ village })} error={problems.village ?? problems.orgId} />
            )}
          </Field>
          <Field id="m-parties" label={label('parties', '当事人')} optional hint="姓名，多人用顿号分隔；个人信息加密保存" error={problems.parties}>
            <input id="m-parties" className="m-input" value={draft.parties} maxLength={200} onChange={(e) => set({ parties: e.target.value })} autoComplete="off" disabled={locked} />
          </Field>
          <Field id="m-phone" label={label('partyPhone', '当事人电话')} optional error={problems.partyPhone}>
            <input id="m-phone" className="m-input" type="tel" inputMode="tel" value={draft.partyPhone} maxLength={40} onChange={(e) => set({ partyPhone: e.target.value })} autoComplete="off" disabled={locked} />
          </Field>
          <div className="m-actions">
            <Button size="large" className="m-btn" onClick={back}>
              上一步
            </Button>
            <Button type="primary" size="large" className="m-btn" onClick={() => check(2) && goto(3)}>
              下一步
            </Button>
          </div>
        </section>
      )}

      {step === 3 && (
        <section aria-label="照片和提交">
          <h2 className="m-question">拍张现场照片</h2>
          <p className="m-hint" style={{ marginTop: -4, marginBottom: 12 }}>
            没有照片也可以直接提交。
          </p>
          <PhotoPicker photo={photo} onChange={setPhoto} disabled={busy} progress={progress} />
          <h3 className="m-section-title">核对后提交</h3>
          <dl className="m-summary">
            <dt>类别</dt>
            <dd>{categoryLabel || '未选'}</dd>
            <dt>概要</dt>
            <dd>{draft.title || '未填'}</dd>
            <dt>地点</dt>
            <dd>{villageName || '未选'}</dd>
            <dt>当事人</dt>
            <dd>{draft.parties || '未填'}</dd>
            <dt>日期</dt>
            <dd>{todayInBeijing()}</dd>
          </dl>
          {error && <Alert type="error" showIcon title={error} style={{ marginTop: 14 }} role="alert" />}
          {!outbox.online && (
            <p className="m-hint" style={{ marginTop: 12 }}>
              <CloudUploadOutlined aria-hidden /> 当前没有网络：提交后先保存在本机，联网后自动上报。
            </p>
          )}
          <div style={{ marginTop: 20 }}>
            {/* Loading ignores taps, so a slow answer is never sent twice; it stays blue to read in the sun. */}
            <Button type="primary" size="large" block className="m-btn" loading={busy} aria-disabled={busy} onClick={() => void submit()}>
              {busy ? (progress !== undefined ? `正在上传照片 ${progress}%` : '正在提交…') : locked ? (photo ? '重新上传照片' : '完成上报') : error ? '改好后重新提交' : '提交上报'}
            </Button>
            {!locked && (
              <Button size="large" block className="m-btn" style={{ marginTop: 10 }} onClick={back} disabled={busy}>
                上一步
              </Button>
            )}
          </div>
        </section>
      )}
    </MobileFrame>
  );
}
