/**
 * `fazhi federation add|list|remove|explain` and the `--federation` forms of `indicators` and
 * `report`: the national (multi-province) roll-up over province databases (src/federation/).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { AppContext } from '../context.js';
import { todayInChina } from '../core/dates.js';
import { AppError } from '../core/errors.js';
import { resolvePeriod } from '../indicators/period.js';
import { FederatedIndicators } from '../federation/indicators.js';
import { systemScope } from '../org/scope.js';
import { addProvince, listProvinces, removeProvince, rootLabel } from '../federation/provinces.js';
import { buildNationalReport, NATIONAL_DEFAULTS } from '../federation/report.js';
import { renderHtml } from '../report/render/html.js';
import { yearOf } from '../report/service.js';
import type { ArgSpec, CommandArgs } from './args.js';

export const FEDERATION_HELP = `  federation add --name <省份> --url postgres://用户:密码@主机:端口/库 [--schema public]
                   把一个省的法治台账库（PostgreSQL）加入全国汇总：经 postgres_fdw 建立外部服务器和外部表，
                   密码只存于用户映射，不写入记录。汇总库须为 PostgreSQL
  federation list | federation remove --name <省份>
                   列出或移除已加入汇总的省份
  federation explain --name <省份> [--year 年度]
                   显示汇总发往该省库的每条聚合查询，以及聚合是否在省库执行（下推）
`;

/** The `--federation` form of `fazhi indicators`, in its help. */
export const FEDERATED_INDICATORS_HELP = `  indicators --federation --year <年度> [--json]
                   全国（各省合计）指标：各省库分别聚合后相加，比率按合计的分子、分母计算
`;

/** The `--federation` form of `fazhi report`, in its help. */
export const FEDERATED_REPORT_HELP = `  report --federation --year <年度> --format docx|html --out <文件> [--name 全国] [--superior 主送] [--signer 落款]
                   生成全国（多省）汇总报告，附各省主要指标对照表
`;

/** What each subcommand takes, checked before the database is opened. */
export const FEDERATION_ARGS: CommandArgs = {
  subcommands: {
    add: { options: { name: { type: 'string' }, url: { type: 'string' }, schema: { type: 'string' } } },
    list: { options: {} },
    remove: { options: { name: { type: 'string' } } },
    explain: { options: { name: { type: 'string' }, year: { type: 'string' } } },
  },
};

const formatNumber = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export async function federationCommand(ctx: AppContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, url: { type: 'string' }, schema: { type: 'string' }, year: { type: 'string' } },
  });
  switch (sub) {
    case 'add': {
      if (!values.name) throw new AppError(400, 'validation', '请用 --name 指定省份名称', 'name');
      if (!values.url) throw new AppError(400, 'validation', '请用 --url 指定省库连接串（postgres://用户:密码@主机:端口/库）', 'url');
      const added = await addProvince(ctx.db, { name: values.name, url: values.url, remoteSchema: values.schema });
      console.log(`已加入汇总：${added.name}（${added.url}，根单位 ${rootLabel(added)}）`);
      return 0;
    }
    case 'list': {
      const provinces = await listProvinces(ctx.db);
      if (!provinces.length) console.log('尚未加入任何省份。用 fazhi federation add --name 省份 --url postgres://… 加入。');
      for (const p of provinces) console.log(`  ${p.name.padEnd(8)} ${p.url}  根单位 ${rootLabel(p)}  本地模式 ${p.localSchema}  加入于 ${p.addedAt.slice(0, 10)}`);
      return 0;
    }
    case 'remove': {
      if (!values.name) throw new AppError(400, 'validation', '请用 --name 指定要移除的省份', 'name');
      const removed = await removeProvince(ctx.db, values.name);
      console.log(`已移除：${removed.name}（${removed.url}）`);
      return 0;
    }
    case 'explain': {
      const province = (await listProvinces(ctx.db)).find((p) => p.name === values.name);
      if (!province) throw new AppError(404, 'not_found', values.name ? `没有名为“${values.name}”的省份` : '请用 --name 指定省份', 'name');
      const year = values.year ? yearOf(values.year) : Number(todayInChina().slice(0, 4));
      const plans = await new FederatedIndicators(ctx.db, systemScope).explain(province, resolvePeriod({ year }));
      for (const plan of plans) console.log(`${plan.pushedDown ? '下推' : '未下推'}  ${plan.query}\n    ${plan.remoteSql.replaceAll('\n', '\n    ')}`);
      const local = plans.filter((p) => !p.pushedDown);
      console.log(local.length ? `有 ${local.length} 条查询未整体下推到省库。` : `全部 ${plans.length} 条聚合查询都在省库执行，每条只返回一行。`);
      return local.length ? 1 : 0;
    }
    default:
      console.log(FEDERATION_HELP);
      return sub ? 2 : 0;
  }
}

/** What the `--federation` form of `fazhi indicators` takes, checked before the database is opened. */
export const FEDERATED_INDICATORS_ARGS = {
  options: { federation: { type: 'boolean' }, year: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean', default: false } },
} as const satisfies ArgSpec;

/** `fazhi indicators --federation --year 2025 [--json]`. */
export async function federatedIndicatorsCommand(ctx: AppContext, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: FEDERATED_INDICATORS_ARGS.options });
  const period = resolvePeriod({ year: values.year ? Number(values.year) : undefined, from: values.from, to: values.to });
  const result = await new FederatedIndicators(ctx.db, systemScope).evaluate(period);
  const name = values.name?.trim() || NATIONAL_DEFAULTS.name;
  if (values.json) {
    console.log(JSON.stringify({ name, period, values: result.values, provinces: result.provinces.map((p) => ({ name: p.province.name, url: p.province.url, root: p.province.root, values: p.values })) }, null, 2));
    return 0;
  }
  if (!result.provinces.length) {
    console.log('尚未加入任何省份。用 fazhi federation add --name 省份 --url postgres://… 加入。');
    return 1;
  }
  console.log(`${name}（${result.provinces.map((p) => p.province.name).join('、')}） ${period.from} 至 ${period.to}`);
  const shown = (v: { unit: string; value: number; numerator?: number; denominator?: number }) =>
    v.unit === '%' ? `${formatNumber(v.value)}%（${v.numerator}/${v.denominator}）` : `${formatNumber(v.value)}${v.unit}`;
  result.values.forEach((v, n) => {
    const parts = result.provinces.map((p) => `${p.province.name} ${shown(p.values[n] ?? v)}`).join('，');
    console.log(`  ${v.code.padEnd(34)} ${shown(v).padEnd(18)} ${v.label}（${v.records} 条记录；${parts}）`);
  });
  return 0;
}

/** What the `--federation` form of `fazhi report` takes, checked before the database is opened. */
export const FEDERATED_REPORT_ARGS = {
  options: {
    federation: { type: 'boolean' },
    year: { type: 'string' },
    format: { type: 'string', default: 'docx' },
    out: { type: 'string' },
    date: { type: 'string' },
    name: { type: 'string' },
    superior: { type: 'string' },
    signer: { type: 'string' },
  },
} as const satisfies ArgSpec;

/** `fazhi report --federation --year 2025 --format docx --out 全国.docx`. */
export async function federatedReportCommand(ctx: AppContext, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: FEDERATED_REPORT_ARGS.options });
  if (values.format !== 'docx' && values.format !== 'html') throw new AppError(400, 'validation', '--format 应为 docx 或 html', 'format');
  if (!values.out) throw new AppError(400, 'validation', '请用 --out 指定输出文件', 'out');
  if (!(await listProvinces(ctx.db)).length) throw new AppError(400, 'validation', '尚未加入任何省份，无法生成汇总报告', 'federation');
  const report = await buildNationalReport(ctx.db, systemScope, yearOf(values.year), { name: values.name, superior: values.superior, signer: values.signer, date: values.date });
  await writeFile(values.out, values.format === 'docx' ? await (await import('../report/render/docx.js')).renderDocx(report) : renderHtml(report, { standalone: true }));
  console.log(`已生成：${values.out}（${report.title}）`);
  for (const problem of report.problems) console.warn(`注意：${problem}`);
  return 0;
}
