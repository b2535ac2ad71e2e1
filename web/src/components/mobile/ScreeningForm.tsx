/**
 * 登记月度排查 on one screen: which month, which village, who led it, how many disputes were
 * found. The record belongs to the village screened (as the ledger wants); a second round for
 * the same village and month is allowed but pointed out. Like the dispute report it goes through
 * the outbox: sent at once with signal, kept on the phone without.
 */
import { CheckCircleFilled } from '@ant-design/icons';
import { Alert, Button, Result, Spin } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { messageOf } from '../../lib/api';
import { useKinds } from '../../lib/kinds';
import { useMe } from '../../lib/session';
import type { LedgerRecord, Page } from '../../lib/types';
import { useApi } from '../../lib/useApi';
import { newClientId, useOutbox } from '../../offline/OutboxContext';
import { OUTBOX_REF, type CreatedRecord, type OutboxItem } from '../../offline/outbox';
import { checkRecord } from '../../offline/validate';
import { lastDayOf, monthInBeijing, monthLabel, todayInBeijing } from './dates';
import { Field, problemsOf, Stepper, UnitSelect } from './fields';
import { MobileFrame } from './MobileFrame';
import { QueuedResult } from './QueuedResult';
import { useDraft } from './useDraft';
import { useUnits } from './useUnits';
import type { Person as FullPerson } from '../../../../src/shared/org.js';

interface Draft {
  month: string;
  village: string;
  leadBy: string;
  participants: string;
  disputesFound: number;
  notes: string;
}

/** A person of the directory (GET /api/people), the fields the form reads. */
type Person = Pick<FullPerson, 'id' | 'name' | 'position'>;

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** People offered as the round's lead (MobilePage keeps the worker's own unit's list for offline use). */
export const PEOPLE_PAGE = 100;

/** This month and the eleven before it (a round is registered soon after it is done), plus a kept draft's month. */
function recentMonths(current: string, kept: string): string[] {
  const [y, m] = current.split('-').map(Number);
  const months = Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(y ?? 2000, (m ?? 1) - 1 - i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
  return MONTH_RE.test(kept) && !months.includes(kept) ? [...months, kept] : months;
}

export function ScreeningForm() {
  const me = useMe();
  const navigate = useNavigate();
  const { byCode, loading: kindsLoading } = useKinds();
  const kind = byCode.get('screeningRound');
  const { units, loading: unitsLoading, error: unitsError, reload: reloadUnits } = useUnits();
  const initial = useCallback((): Draft => ({ month: monthInBeijing(), village: me.org.level === 'town' ? '' : me.org.id, leadBy: '', participants: '', disputesFound: 0, notes: '' }), [me.org]);
  const [draft, patch, resetDraft] = useDraft<Draft>(`screening.${me.id}`, initial);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<CreatedRecord>();
  /** Saved on the phone: its title, and the id later disputes found in it refer to. */
  const [queued, setQueued] = useState<{ title: string; clientId: string; found: number }>();
  const [params, setParams] = useSearchParams();
  const outbox = useOutbox();
  /** The outbox item being fixed, when opened from the outbox. */
  const [editing, setEditing] = useState<OutboxItem>();
  const opened = outbox.items.find((i) => i.clientId === params.get('outbox'));
  useEffect(() => {
    if (!opened || editing?.clientId === opened.clientId) return;
    setEditing(opened);
    patch(opened.draft);
    setProblems(opened.refused ? problemsOf(opened.refused.details) : {});
    setError(opened.refused?.message);
  }, [opened, editing, patch]);

  const people = useApi<Page<Person>>(draft.village ? '/api/people' : null, { org: draft.village, pageSize: PEOPLE_PAGE });
  const earlier = useApi<Page<LedgerRecord>>(draft.village && kind ? '/api/ledgers/screeningRound' : null, { org: draft.village, sort: '-month', pageSize: 12 });
  const sameMonth = (earlier.data?.items ?? []).filter((r) => r.month === draft.month && r.orgId === draft.village).length;

  const set = (p: Partial<Draft>) => {
    patch(p);
    // The fields just changed lose their messages.
    setProblems((old) => Object.fromEntries(Object.entries(old).filter(([k]) => !(k in p))));
  };

  if (kindsLoading) {
    return (
      <MobileFrame title="登记月度排查" onBack={() => navigate('/m')}>
        <Spin size="large" description="正在加载…">
          <div style={{ height: 120 }} />
        </Spin>
      </MobileFrame>
    );
  }
  if (!kind?.permissions.create) {
    return (
      <MobileFrame title="登记月度排查" onBack={() => navigate('/m')}>
        <Result status="403" title="不能登记" subTitle="您的角色没有登记矛盾排查的权限，如需开通请联系镇法治办。" extra={<Button onClick={() => navigate('/m')}>返回</Button>} />
      </MobileFrame>
    );
  }

  const villageName = units.find((u) => u.id === draft.village)?.name ?? '';
  const label = (name: string, fallback: string) => kind.fields.find((f) => f.name === name)?.label ?? fallback;
  const thisMonth = monthInBeijing();

  const submit = async () => {
    if (busy) return;
    const found: Record<string, string> = {};
    if (!MONTH_RE.test(draft.month)) found.month = '请选择排查月份';
    else if (draft.month > thisMonth) found.month = '不能登记以后月份的排查';
    if (!draft.village) found.village = '请选择排查的村（社区）';
    if (!Number.isInteger(draft.disputesFound) || draft.disputesFound < 0) found.disputesFound = '请填写发现的纠纷数，没有发现填 0';
    setProblems(found);
    if (Object.keys(found).length) return;
    const today = todayInBeijing();
    const title = `${villageName}${monthLabel(draft.month)}矛盾纠纷排查`;
    const body = {
      orgId: draft.village,
      // A round registered after its month is dated on the month's last day, so it counts for that month.
      date: draft.month === thisMonth ? today : lastDayOf(draft.month),
      title,
      month: draft.month,
      leadBy: draft.leadBy || undefined,
      participants: draft.participants.trim() || undefined,
      disputesFound: draft.disputesFound,
      reportedOn: today,
      notes: draft.notes.trim() || undefined,
    };
    // The kind's own rules, from the definitions the phone has (cached for offline use).
    const invalid = checkRecord(kind, body);
    if (Object.keys(invalid).length) {
      setProblems(invalid);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const clientId = editing?.clientId ?? newClientId();
      const item = await outbox.save({ clientId, kind: 'screeningRound', form: 'screening', draft: { ...draft }, body, title });
      setEditing(item);
      const sent = await outbox.send(clientId);
      if (sent.outcome === 'refused') {
        // Stays in the outbox, marked; fixed here and submitted again under the same id.
        setProblems(problemsOf(sent.error.details));
        setError(sent.error.message);
        if (!params.get('outbox')) setParams({ outbox: clientId }, { replace: true });
        return;
      }
      if (sent.outcome === 'sent') setDone(sent.record);
      else setQueued({ title, clientId, found: draft.disputesFound });
      setEditing(undefined);
      resetDraft();
    } catch (e) {
      setError(`没有保存下来：${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  };

  if (queued) {
    return (
      <QueuedResult
        title={queued.title}
        what="月度排查"
        onMore={() => {
          setQueued(undefined);
          setParams({}, { replace: true });
        }}
        extra={
          queued.found > 0 && (
            // The disputes found refer to this round before it has a server id: the outbox fills it in when the round is sent.
            <Button size="large" block className="m-btn" style={{ marginBottom: 12 }} onClick={() => navigate(`/m/dispute?step=1&round=${encodeURIComponent(`${OUTBOX_REF}${queued.clientId}`)}`)}>
              逐件上报发现的纠纷
            </Button>
          )
        }
      />
    );
  }

  if (done) {
    const found = Number(done.disputesFound ?? 0);
    return (
      <MobileFrame title="登记成功" onBack={() => navigate('/m')} backLabel="返回首页">
        <Result icon={<CheckCircleFilled style={{ color: '#16a34a' }} />} title="排查已登记" subTitle={`「${done.title}」，发现纠纷 ${found} 件。`} />
        {found > 0 && (
          <Button type="primary" size="large" block className="m-btn" onClick={() => navigate(`/m/dispute?step=1&round=${done.id}`)}>
            逐件上报发现的纠纷
          </Button>
        )}
        <div className="m-actions" style={{ marginTop: 12 }}>
          <Button size="large" className="m-btn" onClick={() => { setDone(undefined); setParams({}, { replace: true }); }}>
            再登记一次
          </Button>
          <Button size="large" className="m-btn" onClick={() => navigate('/m', { replace: true })}>
            返回
          </Button>
        </div>
      </MobileFrame>
    );
  }

  return (
    <MobileFrame title="登记月度排查" onBack={() => navigate('/m')} backLabel="返回首页">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 14 }} role="alert" />}
      <Field id="s-month" label={label('month', '排查月份')} error={problems.month}>
        <select id="s-month" className="m-select" value={draft.month} onChange={(e) => set({ month: e.target.value })} aria-invalid={problems.month ? true : undefined}>
          {recentMonths(thisMonth, draft.month).map((m) => (
            <option key={m} value={m}>
              {monthLabel(m)}
              {m === thisMonth ? '（本月）' : ''}
            </option>
          ))}
        </select>
      </Field>
      <Field id="s-village" label="排查的村（社区）" error={problems.village ?? problems.orgId}>
        {unitsLoading ? (
          <Spin />
        ) : unitsError ? (
          <Alert type="error" title={messageOf(unitsError)} action={<Button onClick={reloadUnits}>重试</Button>} />
        ) : (
          <UnitSelect id="s-village" units={units} value={draft.village} onChange={(village) => set({ village, leadBy: '' })} error={problems.village ?? problems.orgId} />
        )}
      </Field>
      {sameMonth > 0 && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={`${villageName}${monthLabel(draft.month)}已登记过 ${sameMonth} 次排查。确是另一次排查再提交。`} />
      )}
      <Field id="s-lead" label={label('leadBy', '排查负责人')} optional error={problems.leadBy} hint={people.error ? `人员名单未能加载：${messageOf(people.error)}` : undefined}>
        <select id="s-lead" className="m-select" value={draft.leadBy} onChange={(e) => set({ leadBy: e.target.value })} disabled={people.loading}>
          <option value="">{people.loading ? '正在加载人员…' : '不指定'}</option>
          {(people.data?.items ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
              {p.position ? `（${p.position}）` : ''}
            </option>
          ))}
        </select>
      </Field>
      <Field id="s-participants" label={label('participants', '参与人员')} optional hint="如：村两委成员、网格员、联户长" error={problems.participants}>
        <input id="s-participants" className="m-input" value={draft.participants} maxLength={500} onChange={(e) => set({ participants: e.target.value })} />
      </Field>
      <Field id="s-found" label={label('disputesFound', '发现纠纷数')} hint="没有发现纠纷填 0；发现的纠纷提交后可逐件上报" error={problems.disputesFound}>
        <Stepper id="s-found" value={draft.disputesFound} onChange={(disputesFound) => set({ disputesFound })} error={problems.disputesFound} />
      </Field>
      <Field id="s-notes" label="排查情况" optional error={problems.notes}>
        <textarea id="s-notes" className="m-input" rows={3} maxLength={5000} value={draft.notes} onChange={(e) => set({ notes: e.target.value })} />
      </Field>
      <Button type="primary" size="large" block className="m-btn" loading={busy} aria-disabled={busy} onClick={() => void submit()}>
        {busy ? '正在提交…' : error ? '重试提交' : '提交'}
      </Button>
    </MobileFrame>
  );
}
