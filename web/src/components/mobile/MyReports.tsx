/** 我的上报: disputes and screening rounds of the worker's units, with a switch to only those the worker entered. */
import { Segmented, Switch } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useKinds } from '../../lib/kinds';
import { MobileFrame } from './MobileFrame';
import { RecordList } from './RecordList';

export function MyReports() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { byCode } = useKinds();
  const which = params.get('kind') === 'screeningRound' ? 'screeningRound' : 'dispute';
  const kind = byCode.get(which);
  const [onlyMine, setOnlyMine] = useState(false);
  const [pageSize, setPageSize] = useState(20);

  return (
    <MobileFrame title="我的上报" onBack={() => navigate('/m')} backLabel="返回首页">
      <Segmented
        block
        size="large"
        value={which}
        onChange={(v) => {
          setPageSize(20);
          setParams({ kind: String(v) }, { replace: true });
        }}
        options={[
          { value: 'dispute', label: '矛盾纠纷' },
          { value: 'screeningRound', label: '月度排查' },
        ]}
        style={{ marginBottom: 12 }}
      />
      <label style={{ display: 'flex', alignItems: 'center', gap: 10, minHeight: 48, marginBottom: 8 }}>
        <Switch checked={onlyMine} onChange={setOnlyMine} />
        只看我本人上报的
      </label>
      {kind ? (
        <RecordList
          kind={kind}
          pageSize={pageSize}
          onlyMine={onlyMine}
          onMore={() => setPageSize((n) => Math.min(200, n + 20))}
          empty={onlyMine ? '您本人还没有上报过。' : which === 'dispute' ? '还没有矛盾纠纷记录。' : '还没有排查记录。每月排查后点首页的“登记月度排查”。'}
        />
      ) : (
        <div className="m-card m-hint">您的角色看不到这类记录。</div>
      )}
    </MobileFrame>
  );
}
