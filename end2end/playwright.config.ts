import { defineConfig } from '@playwright/test';

// Each spec file runs against a server of its own, which `tests/fixtures.ts` starts (the
// freshly built binary over an in-memory database with the demo data, on a port the
// server picks) and which every test's `baseURL` points at. The Makefile passes where the
// build put things (JIEDU_BIN, LEPTOS_SITE_ROOT).
export default defineConfig({
  testDir: './tests',
  // Files are independent (a server each); tests inside a file run in order.
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  // A failure is a failure: nothing is retried until it passes.
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  timeout: 30_000,
  use: {
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
});
