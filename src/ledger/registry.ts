/**
 * All kinds a caller may use: the built-in ones (code) and the custom ones towns defined
 * (stored as definitions; their tables follow them like any other kind's).
 */
import { UnknownKind } from '../core/errors.js';
import type { Db } from '../db/connect.js';
import { onBranch, type Scope } from '../org/scope.js';
import type { AnyKind, CustomKind, KindDefinition } from './kind.js';

// Defined beside KindDefinition so that the pure modules (the indicator registry) can tell the two apart
// without importing this database-backed registry.
export { isCustom, type AnyKind, type CustomKind } from './kind.js';

export class KindRegistry {
  private custom: Promise<CustomKind[]> | undefined;
  private readonly byCode: Map<string, KindDefinition>;

  constructor(
    private readonly db: Db,
    readonly builtIn: readonly KindDefinition[],
  ) {
    this.byCode = new Map(builtIn.map((k) => [k.code, k]));
  }

  invalidate() {
    this.custom = undefined;
  }

  async customKinds(): Promise<CustomKind[]> {
    this.custom ??= loadCustomKinds(this.db);
    return this.custom;
  }

  /** Every kind visible from the scope. */
  async visible(scope: Scope): Promise<AnyKind[]> {
    const custom = (await this.customKinds()).filter((k) => onBranch(scope, k.ownerOrgPath));
    return [...this.builtIn, ...custom];
  }

  /** The kind by code, or 404 when there is none the scope may see. */
  async resolve(scope: Scope, code: string): Promise<AnyKind> {
    const builtIn = this.byCode.get(code);
    if (builtIn) return builtIn;
    const custom = (await this.customKinds()).find((k) => k.code === code && onBranch(scope, k.ownerOrgPath));
    if (!custom) throw UnknownKind(code);
    return custom;
  }

  /** Every kind regardless of scope: for migrations and the portable dump. */
  async all(): Promise<AnyKind[]> {
    return [...this.builtIn, ...(await this.customKinds())];
  }
}

async function loadCustomKinds(db: Db): Promise<CustomKind[]> {
  const rows = await db.kysely.selectFrom('custom_kind').selectAll().orderBy('created_at').execute();
  return rows.map((r) => ({
    ...(JSON.parse(r.definition) as KindDefinition),
    custom: true as const,
    ownerOrgId: r.org_id,
    ownerOrgPath: r.org_path,
    definitionVersion: r.version,
  }));
}
