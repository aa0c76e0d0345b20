import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

const PASSWORD = 'jiedu-demo-2016';

async function signIn(page: Page, login: string) {
  await page.goto('/login');
  await page.getByLabel('登录名').fill(login);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/desk$/);
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/$/);
}

function item(page: Page, section: string, title: string) {
  return page.locator('section', { has: page.getByRole('heading', { name: section }) }).locator('li', { hasText: title });
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'JS on' : 'JS off';
  test.describe(`policy workflow, ${mode}`, () => {
    test.use({ javaScriptEnabled });
    test(`draft → submit → return → resubmit → approve → publish → public → history`, async ({ page }) => {
      test.setTimeout(90_000);
      const title = `衡东县政务公开测试办法（${mode}）`;

      // The editor registers a draft; a first attempt without a title comes back with the body kept.
      await signIn(page, 'czj-editor');
      await page.getByRole('link', { name: '登记政策文件' }).click();
      await page.getByLabel('成文日期').fill('2017-03-01');
      await page.getByLabel('主题分类').selectOption('fgwj');
      await page.getByLabel('正文（HTML）').fill('<p>第一条　为规范政务公开，制定本办法。</p>');
      await page.getByLabel('标题').evaluate((el: HTMLInputElement) => el.removeAttribute('required'));
      await page.getByRole('button', { name: '保存草稿' }).click();
      await expect(page.getByText('标题不能为空')).toBeVisible();
      await expect(page.getByLabel('正文（HTML）')).toHaveValue('<p>第一条　为规范政务公开，制定本办法。</p>');
      await page.getByLabel('标题').fill(title);
      await page.getByRole('button', { name: '保存草稿' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

      await page.goto('/desk');
      await item(page, '本单位草稿与退回件', title).getByRole('button', { name: '提交审签' }).click();
      await signOut(page);

      // The reviewer returns it with a comment.
      await signIn(page, 'dzzwb-reviewer');
      const waiting = item(page, '待审签', title);
      await waiting.getByPlaceholder('退回意见').fill('请补充制定依据');
      await waiting.getByRole('button', { name: '退回' }).click();
      await signOut(page);

      // The editor sees the comment, resubmits.
      await signIn(page, 'czj-editor');
      await item(page, '本单位草稿与退回件', title).getByRole('link', { name: title }).click();
      await expect(page.getByText('审签意见：请补充制定依据')).toBeVisible();
      await page.goto('/desk');
      await item(page, '本单位草稿与退回件', title).getByRole('button', { name: '提交审签' }).click();
      await signOut(page);

      // The reviewer approves and publishes.
      await signIn(page, 'dzzwb-reviewer');
      await item(page, '待审签', title).getByRole('button', { name: '审签通过' }).click();
      await item(page, '已审签待发布', title).getByRole('button', { name: '发布' }).click();
      await signOut(page);

      // The public sees it; the history lists every step with actor and time.
      await page.goto('/policies?unit=czj');
      await page.getByRole('link', { name: title, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
      const id = page.url().split('/').pop();

      await signIn(page, 'czj-editor');
      await page.goto(`/desk/policies/${id}`);
      const rows = page.locator('table.history tbody tr');
      await expect(rows).toHaveCount(6);
      for (const [n, actor, step] of [
        // People by name and steps in words.
        [0, '财政局编辑', '新建'],
        [1, '财政局编辑', '提交审签'],
        [2, '欧艳波', '退回'],
        [3, '财政局编辑', '提交审签'],
        [4, '欧艳波', '审签通过'],
        [5, '欧艳波', '发布'],
      ] as const) {
        await expect(rows.nth(n)).toContainText(actor);
        await expect(rows.nth(n)).toContainText(step);
        await expect(rows.nth(n).locator('td').first()).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      }
    });
  });
}
