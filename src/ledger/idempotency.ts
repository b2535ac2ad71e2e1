/**
 * Creating a record at most once per client-generated id: the phone app's offline outbox
 * (web/src/offline) sends each queued record with the id it made when the record was saved, and
 * sends it again whenever it did not hear the answer. The first send creates the record and notes
 * the id in client_submission in the same transaction; every later send with that id returns the
 * record already made. Also when the phone last synced, for the town office.
 */
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { nowIso } from '../core/dates.js';
import type { Db } from '../db/connect.js';
import { isUniqueViolation } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import type { Scope } from '../org/scope.js';
import type { GridWorkerSync, OutboxReport } from '../shared/outbox.js';
import type { LedgerService, PresentedRecord } from './service.js';

export { CLIENT_ID_HEADER } from '../shared/outbox.js';

export const clientIdSchema = z.uuid({ error: '「上报编号」应为客户端生成的 UUID' });

/** Someone else's id, or the same id for another kind of record: never a silent second record. */
const ClientIdTaken = (message: string) => new AppError(409, 'client_id_taken', message, 'clientId');

/** Who made the submission: the system (CLI, jobs) has no user and never sends a client id. */
const submitter = (scope: Scope) => scope.actor.userId ?? 'system';

/** Notes, inside the create's transaction, which record the client id made. */
export async function recordSubmission(trx: Transaction<Database>, scope: Scope, clientId: string, kind: string, recordId: string): Promise<void> {
  await trx.insertInto('client_submission').values({ client_id: clientId, user_id: submitter(scope), kind, record_id: recordId, created_at: nowIso() }).execute();
}

/** The record a client id already made, if any; refused when the id is another user's or another kind's. */
async function earlierRecord(db: Db, ledger: LedgerService, scope: Scope, kindCode: string, clientId: string): Promise<PresentedRecord | undefined> {
  const row = await db.kysely.selectFrom('client_submission').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  if (!row) return undefined;
  if (row.user_id !== submitter(scope)) throw ClientIdTaken('这个上报编号已被其他用户使用，记录未保存。请重新填写后提交');
  if (row.kind !== kindCode) throw ClientIdTaken('这个上报编号已用于另一类台账记录，记录未保存');
  return ledger.get(scope, row.kind, row.record_id);
}

/** A duplicate client id, as either engine reports it when a parallel send committed first. */
const isDuplicateSubmission = (error: unknown) => isUniqueViolation(error, 'client_submission');

export interface CreatedOnce {
  record: PresentedRecord;
  /** True when the id had already made the record: nothing new was written. */
  replayed: boolean;
}

/** Creates the record unless `clientId` already made one, in which case that record is returned. */
export async function createOnce(db: Db, ledger: LedgerService, scope: Scope, kindCode: string, body: unknown, clientId: string): Promise<CreatedOnce> {
  const earlier = await earlierRecord(db, ledger, scope, kindCode, clientId);
  if (earlier) return { record: earlier, replayed: true };
  try {
    return { record: await ledger.create(scope, kindCode, body, { clientId }), replayed: false };
  } catch (error) {
    // Two sends of the same id at once both found nothing; the unique key let one commit and
    // rolled the other back, record and all. The loser answers with the winner's record.
    if (!isDuplicateSubmission(error)) throw error;
    const winner = await earlierRecord(db, ledger, scope, kindCode, clientId);
    if (!winner) throw error;
    return { record: winner, replayed: true };
  }
}

/** The phone reached the server with its outbox: when, and what it still held afterwards. */
export async function recordSync(db: Db, scope: Scope, report: OutboxReport): Promise<void> {
  const row = { user_id: submitter(scope), synced_at: nowIso(), pending: report.pending, refused: report.refused };
  await db.kysely
    .insertInto('outbox_sync')
    .values(row)
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ synced_at: row.synced_at, pending: row.pending, refused: row.refused }))
    .execute();
}

/** Every active grid worker in the scope and when their phone last synced, the longest silent first. */
export async function gridWorkerSyncs(db: Db, scope: Scope): Promise<GridWorkerSync[]> {
  const rows = await db.kysely
    .selectFrom('app_user')
    .innerJoin('org_unit', 'org_unit.id', 'app_user.org_id')
    .leftJoin('outbox_sync', 'outbox_sync.user_id', 'app_user.id')
    .select(['app_user.id', 'app_user.display_name', 'org_unit.name as org_name', 'outbox_sync.synced_at', 'outbox_sync.pending', 'outbox_sync.refused'])
    .where('app_user.role', '=', 'gridWorker')
    .where('app_user.active', '=', 1)
    .where('org_unit.path', 'like', `${scope.orgPath}%`)
    .orderBy('app_user.username')
    .execute();
  const items = rows.map((r) => ({
    userId: r.id,
    displayName: r.display_name,
    orgName: r.org_name,
    syncedAt: r.synced_at ?? null,
    pending: Number(r.pending ?? 0),
    refused: Number(r.refused ?? 0),
  }));
  // Never synced first, then the oldest sync: whom to call.
  return items.sort((a, b) => (a.syncedAt ?? '').localeCompare(b.syncedAt ?? ''));
}
