/** People: cadres, grid staff, enforcement officers, legal advisors. Their posts are ledgers (gridPost). */
import { z } from 'zod';
import { Forbidden, fieldError } from '../core/errors.js';
import { nowIso } from '../core/dates.js';
import { newId } from '../core/ids.js';
import { writeAudit } from '../audit/audit.js';
import type { Db } from '../db/connect.js';
import { contains } from '../db/like.js';
import { mask } from '../ledger/mask.js';
import type { FieldCipher } from '../security/crypto.js';
import { findOrg } from './repository.js';
import { covers, type Scope } from './scope.js';
import type { Person } from '../shared/org.js';

export const personInput = z.object({
  orgId: z.string({ error: '请填写「所属单位」' }).max(60),
  name: z.string({ error: '请填写「姓名」' }).trim().min(1, { error: '请填写「姓名」' }).max(40, { error: '「姓名」不能超过40个字' }),
  gender: z.enum(['男', '女'], { error: '「性别」应为“男”或“女”' }).optional(),
  phone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/, { error: '「电话」格式不正确' }).optional(),
  position: z.string().trim().max(60, { error: '「职务」不能超过60个字' }).optional(),
  notes: z.string().max(2000, { error: '「备注」不能超过2000个字' }).optional(),
});
export type PersonInput = z.infer<typeof personInput>;

/** A person as the directory lists them (src/shared/org.ts). */
export type PersonOut = Person;

const WRITERS = new Set(['townOffice', 'systemAdmin', 'system']);
/** 三员分立: the security and audit administrators have no duty that needs the people directory (names, phones). */
const NOT_READERS = new Set(['securityAdmin', 'auditAdmin']);

/** A person's phone is personal information: stored encrypted, bound to this column. */
const PHONE_CONTEXT = 'person.phone';
const ENCRYPTED = 'v1:%';

/**
 * Encrypts phone numbers stored before encryption at rest. A plain phone (digits, +, -, spaces)
 * never starts with 'v1:', so the prefix tells them apart; run on every start, it is a no-op after.
 */
export async function encryptPlainPhones(db: Db, cipher: FieldCipher): Promise<number> {
  const plain = await db.kysely.selectFrom('person').select(['id', 'phone']).where('phone', 'is not', null).where('phone', 'not like', ENCRYPTED).execute();
  if (!plain.length) return 0;
  await db.kysely.transaction().execute(async (trx) => {
    for (const p of plain) {
      await trx.updateTable('person').set({ phone: cipher.encrypt(String(p.phone), PHONE_CONTEXT) }).where('id', '=', p.id).where('phone', '=', String(p.phone)).execute();
    }
  });
  return plain.length;
}

export class PeopleService {
  constructor(
    private readonly db: Db,
    private readonly cipher: FieldCipher,
  ) {}

  private maskedPhone(stored: string | null): string | null {
    return stored ? mask(this.cipher.decrypt(stored, PHONE_CONTEXT)) : null;
  }

  async list(scope: Scope, query: { org?: string; q?: string; page?: number; pageSize?: number }) {
    if (NOT_READERS.has(scope.actor.role)) throw Forbidden('您的角色无权查看人员信息');
    let path = scope.orgPath;
    if (query.org) {
      const unit = await findOrg(this.db, query.org);
      if (!unit || !covers(scope, unit.path)) throw fieldError('org', '所选单位不存在或不在您的管辖范围内');
      path = unit.path;
    }
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const base = this.db.kysely
      .selectFrom('person')
      .leftJoin('org_unit', 'org_unit.id', 'person.org_id')
      .where('person.org_path', 'like', `${path}%`)
      .$if(!!query.q, (qb) => qb.where(contains('person.name', query.q ?? '')));
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await base
      .select(['person.id', 'person.org_id', 'org_unit.name as org_name', 'person.name', 'person.gender', 'person.phone', 'person.position', 'person.is_example'])
      .orderBy('person.org_path')
      .orderBy('person.name')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    const items: PersonOut[] = rows.map((r) => ({
      id: r.id,
      orgId: r.org_id,
      orgName: r.org_name,
      name: r.name,
      gender: r.gender,
      phone: this.maskedPhone(r.phone),
      position: r.position,
      isExample: r.is_example === 1,
    }));
    return { items, total: Number(total?.n ?? 0), page, pageSize };
  }

  async create(scope: Scope, input: PersonInput): Promise<PersonOut> {
    if (!WRITERS.has(scope.actor.role)) throw Forbidden('您的角色无权新增人员');
    const unit = await findOrg(this.db, input.orgId);
    if (!unit || !covers(scope, unit.path)) throw fieldError('orgId', '「所属单位」不存在或不在您的管辖范围内');
    const now = nowIso();
    const phone = input.phone ?? null;
    const row = {
      id: newId(),
      org_id: unit.id,
      org_path: unit.path,
      name: input.name,
      gender: input.gender ?? null,
      phone: input.phone ? this.cipher.encrypt(input.phone, PHONE_CONTEXT) : null,
      position: input.position ?? null,
      is_example: 0,
      notes: input.notes ?? null,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('person').values(row).execute();
      await writeAudit(trx, scope.actor, { action: 'create', kind: 'person', recordId: row.id, orgId: unit.id, after: { ...row, phone: phone && mask(phone) } });
    });
    return { id: row.id, orgId: unit.id, orgName: unit.name, name: row.name, gender: row.gender, phone: phone && mask(phone), position: row.position, isExample: false };
  }
}
