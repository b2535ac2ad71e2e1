/**
 * Extra PostgreSQL clusters on loopback ports, for tests that need more than one server (the
 * federated roll-up reads province servers through postgres_fdw). Debian's postgresql-common
 * makes and removes them (pg_createcluster, pg_ctlcluster, pg_dropcluster); that needs root.
 * Clusters are named fazhi_fed_<pid>_<n>, so a run can clear what a killed run left behind.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

export interface ExtraCluster {
  version: string;
  name: string;
  port: number;
  /** A connection URL to a database of this cluster (trust authentication, user postgres). */
  url(database: string): string;
}

const PREFIX = 'fazhi_fed_';
const run = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const runAsync = promisify(execFile);

/** Why extra clusters cannot be made here (undefined when they can). */
export function clustersUnavailable(): string | undefined {
  const missing = ['pg_createcluster', 'pg_ctlcluster', 'pg_dropcluster', 'pg_lsclusters'].filter((c) => !existsSync(`/usr/bin/${c}`));
  if (missing.length) return `没有 ${missing.join('、')}（Debian 的 postgresql-common）`;
  if (process.getuid?.() !== 0) return 'pg_createcluster 需要 root 权限';
  if (!installedVersion()) return '/usr/lib/postgresql 下没有 PostgreSQL 服务端';
  return undefined;
}

/** The newest PostgreSQL server installed. */
function installedVersion(): string | undefined {
  if (!existsSync('/usr/lib/postgresql')) return undefined;
  return readdirSync('/usr/lib/postgresql')
    .filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/postgres`))
    .sort((a, b) => Number(b) - Number(a))[0];
}

interface Listed {
  version: string;
  name: string;
  port: number;
}

function listClusters(): Listed[] {
  return run('pg_lsclusters', ['--no-header'])
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 3)
    .map(([version = '', name = '', port = '']) => ({ version, name, port: Number(port) }));
}

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

async function freePort(taken: Set<number>): Promise<number> {
  for (let port = 5433; port < 5533; port++) if (!taken.has(port) && (await portIsFree(port))) return port;
  throw new Error('5433–5532 之间没有空闲端口');
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Drops clusters left by runs whose process is gone. */
export function dropOrphanClusters() {
  for (const c of listClusters()) {
    const pid = Number(c.name.slice(PREFIX.length).split('_')[0]);
    if (c.name.startsWith(PREFIX) && pid && !alive(pid)) run('pg_dropcluster', ['--stop', c.version, c.name]);
  }
}

let made = 0;

/**
 * Creates and starts `count` clusters on free loopback ports, in parallel: trust authentication,
 * no fsync (test data only). Ports are chosen one after another first, so no two pick the same.
 */
export async function createClusters(count: number): Promise<ExtraCluster[]> {
  const version = installedVersion();
  if (!version) throw new Error('没有可用的 PostgreSQL 服务端');
  const taken = new Set(listClusters().map((c) => c.port));
  const ports: number[] = [];
  for (let n = 0; n < count; n++) {
    const port = await freePort(taken);
    taken.add(port);
    ports.push(port);
  }
  const results = await Promise.allSettled(ports.map((port) => createCluster(version, port)));
  const failed = results.find((r) => r.status === 'rejected');
  if (!failed) return results.map((r) => (r as PromiseFulfilledResult<ExtraCluster>).value);
  for (const r of results) if (r.status === 'fulfilled') dropCluster(r.value);
  throw failed.reason;
}

async function createCluster(version: string, port: number): Promise<ExtraCluster> {
  const name = `${PREFIX}${process.pid}_${++made}`;
  const settings = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'shared_buffers=32MB', 'max_connections=40'];
  await runAsync('pg_createcluster', [version, name, '-p', String(port), '--start-conf', 'manual', ...settings.flatMap((s) => ['-o', s]), '--', '--auth=trust', '--no-sync']);
  try {
    // Not through systemd: CI machines and containers have none.
    await runAsync('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, 'start']);
  } catch (error) {
    run('pg_dropcluster', ['--stop', version, name]);
    throw error;
  }
  return { version, name, port, url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}` };
}

export function dropCluster(cluster: ExtraCluster) {
  run('pg_dropcluster', ['--stop', cluster.version, cluster.name]);
}
