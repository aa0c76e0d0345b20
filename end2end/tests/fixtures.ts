import { test as base, expect, APIRequestContext, Browser, Page } from '@playwright/test';
import { spawn, ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Every spec file gets a server of its own: the freshly built binary over a new in-memory
// database loaded with the demo data, on a port the system picks when the server binds
// it (LEPTOS_SITE_ADDR=127.0.0.1:0; the server logs the address it got). No spec sees
// what another wrote, so the files pass in any order and on any number of workers.
// Tests inside one file share its server and run in the order written.

const bin = process.env.JIEDU_BIN ?? '../target/debug/jiedu';
const siteRoot = process.env.LEPTOS_SITE_ROOT ?? '../target/site';
/// Starting one (debug build: migrate, load the demo, listen) on a busy machine.
const START_TIMEOUT = 120_000;

class Server {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly files: string,
    /// Whether its warnings and errors still go to the run's output (not while stopping).
    private readonly log: { forward: boolean },
  ) {}

  static start(): Promise<Server> {
    const files = mkdtempSync(join(tmpdir(), 'jiedu-e2e-files-'));
    const child = spawn(bin, ['serve', '--demo-if-empty'], {
      env: {
        ...process.env,
        JIEDU_DB: 'mem://',
        LEPTOS_SITE_ADDR: '127.0.0.1:0',
        LEPTOS_SITE_ROOT: siteRoot,
        LEPTOS_OUTPUT_NAME: 'jiedu',
        // Warnings and errors, and the line that names the address.
        RUST_LOG: 'warn,jiedu=info',
        JIEDU_PUBLISH_TICK_SECS: '1',
        JIEDU_FILES: files,
        // The clock tests move (docs/SECURITY.md, 10): never set outside this suite.
        JIEDU_TEST_CLOCK: '1',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const log = { forward: false };
    return new Promise((resolve, reject) => {
      const seen: string[] = [];
      let ready = false;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the server did not start in ${START_TIMEOUT} ms:\n${seen.join('\n')}`));
      }, START_TIMEOUT);
      createInterface({ input: child.stderr! }).on('line', (line) => {
        const listening = /listening on (http:\/\/[0-9.]+:[0-9]+)/.exec(line);
        if (listening && !ready) {
          ready = true;
          log.forward = true;
          clearTimeout(timer);
          resolve(new Server(listening[1], child, files, log));
        } else if (!/\bINFO\b/.test(line)) {
          seen.push(line);
          if (log.forward) process.stderr.write(`jiedu: ${line}\n`);
        }
      });
      child.on('exit', (code) => {
        if (!ready) {
          clearTimeout(timer);
          reject(new Error(`the server exited (${code}) before listening:\n${seen.join('\n')}`));
        }
      });
    });
  }

  async stop(): Promise<void> {
    this.log.forward = false;
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      const killer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(this.files, { recursive: true, force: true });
  }
}

/// The server of the spec file a worker is running; started when the file's first test
/// asks for it, stopped when the worker moves on to another file.
class Servers {
  private current?: { file: string; server: Server };

  async for(file: string): Promise<string> {
    if (this.current?.file !== file) {
      await this.stop();
      this.current = { file, server: await Server.start() };
    }
    return this.current.server.url;
  }

  async stop(): Promise<void> {
    await this.current?.server.stop();
    this.current = undefined;
  }
}

export const test = base.extend<object, { servers: Servers }>({
  servers: [
    async ({}, use) => {
      const servers = new Servers();
      await use(servers);
      await servers.stop();
    },
    { scope: 'worker' },
  ],
  // Every page, context and request of a test goes to its file's server.
  baseURL: [
    async ({ servers }, use, testInfo) => {
      await use(await servers.for(testInfo.file));
    },
    { timeout: START_TIMEOUT },
  ],
});

export { expect };

/// The server's clock (docs/SECURITY.md, 10), as a time.
export async function serverNow(request: APIRequestContext): Promise<Date> {
  const response = await request.get('/test/clock');
  expect(response.status(), 'the server runs with JIEDU_TEST_CLOCK=1').toBe(200);
  return new Date(await response.text());
}

/// Moves the server's clock `seconds` forward; returns its new time.
export async function advanceClock(request: APIRequestContext, baseURL: string, seconds: number): Promise<Date> {
  const response = await request.post(`/test/clock?advance_secs=${seconds}`, {
    headers: { Origin: new URL(baseURL).origin },
  });
  expect(response.status()).toBe(200);
  return new Date(await response.text());
}

/// Lets everything a page with JavaScript on has queued run: its `load` event (which waits
/// until every image has loaded or failed and fired its handler), then two turns of the
/// event loop for events queued during parsing (a `<details open>`'s toggle). What would
/// run on the page (an injected handler, a late script) has run by then: no fixed wait.
/// (With JavaScript off nothing runs, timers included: wait for `load` alone.)
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.evaluate(() => new Promise<void>((resolve) => setTimeout(() => setTimeout(resolve, 0), 0)));
}

// The demo accounts' password (app/src/ssr/tooling/demo.rs, README.md).
export const DEMO_PASSWORD = 'jiedu-demo-2016';

// Signs a demo account in, in a context of its own, and lands on the desk.
export async function signIn(browser: Browser, login: string, javaScriptEnabled = true): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'zh-CN', javaScriptEnabled })).newPage();
  await page.goto('/login');
  await page.getByLabel('登录名').fill(login);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/desk$/);
  return page;
}
