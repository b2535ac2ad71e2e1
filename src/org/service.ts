/**
 * The org tree as the HTTP routes see it: units in a caller's scope, and the system
 * administrator's new unit, written with its audit row in one transaction.
 */
import { writeAudit } from '../audit/audit.js';
import { fieldError } from '../core/errors.js';
import type { Db } from '../db/connect.js';
import { levelRank, type OrgLevel } from './levels.js';
import { findOrg, insertOrgWith, listSubtree, type OrgUnit } from './repository.js';
import { covers, type Scope } from './scope.js';

export interface NewUnitRequest {
  parentId: string;
  name: string;
  level: OrgLevel;
  code?: string | null;
}

export class OrgService {
  constructor(private readonly db: Db) {}

  /** A unit by id, whoever asks (callers check the scope). */
  find(id: string): Promise<OrgUnit | undefined> {
    return findOrg(this.db, id);
  }

  /** A unit inside the scope, or undefined when it does not exist or lies outside it. */
  async findInScope(scope: Scope, id: string): Promise<OrgUnit | undefined> {
    const unit = await findOrg(this.db, id);
    return unit && covers(scope, unit.path) ? unit : undefined;
  }

  /** The scope's units, ordered by path; only the given levels when asked. */
  subtree(scope: Scope, levels?: OrgLevel[]): Promise<OrgUnit[]> {
    return listSubtree(this.db, scope, levels);
  }

  /**
   * A new unit under a parent in the scope, at a lower level than the parent. The unit and its
   * audit row are written in one transaction: neither is kept without the other.
   */
  async create(scope: Scope, input: NewUnitRequest): Promise<OrgUnit> {
    const parent = await this.findInScope(scope, input.parentId);
    if (!parent) throw fieldError('parentId', '「上级单位」不存在或不在您的管辖范围内');
    if (levelRank(input.level) <= levelRank(parent.level)) throw fieldError('level', '「层级」应低于上级单位的层级');
    return this.db.kysely.transaction().execute(async (trx) => {
      const unit = await insertOrgWith(trx, { parentId: parent.id, name: input.name, level: input.level, code: input.code ?? null }, parent.path);
      await writeAudit(trx, scope.actor, { action: 'create', kind: 'orgUnit', recordId: unit.id, orgId: parent.id, after: { name: unit.name, level: unit.level } });
      return unit;
    });
  }
}
