import { test, expect, signIn as staff } from './fixtures';

// The seed notice (app/src/ssr/tooling/demo.rs).
const NOTICE = 'xzfb-2016-5';

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'JS on' : 'JS off';
  test(`a citizen asks, the county answers on the record (${mode})`, async ({ browser }) => {
    test.setTimeout(90_000);
    const marker = `${mode}-${Date.now() % 100000}`;
    const original = `我是城关镇居民孙七，电话13912345678。公开目录里的“工作进展”多久更新一次？（${marker}）`;
    const published = `公开目录里的“工作进展”多久更新一次？（${marker}）`;

    // The citizen asks under the seed notice and gets a code.
    const citizen = await (await browser.newContext({ locale: 'zh-CN', javaScriptEnabled })).newPage();
    await citizen.goto(`/policies/${NOTICE}`);
    const ask = citizen.locator('#ask');
    await ask.getByLabel('您的问题').fill(original);
    await ask.getByLabel('联系方式').fill('13912345678');
    await ask.getByRole('button', { name: '提交' }).click();
    await expect(citizen).toHaveURL(/\/track\?code=/);
    const code = new URL(citizen.url()).searchParams.get('code')!;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await expect(citizen.getByText('待处理')).toBeVisible();

    // The office's editor finds it in the inbox and hands it to the unit that answers.
    const office = await staff(browser, 'xzfb-editor', javaScriptEnabled);
    await office.getByRole('link', { name: '公众留言' }).click();
    await office.getByRole('link', { name: code }).click();
    await expect(office.locator('.private')).toHaveText('13912345678');
    await office.getByLabel('转交其他单位').selectOption('czj');
    await office.getByRole('button', { name: '转交其他单位' }).click();

    // The 财政局 editor accepts it (routine: due in working days) and answers.
    const editor = await staff(browser, 'czj-editor', javaScriptEnabled);
    await editor.goto(`/desk/concerns/${code}`);
    await editor.getByLabel('回应类别').selectOption('routine');
    await editor.getByRole('button', { name: '受理' }).click();
    await expect(editor.locator('.badge.status')).toHaveText('已受理');
    await expect(editor.getByText('个工作日')).toBeVisible();
    // The answer is written in the rich-text editor; without JavaScript, as HTML.
    if (javaScriptEnabled) {
      await editor.locator('.rte-surface').click();
      await editor.keyboard.type('“工作进展”栏目随工作推进及时更新，至少每月一次。');
    } else {
      await editor.getByLabel('答复内容').fill('<p>“工作进展”栏目随工作推进及时更新，至少每月一次。</p>');
    }
    await editor.getByRole('button', { name: '保存答复' }).click();
    await editor.getByRole('button', { name: '提交审签' }).click();

    // The unit's reviewer approves.
    const reviewer = await staff(browser, 'czj-reviewer', javaScriptEnabled);
    await reviewer.goto(`/desk/concerns/${code}`);
    await reviewer.getByRole('button', { name: '审签通过' }).first().click();
    await expect(reviewer.locator('.badge.status')).toHaveText('已答复');

    // The citizen sees the answer.
    await citizen.goto(`/track?code=${code}`);
    await expect(citizen.locator('.answer')).toContainText('至少每月一次');

    // The editor publishes it as Q&A without the personal details; it is on the policy page.
    await editor.goto(`/desk/concerns/${code}`);
    await editor.getByLabel('公开的问题').fill(published);
    await editor.getByRole('button', { name: '发布为问答' }).click();
    await citizen.goto(`/policies/${NOTICE}`);
    const qa = citizen.locator('.qa-list li', { hasText: published });
    await expect(qa).toContainText('至少每月一次');
    await expect(citizen.getByText('13912345678')).toHaveCount(0);
    await expect(citizen.getByText('孙七')).toHaveCount(0);
  });
}
