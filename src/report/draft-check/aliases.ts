/**
 * A town's own words for indicators (本镇用语): when a user confirms or corrects how the draft check
 * read a figure, the words before it become the town's alias for that indicator, and later checks of
 * the town (and of units under it) read them before the built-in words.
 *
 * A town's alias is specific, never generic (see genericAliases in the indicator definitions): it
 * names its indicator on its own, without the sentence naming the indicator's topic. A user saw the
 * figure in the town's own wording and said what it is, so in that town's reports these words mean
 * that indicator, and the phrase kept is the whole of the figure's side of its clause ("督导整改",
 * "对企业提出法律建议"), which usually carries the town's way of naming the topic. Were it generic,
 * confirming a figure the check had left unmatched for want of its topic would change nothing.
 */
import { ANNUAL_REPORT } from '../../accounts/permissions.js';
import { writeAudit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { nowIso } from '../../core/dates.js';
import { NotFound, fieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { OrgUnit } from '../../org/repository.js';
import { covers, type Scope } from '../../org/scope.js';

const REPORT = { ...ANNUAL_REPORT, label: '年度报告' };

export interface TownAlias {
  id: string;
  orgId: string;
  code: string;
  phrase: string;
  createdAt: string;
}

/** The aliases that apply to a unit: its own and those of the units above it. */
export async function aliasesFor(ctx: AppContext, unit: OrgUnit): Promise<TownAlias[]> {
  // '/county/town/' → '/county/', '/county/town/': the unit and those above it.
  const parts = unit.path.split('/').filter(Boolean);
  const paths = parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
  const rows = await ctx.db.kysely.selectFrom('draft_check_alias').selectAll().where('org_path', 'in', paths).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, orgId: r.org_id, code: r.code, phrase: r.phrase, createdAt: r.created_at }));
}

/** "督查整改" as the user saw it: no digits, no punctuation, 2 to 20 characters of words. */
export function normalisePhrase(input: string): string {
  const phrase = input.replace(/[\s\u3000]+/g, '').trim();
  if (phrase.length < 2) throw fieldError('phrase', '「用语」至少要有两个字');
  if (phrase.length > 20) throw fieldError('phrase', '「用语」不能超过 20 个字');
  if (/[\d０-９%％]/.test(phrase)) throw fieldError('phrase', '「用语」不能含数字，只填数字前面的文字');
  if (/[，。；：、！？,.;:!?（）()《》“”"'\\/<>]/.test(phrase)) throw fieldError('phrase', '「用语」不能含标点');
  return phrase;
}

/** Keeps a user's confirmation or correction: the phrase now names this indicator in the unit (a former meaning is replaced). */
export async function saveAlias(ctx: AppContext, scope: Scope, input: { org?: string; code: string; phrase: string }): Promise<TownAlias> {
  // Like the other report routes: the unit is located first (outside the jurisdiction: 400), then the grant.
  const unit = await ctx.indicators.unitFor(scope, input.org);
  ctx.permissions.require(scope.actor.role, 'update', REPORT);
  const phrase = normalisePhrase(input.phrase);
  const { indicators } = await ctx.indicators.applicableTo(scope, unit);
  if (!indicators.some((i) => i.code === input.code)) throw fieldError('code', `「指标」${input.code} 不存在或无权查看`);
  const id = newId();
  const now = nowIso();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const former = await trx.selectFrom('draft_check_alias').selectAll().where('org_id', '=', unit.id).where('phrase', '=', phrase).executeTakeFirst();
    if (former) await trx.deleteFrom('draft_check_alias').where('id', '=', former.id).execute();
    await trx.insertInto('draft_check_alias').values({ id, org_id: unit.id, org_path: unit.path, code: input.code, phrase, created_by: scope.actor.userId, created_at: now }).execute();
    await writeAudit(trx, scope.actor, {
      action: former ? 'update' : 'create',
      kind: 'draftCheckAlias',
      recordId: id,
      orgId: unit.id,
      ...(former ? { before: { code: former.code, phrase } } : {}),
      after: { code: input.code, phrase },
    });
  });
  return { id, orgId: unit.id, code: input.code, phrase, createdAt: now };
}

export async function listAliases(ctx: AppContext, scope: Scope, org?: string): Promise<TownAlias[]> {
  const unit = await ctx.indicators.unitFor(scope, org);
  ctx.permissions.require(scope.actor.role, 'read', REPORT);
  return aliasesFor(ctx, unit);
}

export async function deleteAlias(ctx: AppContext, scope: Scope, id: string): Promise<void> {
  ctx.permissions.require(scope.actor.role, 'update', REPORT);
  const row = await ctx.db.kysely.selectFrom('draft_check_alias').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !covers(scope, row.org_path)) throw NotFound('本镇用语');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('draft_check_alias').where('id', '=', id).execute();
    await writeAudit(trx, scope.actor, { action: 'delete', kind: 'draftCheckAlias', recordId: id, orgId: row.org_id, before: { code: row.code, phrase: row.phrase } });
  });
}
