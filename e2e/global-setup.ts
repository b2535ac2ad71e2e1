/** Once per `npm run test:e2e`: the UI built and a demo server started, stopped when the run ends. */
import type { TestProject } from 'vitest/node';
import { startServer, type RunningServer } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

let server: RunningServer | undefined;

export async function setup(project: TestProject) {
  // FAZHI_E2E_URL: run the tests against a server that is already up (it must hold the untouched demo).
  const given = process.env.FAZHI_E2E_URL;
  if (given) {
    project.provide('baseURL', given.replace(/\/$/, ''));
    return;
  }
  const started = Date.now();
  server = await startServer();
  console.log(`e2e: demo server at ${server.url} (UI built and demo loaded in ${Math.round((Date.now() - started) / 1000)} s)`);
  project.provide('baseURL', server.url);
}

export async function teardown() {
  await server?.stop();
}
