/** The ledger kinds the signed-in user may read, from GET /api/kinds: every list and form is drawn from them. */
import { createContext, useContext, type ReactNode } from 'react';
import type { Kind, KindsResponse } from './types';
import { useApi } from './useApi';

interface KindsState {
  areas: KindsResponse['areas'];
  kinds: Kind[];
  byCode: Map<string, Kind>;
  loading: boolean;
  error: unknown;
  reload: () => void;
}

const KindsContext = createContext<KindsState | null>(null);

export function KindsProvider({ children }: { children: ReactNode }) {
  const { data, loading, error, reload } = useApi<KindsResponse>('/api/kinds');
  const kinds = data?.items ?? [];
  const value: KindsState = { areas: data?.areas ?? [], kinds, byCode: new Map(kinds.map((k) => [k.code, k])), loading, error, reload };
  return <KindsContext.Provider value={value}>{children}</KindsContext.Provider>;
}

export function useKinds(): KindsState {
  const state = useContext(KindsContext);
  if (!state) throw new Error('useKinds outside KindsProvider');
  return state;
}

/** The label of a choice value, as the list names it today. */
export const optionLabel = (kind: Kind, field: string, code: unknown) => {
  const f = kind.fields.find((x) => x.name === field);
  return f?.options?.find((o) => o.code === code)?.label ?? (code === null || code === undefined ? '' : typeof code === 'string' ? code : typeof code === 'number' || typeof code === 'boolean' ? String(code) : JSON.stringify(code));
};
