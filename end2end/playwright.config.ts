import { defineConfig } from '@playwright/test';

// The server under test: the freshly built binary with a throw-away in-memory database
// loaded with the demo data. The Makefile passes where the build put things.
const port = Number(process.env.E2E_PORT ?? 3100);
const bin = process.env.JIEDU_BIN ?? '../target/debug/jiedu';
const siteRoot = process.env.LEPTOS_SITE_ROOT ?? '../target/site';

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'zh-CN',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `${bin} serve --demo-if-empty`,
    url: `http://127.0.0.1:${port}/`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      JIEDU_DB: 'mem://',
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: siteRoot,
      LEPTOS_OUTPUT_NAME: 'jiedu',
      RUST_LOG: 'warn',
      JIEDU_PUBLISH_TICK_SECS: '1',
      JIEDU_FILES: process.env.JIEDU_FILES ?? 'test-results/files',
    },
  },
});
