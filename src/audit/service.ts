/** The audit log as the audit administrator's routes see it: searched, and exported as an audited act. */
import type { Db } from '../db/connect.js';
import type { Scope } from '../org/scope.js';
import { writeAudit } from './audit.js';
import { auditCsv, searchAudit, type AuditFilter, type AuditPage } from './query.js';

export class AuditLog {
  constructor(private readonly db: Db) {}

  search(scope: Scope, filter: AuditFilter, paging: { page?: number; pageSize?: number } = {}): Promise<AuditPage> {
    return searchAudit(this.db, scope, filter, paging);
  }

  /**
   * The matching rows as CSV chunks. The first chunk is read before this returns, so a bad filter
   * is an error here rather than a broken download; taking the copy is then written to the log.
   */
  async exportCsv(scope: Scope, filter: AuditFilter): Promise<AsyncIterable<string>> {
    const chunks = auditCsv(this.db, scope, filter);
    const first = await chunks.next();
    await writeAudit(this.db.kysely, scope.actor, { action: 'export_audit', kind: 'auditLog', orgId: scope.orgId, after: filter });
    async function* all() {
      if (!first.done) yield first.value;
      yield* chunks;
    }
    return all();
  }
}
