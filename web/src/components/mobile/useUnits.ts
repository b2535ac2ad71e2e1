/** The villages, groups and grids the signed-in user may record for, in tree order. */
import { useMemo } from 'react';
import { useApi } from '../../lib/useApi';
import type { OrgList, OrgUnitRef as FlatUnit } from '../../../../src/shared/org.js';

export interface Unit extends FlatUnit {
  depth: number;
}


/** The levels a phone form offers (MobilePage keeps this list for offline use). */
export const UNIT_LEVELS = 'village,group,grid';

export function useUnits(levels = UNIT_LEVELS) {
  const loaded = useApi<OrgList>('/api/orgs', { levels });
  const units = useMemo(() => {
    const items = loaded.data?.items ?? [];
    const ids = new Set(items.map((u) => u.id));
    const children = new Map<string | null, FlatUnit[]>();
    for (const u of items) {
      const parent = u.parentId && ids.has(u.parentId) ? u.parentId : null;
      children.set(parent, [...(children.get(parent) ?? []), u]);
    }
    const ordered: Unit[] = [];
    const walk = (parent: string | null, depth: number) => {
      for (const u of children.get(parent) ?? []) {
        ordered.push({ ...u, depth });
        walk(u.id, depth + 1);
      }
    };
    walk(null, 0);
    return ordered;
  }, [loaded.data]);
  return { units, loading: loaded.loading, error: loaded.error, reload: loaded.reload };
}
