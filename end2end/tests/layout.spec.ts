import type { Page, BrowserContext } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, signIn } from './fixtures';

// Layout as people see it (the Makefile installs the CJK fonts Chromium draws Chinese
// with): nothing scrolls sideways on a phone, in the large-text care mode too; wide tables
// scroll in their own box; the 分工表 keeps its merged cells; the public pages are valid
// HTML. Screenshots of the main pages at both widths are kept with the test results.

const NOTICE_ID = 'xzfb-2016-5';

/// An address of every public page type (the interpretation and Q&A item looked up).
async function publicPages(page: Page): Promise<string[]> {
  await page.goto('/interpretations');
  const article = await page.locator('.article-list a.title').first().getAttribute('href');
  await page.goto('/qa');
  const qa = await page.locator('a[href^="/qa/"]').first().getAttribute('href');
  return [
    '/',
    '/policies',
    '/policies?dir=fgwj&page=1',
    `/policies/${NOTICE_ID}`,
    '/interpretations',
    article!,
    '/qa',
    qa!,
    '/ask',
    '/apply',
    '/track',
    '/search?q=%E5%85%AC%E5%BC%80',
    '/feeds',
    '/no-such-page',
  ];
}

async function sideways(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

async function careMode(context: BrowserContext, baseURL: string, on: boolean) {
  await context.addCookies([{ name: 'jiedu_care', value: on ? 'on' : 'off', url: baseURL }]);
}

test('the CJK fonts are installed: Chinese is drawn with a CJK face, not boxes', async ({ page }) => {
  await page.goto(`/policies/${NOTICE_ID}`);
  const width = await page.evaluate(() => {
    const probe = document.createElement('span');
    probe.textContent = '政府信息公开';
    document.body.append(probe);
    const w = probe.getBoundingClientRect().width;
    probe.remove();
    return w;
  });
  const fonts = await page.evaluate(() => document.fonts.check('16px "Noto Sans CJK SC"'));
  expect(fonts).toBe(true);
  expect(width).toBeGreaterThan(50);
});

for (const width of [320, 375]) {
  for (const care of [false, true]) {
    test(`nothing scrolls sideways at ${width} px${care ? ' in care mode' : ''}: every public page type`, async ({ page, context, baseURL }) => {
      test.setTimeout(90_000);
      await page.setViewportSize({ width, height: 700 });
      const paths = await publicPages(page);
      await careMode(context, baseURL!, care);
      for (const path of paths) {
        await page.goto(path);
        expect(await sideways(page), path).toBeLessThanOrEqual(0);
        // Every form control keeps inside the page.
        const outside = await page.evaluate(() =>
          [...document.querySelectorAll('select, input, textarea, button')]
            .filter((el) => (el as HTMLElement).offsetParent !== null)
            .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map((el) => el.outerHTML.slice(0, 80)),
        );
        expect(outside, path).toEqual([]);
      }
    });

    test(`the plan page does not scroll sideways at ${width} px${care ? ' in care mode' : ''}`, async ({ browser, baseURL }) => {
      const editor = await signIn(browser, 'xzfb-editor');
      await careMode(editor.context(), baseURL!, care);
      await editor.setViewportSize({ width, height: 700 });
      for (const path of [`/desk/policies/${NOTICE_ID}/plan`, '/desk', '/desk/policies', '/desk/inbox']) {
        await editor.goto(path);
        expect(await sideways(editor), path).toBeLessThanOrEqual(0);
      }
    });
  }
}

test('the library filters stay inside their column at 1280 px and in care mode on a phone', async ({ page, context, baseURL }) => {
  for (const [width, care] of [[1280, false], [1280, true], [320, true]] as const) {
    await careMode(context, baseURL!, care);
    await page.setViewportSize({ width, height: 800 });
    await page.goto('/policies');
    const column = await page.locator('aside.filters').boundingBox();
    for (const select of await page.locator('aside.filters select').all()) {
      const box = (await select.boundingBox())!;
      expect(box.x + box.width, `${width}${care ? ' care' : ''}`).toBeLessThanOrEqual(column!.x + column!.width + 1);
    }
  }
});

test('on a phone in care mode the page begins on the first screen, and the search box shows its hint', async ({ page, context, baseURL }) => {
  await careMode(context, baseURL!, true);
  await page.setViewportSize({ width: 375, height: 667 });
  await page.goto(`/policies/${NOTICE_ID}`);
  const header = (await page.locator('header.site-header').boundingBox())!;
  expect(header.height).toBeLessThan(667 / 2);
  // The title comes before the metadata table on a phone.
  const title = (await page.locator('h1.policy-title').boundingBox())!;
  const meta = (await page.locator('table.policy-meta').boundingBox())!;
  expect(title.y).toBeLessThan(meta.y);
  expect(title.y).toBeLessThan(667);
  const input = page.locator('#site-q');
  const cut = await input.evaluate((el: HTMLInputElement) => {
    const probe = document.createElement('span');
    const style = getComputedStyle(el);
    probe.style.font = style.font;
    probe.style.position = 'absolute';
    probe.textContent = el.placeholder;
    document.body.append(probe);
    const needed = probe.getBoundingClientRect().width;
    probe.remove();
    return needed - (el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
  });
  expect(cut).toBeLessThanOrEqual(1);
});

test('the 分工表 keeps its merged cells and scrolls inside its own box on a phone', async ({ page }) => {
  await page.goto(`/policies/${NOTICE_ID}`);
  const table = page.locator('.policy-body table');
  await expect(table.locator('thead th[colspan="2"]')).toHaveText('信息公开内容');
  await expect(table.locator('th[scope="rowgroup"][rowspan="5"]', { hasText: '公共资源配置' })).toHaveCount(1);
  await expect(table.locator('th[scope="rowgroup"][rowspan="3"]', { hasText: '公共服务信息' })).toHaveCount(1);
  await expect(table.locator('th[scope="row"][rowspan="2"]', { hasText: '工程建设' })).toHaveCount(1);
  // Accounts stay in the accounts column: the last cell of the 政府采购 row is czj.
  await expect(table.locator('tr', { hasText: '政府采购,政府招投标' }).locator('td').last()).toHaveText('czj');

  await page.setViewportSize({ width: 375, height: 700 });
  await page.goto(`/policies/${NOTICE_ID}`);
  expect(await sideways(page)).toBeLessThanOrEqual(0);
  const scroller = page.locator('.policy-body .table-scroll').first();
  const box = await scroller.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, height: el.getBoundingClientRect().height }));
  expect(box.scroll).toBeGreaterThan(box.client);
  // Readable columns, not one character wide: the table is not thousands of pixels tall.
  expect(box.height).toBeLessThan(4000);
});

test('screenshots of the main pages at 1280 and 375 px', async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  const editor = await signIn(browser, 'xzfb-editor');
  const shots: [Page, string, string][] = [
    [page, 'home', '/'],
    [page, 'policy', `/policies/${NOTICE_ID}`],
    [page, 'library', '/policies'],
    [page, 'search', '/search?q=%E5%85%AC%E5%BC%80'],
    [editor, 'desk', '/desk'],
    [editor, 'plan', `/desk/policies/${NOTICE_ID}/plan`],
    [editor, 'inbox', '/desk/inbox'],
  ];
  for (const width of [1280, 375]) {
    for (const [who, name, path] of shots) {
      await who.setViewportSize({ width, height: 900 });
      await who.goto(path);
      await who.screenshot({ path: testInfo.outputPath(`${name}-${width}.png`), fullPage: true });
    }
  }
});

/// What the Nu HTML checker reports on a page, less Leptos's own hydration markers.
test('the public pages are valid HTML (Nu HTML checker)', async ({ page, request }) => {
  test.setTimeout(120_000);
  const paths = await publicPages(page);
  const dir = mkdtempSync(join(tmpdir(), 'jiedu-vnu-'));
  try {
    const files: string[] = [];
    for (const [n, path] of paths.entries()) {
      const response = await request.get(path);
      const file = join(dir, `${n}.html`);
      writeFileSync(file, await response.text());
      files.push(file);
    }
    const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
    let output = '';
    try {
      execFileSync('java', ['-jar', jar, '--errors-only', '--format', 'json', ...files], { stdio: 'pipe' });
    } catch (failed) {
      output = String((failed as { stderr: Buffer }).stderr ?? '');
    }
    const messages: { url: string; message: string; extract?: string }[] = output ? JSON.parse(output).messages : [];
    const errors = messages
      .filter((m) => !leptosMarker(m.message, m.extract ?? ''))
      .map((m) => `${paths[Number(m.url.split('/').pop()!.replace('.html', ''))]}: ${m.message} ${m.extract ?? ''}`);
    expect(errors).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/// Leptos's own markers: the `<leptos-island>` custom elements and their `data-*`
/// properties, which a page with islands carries for hydration.
function leptosMarker(message: string, extract: string): boolean {
  // `<!>`: the empty comments Leptos writes between a view's parts.
  if (message.startsWith('Bogus comment') && extract.includes('<!>')) return true;
  // The resolved resources Leptos's streaming renderer appends after `</html>`, and the
  // checker giving up after it.
  if (message.startsWith('Stray start tag “script”') && extract.includes('__RESO')) return true;
  if (message.startsWith('Cannot recover after last error')) return true;
  return /leptos-island|leptos-children/.test(message + extract);
}
