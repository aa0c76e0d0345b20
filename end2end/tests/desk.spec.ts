import { test, expect } from './fixtures';

// Demo accounts (see app/src/ssr/tooling/demo.rs and README.md).
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
      await expect(page.locator('section', { has: page.getByRole('heading', { name: '本单位草稿与退回件' }) }).getByText('衡东县老旧小区改造三年行动计划（征求意见稿）')).toBeVisible();
      // A major draft without an approved plan is flagged too.
      await expect(page.locator('.signals')).toContainText('衡东县老旧小区改造三年行动计划（征求意见稿）');

      await page.getByRole('button', { name: '退出登录' }).click();
      await expect(page).toHaveURL(/\/$/);
      await page.goto('/desk');
      await expect(page).toHaveURL(/\/login$/);
    });

    test('an admin adds an account: a rejected form names the field and keeps the input', async ({ page }) => {
      const login = `qa-editor-${javaScriptEnabled ? 'js' : 'nojs'}`;
      await page.goto('/login');
      await page.getByLabel('登录名').fill('admin');
      await page.getByLabel('密码').fill(PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.goto('/admin');

      const form = page.locator('form[action="/api/admin_add_user"]');
      await form.getByLabel('登录名').fill(login);
      await form.getByLabel('名称').fill('质检编辑');
      await form.getByLabel('编辑').check();
      await form.getByLabel('密码').fill('long-enough-password');
      await form.getByRole('button', { name: '新增账号' }).click();

      await expect(page.locator('#new-unit-error')).toHaveText('编辑须属于一个单位');
      await expect(form.getByLabel('登录名')).toHaveValue(login);
      await expect(form.getByLabel('名称')).toHaveValue('质检编辑');
      await expect(form.getByLabel('编辑')).toBeChecked();
      await expect(form.getByLabel('密码')).toHaveValue('');

      await form.getByLabel('所属单位').selectOption('czj');
      await form.getByLabel('密码').fill('long-enough-password');
      await form.getByRole('button', { name: '新增账号' }).click();
      await expect(page.locator('#users tbody')).toContainText(login);
      await expect(page.locator('#users [role="alert"]')).toHaveCount(0);
    });
  });
}
