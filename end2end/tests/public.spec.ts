import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

// Demo data facts (see app/src/ssr/tooling/demo.rs).
const NOTICE_TITLE = '衡东县人民政府办公室关于进一步加强政府信息公开工作的通知';
const REPEALED = { id: 'czj-2015-9', title: '衡东县政府采购管理暂行办法' };
const REPLACEMENT = { id: 'czj-2016-4', title: '衡东县政府采购管理办法' };
const WITHHELD = { id: 'xzfb-2016-8', title: '衡东县2016年应急物资储备点位布局方案' };

async function resultTitles(page: Page): Promise<string[]> {
  return page.locator('.results .policy-list .title').allTextContents();
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'JS on' : 'JS off';

  test.describe(`public site, ${mode}`, () => {
    test.use({ javaScriptEnabled });

    test('home shows the seed notice and the directories', async ({ page }) => {
      await page.goto('/');
      await expect(page.getByRole('link', { name: NOTICE_TITLE }).first()).toBeVisible();
      await expect(page.getByRole('heading', { name: '按公开目录浏览' })).toBeVisible();
      await expect(page.locator('.directory h3 a', { hasText: '法规文件' })).toBeVisible();
    });

    test('library → filter → policy page', async ({ page }) => {
      await page.goto('/policies');
      if (javaScriptEnabled) {
        // A change submits the form by itself (one line of inline script, no wasm).
        await page.selectOption('#filter-unit', 'czj');
        await page.waitForURL(/unit=czj/);
      } else {
        await page.selectOption('#filter-unit', 'czj');
        await page.getByRole('button', { name: '筛选' }).click();
        await page.waitForURL(/unit=czj/);
      }
      await expect(page.locator('#filter-unit')).toHaveValue('czj');
      const titles = await resultTitles(page);
      expect(titles.length).toBeGreaterThan(0);
      expect(titles).toContain(REPLACEMENT.title);
      await expect(page.locator('.results-count')).toHaveText(`共 ${titles.length} 件`);

      await page.getByRole('link', { name: REPLACEMENT.title, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/policies/${REPLACEMENT.id}$`));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(REPLACEMENT.title);
      const meta = page.locator('table.policy-meta');
      await expect(meta).toContainText('索引号');
      await expect(meta).toContainText('衡东县财政局');
      await expect(meta).toContainText('东财发〔2016〕4号');
      await expect(meta).toContainText('有效');
    });

    test('a repealed policy carries a banner linking to its replacement', async ({ page }) => {
      await page.goto('/policies?validity=repealed');
      await page.getByRole('link', { name: REPEALED.title, exact: true }).click();
      const banner = page.locator('.validity-banner');
      await expect(banner).toContainText('已废止');
      await banner.getByRole('link', { name: REPLACEMENT.title }).click();
      await expect(page).toHaveURL(new RegExp(`/policies/${REPLACEMENT.id}$`));
      await expect(page.locator('.validity-banner')).toHaveCount(0);
    });

    test('a withheld policy is nowhere to be found', async ({ page }) => {
      for (let p = 1; p <= 3; p++) {
        await page.goto(`/policies?page=${p}`);
        expect(await resultTitles(page)).not.toContain(WITHHELD.title);
      }
      const response = await page.goto(`/policies/${WITHHELD.id}`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { name: '页面不存在' })).toBeVisible();
      await expect(page.locator('body')).not.toContainText(WITHHELD.title);
    });

    test('an unknown address is a real 404 page', async ({ page }) => {
      const response = await page.goto('/no/such/page');
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { name: '页面不存在' })).toBeVisible();
      await page.getByRole('link', { name: '返回首页' }).click();
      await expect(page).toHaveURL(/\/$/);
    });
  });
}

test('public pages download no wasm', async ({ page }) => {
  const wasm: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) wasm.push(r.url());
  });
  await page.goto(`/policies/${REPLACEMENT.id}`);
  await page.waitForLoadState('networkidle');
  expect(wasm).toEqual([]);
  for (const path of ['/', '/policies', '/interpretations']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
  }
  expect(wasm).toEqual([]);
});
