/** Data the ledger screens share: names for ids, and the caller's org tree for unit pickers. */
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../lib/api';
import type { Kind } from '../../lib/types';
import { useMe } from '../../lib/session';
import { NO_NAMES, referencesOf, type Names } from './model';
import type { OrgNode, OrgTree } from '../../../../src/shared/org.js';

/** Names already fetched, kept for the page's life: a second page of the same list asks only for the new ids. */
let known: Names = { people: {}, orgs: {}, records: {} };
let knownFor = '';

export function useReferenceNames(kind: Kind | undefined, records: ReadonlyArray<Record<string, unknown>> | undefined): Names {
  const me = useMe();
  if (knownFor !== me.id) {
    // Names are what one user may see: forgotten when another signs in.
    known = { people: {}, orgs: {}, records: {} };
    knownFor = me.id;
  }
  const refs = useMemo(() => (kind && records ? referencesOf(kind, records) : undefined), [kind, records]);
  const key = refs ? JSON.stringify(refs) : '';
  const [names, setNames] = useState<Names>(NO_NAMES);

  // Keyed by the ids, not by `records`: a list reloaded with the same ids asks nothing again.
  useEffect(() => {
    if (!key) return;
    const refs = JSON.parse(key) as ReturnType<typeof referencesOf>;
    const missing = {
      people: refs.people.filter((id) => !(id in known.people)),
      orgs: refs.orgs.filter((id) => !(id in known.orgs)),
      records: refs.records.filter((id) => !(id in known.records)),
    };
    const snapshot = () => setNames({ people: { ...known.people }, orgs: { ...known.orgs }, records: { ...known.records } });
    if (!missing.people.length && !missing.orgs.length && !missing.records.length) {
      snapshot();
      return;
    }
    const controller = new AbortController();
    api
      .get<Names>('/api/references', { people: missing.people.join(','), orgs: missing.orgs.join(','), records: missing.records.join(',') }, controller.signal)
      .then((found) => {
        // An id not named is out of reach: shown as such rather than asked for again.
        for (const id of missing.people) known.people[id] = found.people[id] ?? '（无权查看）';
        for (const id of missing.orgs) known.orgs[id] = found.orgs[id] ?? '（无权查看）';
        for (const id of missing.records) known.records[id] = found.records[id] ?? '（已删除或无权查看）';
        snapshot();
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [key]);
  return names;
}

export type { OrgNode };

let treeCache: { user: string; tree: Promise<OrgNode[]> } | undefined;

/** The caller's jurisdiction as a tree (GET /api/orgs), loaded once per signed-in user. */
export function useOrgTree(): { tree: OrgNode[]; loading: boolean; error: unknown } {
  const me = useMe();
  const [state, setState] = useState<{ tree: OrgNode[]; loading: boolean; error: unknown }>({ tree: [], loading: true, error: undefined });
  useEffect(() => {
    if (treeCache?.user !== me.id) {
      const tree = api.get<OrgTree>('/api/orgs').then((r) => r.items);
      treeCache = { user: me.id, tree };
      tree.catch(() => {
        treeCache = undefined;
      });
    }
    let live = true;
    treeCache.tree.then(
      (tree) => live && setState({ tree, loading: false, error: undefined }),
      (error: unknown) => live && setState({ tree: [], loading: false, error }),
    );
    return () => {
      live = false;
    };
  }, [me.id]);
  return state;
}

export function findOrgNode(tree: OrgNode[], id: string | undefined): OrgNode | undefined {
  if (!id) return undefined;
  for (const node of tree) {
    if (node.id === id) return node;
    const found = findOrgNode(node.children, id);
    if (found) return found;
  }
  return undefined;
}

export interface OrgTreeData {
  value: string;
  title: string;
  selectable?: boolean;
  children: OrgTreeData[];
}

/**
 * Tree data for a TreeSelect: units at `levels` are selectable (all when omitted); branches that
 * hold none are dropped, so the picker offers only what can be chosen.
 */
export function orgTreeData(nodes: OrgNode[], levels?: readonly string[]): OrgTreeData[] {
  const out: OrgTreeData[] = [];
  for (const node of nodes) {
    const children = orgTreeData(node.children, levels);
    const selectable = !levels || levels.includes(node.level);
    if (!selectable && !children.length) continue;
    out.push({ value: node.id, title: node.name, selectable, children });
  }
  return out;
}
