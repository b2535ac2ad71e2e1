#!/usr/bin/env node
// The `fazhi` command. Runs the build in dist/ (made by `npm run build`, and by `npm start` before it
// serves). Right after `npm install` there is no build yet: then the TypeScript sources run through tsx,
// a devDependency that a plain `npm install` installs, so `npx fazhi …` works at once. Building in
// `prepare` instead would make every `npm ci` compile the server and the web UI.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const built = new URL('dist/cli/main.js', root);

if (existsSync(fileURLToPath(built))) {
  await import(built.href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    console.error('还没有编译好的程序（dist/cli/main.js），也没有安装 tsx 来直接运行源码：请先运行 npm run build（或 npm install 安装开发依赖）。');
    process.exit(1);
  }
  register();
  await import(new URL('src/cli/main.ts', root).href);
}
