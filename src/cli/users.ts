/** `fazhi user add|unlock|reset`: what an operator does on the server itself. */
import { parseArgs } from 'node:util';
import { AppError } from '../core/errors.js';
import type { AppContext } from '../context.js';
import { findOrgByIdOrName } from '../org/repository.js';
import type { Role } from '../accounts/roles.js';
import type { Actor } from '../org/scope.js';
import type { CommandArgs } from './args.js';

/** The role codes the command line takes. */
export const CLI_ROLES: Record<string, Role> = {
  system_admin: 'systemAdmin',
  security_admin: 'securityAdmin',
  audit_admin: 'auditAdmin',
  town_office: 'townOffice',
  department: 'departmentClerk',
  grid_worker: 'gridWorker',
  leader: 'leader',
  county_reviewer: 'countyReviewer',
};

/** What each subcommand takes, checked before the database is opened. */
export const USER_ARGS: CommandArgs = {
  subcommands: {
    add: {
      options: { username: { type: 'string' }, role: { type: 'string' }, org: { type: 'string' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    },
    unlock: { options: { username: { type: 'string' } }, positionals: true },
    reset: { options: { username: { type: 'string' } }, positionals: true },
    email: { options: {}, positionals: true },
  },
};

const OPERATOR: Actor = { userId: null, name: '命令行操作员', role: 'system', ip: null };

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export async function userCommand(ctx: AppContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      org: { type: 'string' },
      name: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
    },
  });
  switch (sub) {
    case 'add': {
      const role = CLI_ROLES[values.role ?? ''];
      if (!role) throw new AppError(400, 'validation', `--role 应为 ${Object.keys(CLI_ROLES).join('、')} 之一`, 'role');
      if (!values.username) throw new AppError(400, 'validation', '请用 --username 指定用户名', 'username');
      const units = await findOrgByIdOrName(ctx.db, values.org ?? '');
      if (units.length !== 1 || !units[0]) throw new AppError(400, 'validation', `--org 应为唯一的单位编号或名称（找到 ${units.length} 个）`, 'org');
      if (!values['password-stdin']) throw new AppError(400, 'validation', '请加 --password-stdin 并从标准输入提供密码（密码不应出现在命令行中）', 'password');
      const password = await readStdin();
      const user = await ctx.accounts.createUser(
        { username: values.username, password, displayName: values.name ?? values.username, role, orgId: units[0].id, mustChangePassword: true },
        OPERATOR,
      );
      console.log(`已创建用户 ${user.username}（${values.role}，${units[0].name}）；首次登录须修改密码。`);
      return 0;
    }
    case 'unlock': {
      const username = positionals[0] ?? values.username;
      if (!username) throw new AppError(400, 'validation', '请指定用户名', 'username');
      await ctx.accounts.unlock(username, OPERATOR);
      console.log(`已解除 ${username} 的登录锁定。`);
      return 0;
    }
    case 'reset': {
      const username = positionals[0] ?? values.username;
      const user = username ? await ctx.accounts.findByUsername(username) : undefined;
      if (!user) throw new AppError(404, 'not_found', `没有用户“${username ?? ''}”`, 'username');
      const password = await ctx.accounts.resetPassword(user.id, OPERATOR);
      console.log(`${user.username} 的一次性密码（仅显示这一次，登录后须修改）：${password}`);
      return 0;
    }
    case 'email': {
      // The address the daily digest goes to; an empty one stops the mail.
      const [username, address = ''] = positionals;
      const user = username ? await ctx.accounts.findByUsername(username) : undefined;
      if (!user) throw new AppError(404, 'not_found', `没有用户“${username ?? ''}”`, 'username');
      if (address && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) throw new AppError(400, 'validation', `“${address}”不是有效的电子邮箱地址`, 'email');
      await ctx.db.kysely.updateTable('app_user').set({ email: address || null, updated_at: new Date().toISOString() }).where('id', '=', user.id).execute();
      console.log(address ? `${user.username} 的每日待办摘要将发送到 ${address}。` : `已清除 ${user.username} 的电子邮箱，不再发送每日摘要。`);
      return 0;
    }
    default:
      console.log('用法：fazhi user add --username 名称 --role 角色 --org 单位 [--name 姓名] --password-stdin\n      fazhi user unlock 用户名\n      fazhi user reset 用户名\n      fazhi user email 用户名 [邮箱]');
      return sub ? 2 : 0;
  }
}
