/**
 * Validation is derived from the kind definitions, so its tests are too: for every built-in kind
 * a minimal valid record is built from the definition, then each field is broken in every way its
 * type allows. Hand-written cases below cover what generation cannot see.
 */
import { describe, expect, it } from 'vitest';
import { builtInKinds } from '../areas/index.js';
import { AppError } from '../core/errors.js';
import type { FieldDefinition } from './fields.js';
import { dateLabelOf, endDateLabelOf, titleLabelOf, type KindDefinition } from './kind.js';
import { validateRecord, type ListLookup, type RecordValues } from './validation.js';

const VALID_ID = 'a1b2c3d4e5f6g7h8j9k0';
const DAY = '2025-03-08';
const DAY_BEFORE = '2025-03-07';

/** Every list any kind declares, code → its items' codes. */
const declaredLists = new Map(builtInKinds.flatMap((k) => k.lists ?? []).map((l) => [l.code, l.items.map(([code]) => code)]));

/** A lookup like an installation where only the first item of each list is active. */
const firstItemOnly: ListLookup = {
  has: (list, code) => declaredLists.get(list)?.[0] === code,
};
const firstItemOf = (list: string | undefined): string => {
  const first = declaredLists.get(list ?? '')?.[0];
  if (!first) throw new Error(`list ${list} is not declared by any kind`);
  return first;
};

/** A value matching each pattern used by a built-in field; a new pattern must add its sample here. */
const PATTERN_SAMPLES: Record<string, string> = {
  '^[0-9A-Za-z]{18}$': '91150000MA0N000000',
  '^\\d{17}[\\dXx]$': '15010219800101001X',
  '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$': 'publicity.offline_events',
  '^\\S+〔\\d{4}〕\\d+号$': '双政发〔2025〕3号',
  '^\\d{4}-(0[1-9]|1[0-2])$': '2025-03',
};

/** The common fields every record has, written as field definitions so they are generated over too. */
function commonFields(kind: KindDefinition): FieldDefinition[] {
  return [
    { name: 'orgId', label: '所属单位', type: 'org', required: true },
    { name: 'date', label: dateLabelOf(kind), type: 'date', required: true },
    { name: 'title', label: titleLabelOf(kind), type: 'text', required: true, maxLength: 200 },
    { name: 'notes', label: '备注', type: 'textarea', maxLength: 5000 },
    ...(kind.dateRange ? [{ name: 'endDate', label: endDateLabelOf(kind), type: 'date' as const }] : []),
    ...(kind.tags ? [{ name: 'tags', label: '标签', type: 'multiChoice' as const, list: kind.tags }] : []),
  ];
}
const allFields = (kind: KindDefinition) => [...commonFields(kind), ...kind.fields];

/** A valid value for the field. Dates are all the same day, so every `notBefore` pair holds. */
function validValue(f: FieldDefinition): RecordValues[string] {
  switch (f.type) {
    case 'text':
    case 'textarea':
      if (f.pattern) {
        const sample = PATTERN_SAMPLES[f.pattern];
        if (sample === undefined) throw new Error(`no sample for pattern ${f.pattern} of ${f.name}`);
        return sample;
      }
      return '测试内容';
    case 'url':
      return 'https://example.gov.cn/notice/1';
    case 'integer':
      return f.min ?? 0;
    case 'decimal':
      return Math.min(Math.max(f.min ?? 0, 1.5), f.max ?? 1.5);
    case 'money':
      return Math.min(Math.max(f.min ?? 0, 12.34), f.max ?? 12.34);
    case 'date':
      return DAY;
    case 'boolean':
      return true;
    case 'choice':
      return firstItemOf(f.list);
    case 'multiChoice':
      return [firstItemOf(f.list)];
    case 'person':
    case 'org':
    case 'record':
      return VALID_ID;
    case 'orgs':
      return [VALID_ID];
  }
}

/** The smallest body a create accepts: the required fields only. */
function minimalBody(kind: KindDefinition): RecordValues {
  return Object.fromEntries(allFields(kind).filter((f) => f.required).map((f) => [f.name, validValue(f)]));
}

/** Ways to get the field wrong, by its type and limits; each must be refused naming the field. */
function invalidValues(f: FieldDefinition): Array<[string, unknown]> {
  const cases: Array<[string, unknown]> = [];
  switch (f.type) {
    case 'text':
    case 'textarea':
    case 'url': {
      cases.push(['a number', 12345], ['an object', { text: 'x' }]);
      cases.push(['over its length limit', '法'.repeat((f.maxLength ?? 200) + 1)]);
      if (f.pattern) cases.push(['not matching its pattern', '不对!']);
      if (f.type === 'url') cases.push(['not an http(s) address', 'ftp://example.cn/x'], ['a bare word', '网址']);
      break;
    }
    case 'integer':
    case 'decimal':
    case 'money':
      cases.push(['a numeric string', '12'], ['a boolean', true]);
      if (f.max !== undefined) cases.push(['above its maximum', f.max + 1]);
      if (f.min !== undefined) cases.push(['below its minimum', f.min - 1]);
      if (f.type === 'integer') cases.push(['a fraction', (f.min ?? 0) + 0.5]);
      if (f.type === 'money') cases.push(['three decimals', 12.345]);
      break;
    case 'date':
      cases.push(
        ['an impossible date', '2025-02-30'],
        ['month 13', '2025-13-01'],
        ['a Chinese date', '2025年3月8日'],
        ['a timestamp', '2025-03-08T00:00:00Z'],
        ['a number', 20250308],
      );
      break;
    case 'boolean':
      cases.push(['the string "true"', 'true'], ['a number', 1]);
      break;
    case 'choice':
      cases.push(['an unknown item', 'noSuchItem'], ['a number', 1], ['an array', [firstItemOf(f.list)]]);
      break;
    case 'multiChoice':
      cases.push(['a bare string', firstItemOf(f.list)], ['an unknown item', [firstItemOf(f.list), 'noSuchItem']], ['a non-string item', [1]]);
      break;
    case 'person':
    case 'org':
    case 'record':
      cases.push(['a malformed id', 'bad id!'], ['a number', 42]);
      break;
    case 'orgs':
      cases.push(['a bare id', VALID_ID], ['a malformed id', ['bad id!']]);
      break;
  }
  return cases;
}

function validationErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected validation to fail');
}

/** 400, naming exactly this field, with a Chinese message quoting its label. */
function expectRefused(kind: KindDefinition, body: Record<string, unknown>, f: Pick<FieldDefinition, 'name' | 'label'>) {
  const error = validationErrorOf(() => validateRecord(kind, body, 'create', firstItemOnly));
  expect(error.status).toBe(400);
  expect(error.id).toBe('validation');
  expect(error.field).toBe(f.name);
  expect(error.message).toContain(`「${f.label}」`);
  expect(error.message).toMatch(/[\u4e00-\u9fff]/);
  expect(error.details?.map((d) => d.field)).toEqual([f.name]);
}

describe('kind definitions are consistent', () => {
  it('has unique kind codes', () => {
    const codes = builtInKinds.map((k) => k.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  describe.each(builtInKinds.map((k) => [k.code, k] as const))('%s', (_code, kind) => {
    it('has unique field names that do not shadow the common fields', () => {
      const names = allFields(kind).map((f) => f.name);
      expect(new Set(names).size).toBe(names.length);
    });

    it('refers only to declared lists, existing kinds and date fields', () => {
      const dateFields = new Set(['date', ...kind.fields.filter((f) => f.type === 'date').map((f) => f.name)]);
      for (const f of allFields(kind)) {
        if (f.type === 'choice' || f.type === 'multiChoice') expect(declaredLists.has(f.list ?? ''), `${f.name} → ${f.list}`).toBe(true);
        if (f.type === 'record') expect(builtInKinds.some((k) => k.code === f.kind), `${f.name} → ${f.kind}`).toBe(true);
        if (f.notBefore) expect(dateFields.has(f.notBefore), `${f.name} notBefore ${f.notBefore}`).toBe(true);
        if (f.pattern) expect(new RegExp(f.pattern).test(String(validValue(f))), `sample for ${f.name}`).toBe(true);
      }
    });
  });
});

describe.each(builtInKinds.map((k) => [k.code, k] as const))('validation of %s (generated)', (_code, kind) => {
  it('accepts the minimal body built from the definition, and a body with every field filled', () => {
    const minimal = minimalBody(kind);
    expect(validateRecord(kind, minimal, 'create', firstItemOnly)).toMatchObject(minimal);

    const full = Object.fromEntries(allFields(kind).map((f) => [f.name, validValue(f)]));
    const values = validateRecord(kind, full, 'create', firstItemOnly);
    expect(values).toEqual(full);
  });

  it('sets every optional field it was not given to null on create', () => {
    const values = validateRecord(kind, minimalBody(kind), 'create', firstItemOnly);
    for (const f of allFields(kind).filter((x) => !x.required)) expect(values[f.name], f.name).toBeNull();
  });

  const required = allFields(kind).filter((f) => f.required);
  it.each(required.map((f) => [f.name, f] as const))('requires %s', (_name, f) => {
    const body = Object.fromEntries(Object.entries(minimalBody(kind)).filter(([name]) => name !== f.name));
    expectRefused(kind, body, f);
    expectRefused(kind, { ...body, [f.name]: '' }, f);
    expectRefused(kind, { ...body, [f.name]: null }, f);
    expect(validationErrorOf(() => validateRecord(kind, body, 'create', firstItemOnly)).message).toBe(`请填写「${f.label}」`);
  });

  const brokenFields = allFields(kind).flatMap((f) => invalidValues(f).map(([how, value]) => [f.name, how, f, value] as const));
  it.each(brokenFields)('refuses %s as %s', (_name, _how, f, value) => {
    expectRefused(kind, { ...minimalBody(kind), [f.name]: value }, f);
  });

  const ordered = [
    ...(kind.dateRange ? [{ name: 'endDate', label: endDateLabelOf(kind), notBefore: 'date' }] : []),
    ...kind.fields.filter((f) => f.type === 'date' && f.notBefore),
  ];
  it.each(ordered.map((f) => [f.name, f.notBefore ?? '', f] as const))('refuses %s earlier than %s, and accepts the same day', (_name, earlier, f) => {
    const body = { ...minimalBody(kind), [earlier]: DAY, [f.name]: DAY_BEFORE };
    expectRefused(kind, body, f);
    const earlierLabel = earlier === 'date' ? dateLabelOf(kind) : (kind.fields.find((x) => x.name === earlier)?.label ?? earlier);
    expect(validationErrorOf(() => validateRecord(kind, body, 'create', firstItemOnly)).message).toBe(`「${f.label}」不能早于「${earlierLabel}」`);
    expect(validateRecord(kind, { ...body, [f.name]: DAY }, 'create', firstItemOnly)[f.name]).toBe(DAY);
  });

  it('refuses a field the kind does not have, naming the kind', () => {
    const error = validationErrorOf(() => validateRecord(kind, { ...minimalBody(kind), noSuchField: 'x' }, 'create', firstItemOnly));
    expect(error.status).toBe(400);
    expect(error.field).toBe('noSuchField');
    expect(error.message).toContain(`「${kind.label}」`);
  });
});

describe('validation edge cases', () => {
  const kindOf = (code: string): KindDefinition => {
    const kind = builtInKinds.find((k) => k.code === code);
    if (!kind) throw new Error(`no kind ${code}`);
    return kind;
  };
  const dispute = kindOf('dispute');
  const penaltyCase = kindOf('penaltyCase');
  const reconsideration = kindOf('reconsideration');
  const normativeDocument = kindOf('normativeDocument');
  const studySession = kindOf('studySession');
  const disputeBody = minimalBody(dispute);

  it('on patch checks only the fields sent, but cannot clear a required one', () => {
    expect(validateRecord(dispute, { notes: '补充情况', version: 3 }, 'patch', firstItemOnly)).toEqual({ notes: '补充情况' });
    for (const cleared of ['', null]) {
      const error = validationErrorOf(() => validateRecord(dispute, { status: cleared }, 'patch', firstItemOnly));
      expect(error.field).toBe('status');
      expect(error.message).toBe('请填写「状态」');
    }
    const title = validationErrorOf(() => validateRecord(dispute, { title: '  ' }, 'patch', firstItemOnly));
    expect(title.message).toBe('请填写「纠纷概要」');
  });

  it('on patch checks date order against the stored record, whichever side is sent', () => {
    const stored = { ...minimalBody(reconsideration), date: '2025-03-10', receivedOn: '2025-03-20' };
    const early = validationErrorOf(() => validateRecord(reconsideration, { receivedOn: '2025-03-01' }, 'patch', firstItemOnly, stored));
    expect(early.field).toBe('receivedOn');
    expect(early.message).toBe('「收到申请书或起诉状副本日期」不能早于「登记日期」');
    const moved = validationErrorOf(() => validateRecord(reconsideration, { date: '2025-04-01' }, 'patch', firstItemOnly, stored));
    expect(moved.field).toBe('receivedOn');
    expect(validateRecord(reconsideration, { date: '2025-03-20' }, 'patch', firstItemOnly, stored)).toEqual({ date: '2025-03-20' });
  });

  it('checks notBefore pairs between the kind\'s own dates, and not against an unknown date', () => {
    const body = { ...minimalBody(normativeDocument), issuedOn: '2025-03-10', validUntil: '2025-03-09' };
    const error = validationErrorOf(() => validateRecord(normativeDocument, body, 'create', firstItemOnly));
    expect(error.field).toBe('validUntil');
    expect(error.message).toBe('「有效期至」不能早于「印发日期」');
    // An unknown start date is no reason to refuse the end date.
    expect(validateRecord(normativeDocument, { validUntil: '2020-01-01' }, 'patch', firstItemOnly).validUntil).toBe('2020-01-01');
  });

  it('knows leap years and month lengths', () => {
    const at = (date: string) => () => validateRecord(dispute, { ...disputeBody, date }, 'create', firstItemOnly);
    expect(at('2024-02-29')().date).toBe('2024-02-29');
    for (const bad of ['2025-02-29', '2025-02-30', '2025-04-31', '2025-00-10', '2025-01-00', '25-03-08', '2025-3-8']) {
      expect(validationErrorOf(at(bad)).message, bad).toBe('「登记日期」不是有效日期，应为 年-月-日，如 2025-03-08');
    }
  });

  it('turns an empty string for an optional field into null', () => {
    const values = validateRecord(dispute, { ...disputeBody, notes: '', method: '', resolvedOn: '', mediator: '' }, 'create', firstItemOnly);
    expect(values).toMatchObject({ notes: null, method: null, resolvedOn: null, mediator: null });
  });

  it('trims text and deduplicates multiple choices', () => {
    const values = validateRecord(studySession, { ...minimalBody(studySession), title: '  宪法学习  ', tags: ['specialStudy', 'specialStudy'] }, 'create', firstItemOnly);
    expect(values.title).toBe('宪法学习');
    expect(values.tags).toEqual(['specialStudy']);
  });

  it('keeps money to the fen: two decimals pass, three do not', () => {
    const body = minimalBody(penaltyCase);
    expect(validateRecord(penaltyCase, { ...body, amount: 12.34 }, 'create', firstItemOnly).amount).toBe(12.34);
    expect(validateRecord(penaltyCase, { ...body, amount: 0.1 + 0.2 }, 'create', firstItemOnly).amount).toBeCloseTo(0.3);
    const error = validationErrorOf(() => validateRecord(penaltyCase, { ...body, amount: 12.345 }, 'create', firstItemOnly));
    expect(error.field).toBe('amount');
    expect(error.message).toBe('「罚没金额（元）」最多保留两位小数');
  });

  it('takes allowed items from the lookup, not the definition: a deactivated item is refused', () => {
    const secondCategory = declaredLists.get('dispute.category')?.[1];
    expect(secondCategory).toBeDefined();
    const error = validationErrorOf(() => validateRecord(dispute, { ...disputeBody, category: secondCategory }, 'create', firstItemOnly));
    expect(error.field).toBe('category');
    expect(error.message).toBe('「纠纷类别」的取值不在可选范围内');
  });

  it('reports every problem at once, the first as the error', () => {
    const error = validationErrorOf(() =>
      validateRecord(dispute, { orgId: VALID_ID, date: '2025-02-30', title: '', source: 'nope', status: 'registered', bogus: 1 }, 'create', firstItemOnly),
    );
    expect(error.field).toBe('bogus');
    expect(error.details?.map((d) => d.field).sort()).toEqual(['bogus', 'category', 'date', 'source', 'title']);
    expect(error.toJSON().error).toMatchObject({ id: 'validation', field: 'bogus' });
  });

  it('refuses a body that is not an object', () => {
    for (const body of [null, 'text', 42, ['a']]) {
      const error = validationErrorOf(() => validateRecord(dispute, body, 'create', firstItemOnly));
      expect(error.status).toBe(400);
      expect(error.message).toBe('请求内容应为一个对象');
    }
  });
});
