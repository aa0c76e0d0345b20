import { test, expect } from '@playwright/test';

// Demo accounts (see app/src/ssr/demo.rs and README.md).
const PASSWORD = 'jiedu-demo-2016';

for (const javaScriptEnabled of [true, false]) {
  test.describe(`staff sign-in, ${javaScriptEnabled ? 'JS on' : 'JS off'}`, () => {
    test.use({ javaScriptEnabled });

    test('the desk asks for a sign-in, a wrong password is explained, the right one leads in and out', async ({ page }) => {
      await page.goto('/desk');
      await expect(page).toHaveURL(/\/login$/);

      await page.getByLabel('登录名').fill('jsj-editor');
      await page.getByLabel('密码').fill('not-the-password');
      await page.getByRole('button', { name: '登录' }).click();
      await expect(page.getByRole('alert')).toHaveText('登录名或密码不正确。');
      await expect(page.getByLabel('登录名')).toHaveValue('jsj-editor');

      await page.getByLabel('密码').fill(PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await expect(page).toHaveURL(/\/desk$/);
      await expect(page.locator('.who')).toContainText('住房和城乡建设局编辑');
      await expect(page.getByText('衡东县老旧小区改造三年行动计划（征求意见稿）')).toBeVisible();

      await page.getByRole('button', { name: '退出登录' }).click();
      await expect(page).toHaveURL(/\/$/);
      await page.goto('/desk');
      await expect(page).toHaveURL(/\/login$/);
    });
  });
}
