import { test, expect, signIn } from './fixtures';

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

for (const javaScriptEnabled of [true, false]) {
  test(`an editor goes from signing in to a new interpretation of a unit policy without typing an address, JS ${javaScriptEnabled ? 'on' : 'off'}`, async ({ browser }) => {
    const editor = await signIn(browser, 'czj-editor', javaScriptEnabled);
    const title = `政府采购管理办法怎么看（${javaScriptEnabled ? '有脚本' : '无脚本'}）`;
    // The unit's policies are on the desk; the whole list is one link away, searchable.
    await editor.getByRole('link', { name: /查看全部并筛选/ }).click();
    await expect(editor).toHaveURL(/\/desk\/policies$/);
    await editor.getByLabel('标题或文号').fill('采购');
    await editor.getByRole('button', { name: '筛选' }).click();
    await expect(editor).toHaveURL(/q=%E9%87%87%E8%B4%AD/);
    await expect(editor.locator('table.work-table tbody tr')).toHaveCount(2);
    await editor.getByRole('link', { name: '衡东县政府采购管理办法', exact: true }).click();
    await expect(editor).toHaveURL(/\/desk\/policies\/czj-2016-4$/);
    await editor.getByRole('link', { name: '为此政策撰写解读' }).click();
    await expect(editor).toHaveURL(/\/desk\/articles\/new\?policy=czj-2016-4$/);
    await editor.getByLabel('标题').fill(title);
    await editor.getByLabel('作者').fill('县财政局');
    if (javaScriptEnabled) {
      await editor.locator('.rte-surface').click();
      await editor.keyboard.type('一、办法规范了政府采购的全过程。');
    } else {
      await editor.locator('textarea[name="body"]').fill('<p>一、办法规范了政府采购的全过程。</p>');
    }
    await editor.getByRole('button', { name: '保存' }).click();
    await expect(editor).toHaveURL(/\/desk\/articles\/[a-z0-9]+$/);
    await expect(editor.getByRole('heading', { level: 1 })).toHaveText(title);
    // What the editor did is on the desk, as a sentence with the item's title.
    await editor.getByRole('link', { name: '工作台' }).first().click();
    const mine = editor.locator('section', { has: editor.getByRole('heading', { name: '我最近的操作' }) });
    await expect(mine).toContainText('财政局编辑');
    await expect(mine.getByRole('link', { name: `《${title}》` })).toBeVisible();
    await editor.context().close();
  });
}

for (const javaScriptEnabled of [true, false]) {
  test(`a reviewer publishes a major policy without its same-day item, giving the reason on the page, JS ${javaScriptEnabled ? 'on' : 'off'}`, async ({ browser }) => {
    test.setTimeout(90_000);
    const title = `衡东县财政票据管理办法（${javaScriptEnabled ? '甲' : '乙'}${Date.now() % 100000}）`;
    const editor = await signIn(browser, 'czj-editor', javaScriptEnabled);
    await editor.getByRole('link', { name: '登记政策文件' }).click();
    await editor.getByLabel('标题').fill(title);
    await editor.getByLabel('成文日期').fill('2026-11-20');
    await editor.getByLabel('主题分类').selectOption('fgwj');
    await editor.getByLabel('重大政策').check();
    await editor.getByLabel('正文（HTML）').fill('<p>第一条　为规范财政票据管理，制定本办法。</p>');
    await editor.getByRole('button', { name: '保存草稿' }).click();
    await expect(editor).toHaveURL(/\/desk\/policies\/[a-z0-9-]+$/);
    const id = new URL(editor.url()).pathname.split('/').pop()!;
    await editor.getByRole('link', { name: /解读方案/ }).click();
    await editor.getByLabel('出台背景').fill('规范财政票据。');
    await editor.getByLabel('解读要点').fill('票据怎么开、怎么查。');
    await editor.getByRole('button', { name: '保存', exact: true }).click();
    await editor.getByLabel('新议题').fill('票据怎么查验？');
    await editor.getByRole('button', { name: '添加议题' }).click();
    await editor.getByLabel('形式', { exact: true }).selectOption('graphic');
    await editor.getByLabel('期限类型').selectOption('working_days');
    await editor.getByLabel('偏移量').fill('0');
    await editor.getByRole('button', { name: '添加节点' }).click();
    await editor.getByRole('button', { name: '提交方案审签' }).click();
    await editor.goto(`/desk/policies/${id}`);
    await editor.getByRole('button', { name: '提交审签' }).click();

    const reviewer = await signIn(browser, 'dzzwb-reviewer', javaScriptEnabled);
    await reviewer.goto(`/desk/policies/${id}/plan`);
    await reviewer.getByRole('button', { name: '审签通过方案' }).click();
    await reviewer.goto(`/desk/policies/${id}`);
    await reviewer.getByRole('button', { name: '审签通过' }).click();
    await expect(reviewer.locator('.badge.status').first()).toHaveText('已审签');
    // The page says why it cannot simply be published, and asks for the reason.
    const blocked = reviewer.locator('.sync-blocked');
    await expect(blocked).toContainText('同步部署');
    await expect(blocked).toContainText('图解');
    // The editor sees the same refusal, but no form to override it.
    await editor.goto(`/desk/policies/${id}`);
    await expect(editor.locator('.sync-blocked')).toContainText('同步部署');
    await expect(editor.locator('textarea[name="override_reason"]')).toHaveCount(0);
    const reason = reviewer.getByLabel('例外发布理由（必填，记入办理记录）');
    await expect(reason).toHaveAttribute('required', '');
    await reason.fill('图解稿需补充数据，次日发布');
    await reviewer.getByRole('button', { name: '填写理由后例外发布' }).click();
    await expect(reviewer.locator('.badge.status').first()).toHaveText('已发布');
    await expect(reviewer.locator('table.history')).toContainText('同步部署例外：图解稿需补充数据，次日发布');
    await expect(reviewer.locator('table.history')).toContainText('欧艳波');

    await editor.reload();
    await expect(editor.locator('.badge.status').first()).toHaveText('已发布');
    await editor.context().close();
    await reviewer.context().close();
  });
}
