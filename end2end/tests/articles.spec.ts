import type { Page, Browser } from '@playwright/test';
import { test, expect, settled, serverNow, advanceClock } from './fixtures';

// Demo accounts (see app/src/ssr/tooling/demo.rs and README.md).
const PASSWORD = 'jiedu-demo-2016';
const POLICY = 'czj-2016-2';
const POLICY_TITLE = '衡东县财政局关于2016年县本级部门预算公开的通知';

async function signedIn(browser: Browser, login: string, password = PASSWORD): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await page.goto('/login');
  await page.getByLabel('登录名').fill(login);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/desk$/);
  return page;
}

/// Pastes HTML into the editor the way a browser does when copying from Word.
async function pasteHtml(page: Page, html: string) {
  const surface = page.locator('.rte-surface');
  await surface.click();
  await surface.evaluate((el, html) => {
    const data = new DataTransfer();
    data.setData('text/html', html);
    data.setData('text/plain', 'fallback');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, html);
}

/// `at` in China time as a `datetime-local` input holds it ("2026-03-02T10:00:05"): whole
/// minutes drop their ":00" ("10:01"), and Playwright's `fill` rejects a value the input
/// would rewrite.
function chinaTime(at: Date): string {
  const t = new Date(at.getTime() + 8 * 3600 * 1000);
  return t.toISOString().slice(0, 19).replace(/:00$/, '');
}

const WORD_PASTE = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{font-family:宋体}</style></head><body>
<h1 class=MsoTitle style='mso-line-height-rule:exactly'><span style='font-family:黑体'>一、政策背景</span></h1>
<p class=MsoNormal><span style='font-size:14pt;font-family:仿宋_GB2312'>部门预算是政府的账本。<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>·<span style='font:7pt'>&nbsp;</span></span>看得见</p>
<p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>·<span style='font:7pt'>&nbsp;</span></span>看得懂</p>
</body></html>`;

test('an invited expert writes; a reviewer returns, compares, approves and schedules; it goes out on time', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const login = `e2e-expert-${Date.now() % 100000}`;
  const title = '读懂县本级部门预算（专家解读）';

  // The editor of the policy's unit makes an invitation link.
  const editor = await signedIn(browser, 'czj-editor');
  await editor.goto(`/desk/policies/${POLICY}`);
  await editor.getByLabel('专家姓名').fill('王立新');
  await editor.getByRole('button', { name: '生成邀请链接' }).click();
  const link = (await editor.locator('.invitation-link').textContent())!.trim();
  expect(link).toMatch(/^\/invite\/[0-9a-f]{64}$/);

  // The expert accepts it and lands on their desk with the policy assigned.
  const expert = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await expert.goto(link);
  await expect(expert.getByText(POLICY_TITLE)).toBeVisible();
  await expert.getByLabel('登录名').fill(login);
  await expect(expert.getByLabel('名称')).toHaveValue('王立新');
  await expert.getByLabel('密码').fill('expert-password-1');
  await expert.getByLabel('职称').fill('教授');
  await expert.getByLabel('工作单位').fill('湖南工商大学');
  await expert.getByRole('button', { name: '设置密码并开始' }).click();
  await expect(expert).toHaveURL(/\/desk$/);
  await expert.locator('section', { hasText: '我负责解读的政策' }).getByRole('link', { name: '撰写解读' }).click();

  // Pasted from Word: headings and lists survive, the styling does not. (The editor is
  // the one island: this page loads the wasm.)
  await expect(expert.locator('.rte-surface')).toBeVisible();
  await expert.getByLabel('标题').fill(title);
  await pasteHtml(expert, WORD_PASTE);
  await expect(expert.locator('.rte-surface h2')).toHaveText('一、政策背景');
  await expect(expert.locator('.rte-surface li')).toHaveText(['看得见', '看得懂']);
  await expert.getByRole('button', { name: '保存' }).click();
  await expect(expert).toHaveURL(/\/desk\/articles\/[a-z0-9]+$/);
  const articleUrl = expert.url();
  const body = expert.locator('.policy-body');
  await expect(body.locator('h2')).toHaveText('一、政策背景');
  await expect(body.locator('li')).toHaveText(['看得见', '看得懂']);
  expect(await body.innerHTML()).not.toMatch(/Mso|font-family|mso-|<span|<o:p/);
  await expert.getByRole('button', { name: '提交审签' }).click();
  await expect(expert.locator('.badge.status')).toHaveText('待审签');

  // The reviewer returns it with a comment.
  const reviewer = await signedIn(browser, 'dzzwb-reviewer');
  await reviewer.locator('#review-articles').getByRole('link', { name: title }).click();
  await reviewer.getByLabel('意见').fill('请补充“三公”经费的说明');
  await reviewer.getByRole('button', { name: '退回修改' }).click();
  await expect(reviewer.locator('.badge.status')).toHaveText('已退回');

  // The expert reads the comment and revises.
  await expert.goto(articleUrl);
  await expect(expert.locator('p.form-error')).toContainText('请补充“三公”经费的说明');
  await expert.getByRole('link', { name: '修改解读' }).click();
  const surface = expert.locator('.rte-surface');
  await surface.click();
  await expert.keyboard.press('Control+End');
  await expert.keyboard.press('Enter');
  await expert.keyboard.type('“三公”经费单独列示。');
  await expert.getByRole('button', { name: '保存' }).click();
  await expect(expert).toHaveURL(articleUrl);
  await expert.getByRole('button', { name: '提交审签' }).click();

  // The reviewer sees what changed, approves, and schedules it an hour ahead of the
  // server's clock.
  await reviewer.goto(articleUrl);
  await expect(reviewer.locator('.diff-lines .added')).toContainText('“三公”经费单独列示。');
  await reviewer.getByRole('button', { name: '审签通过' }).first().click();
  await expect(reviewer.locator('.badge.status')).toHaveText('已审签');
  const due = new Date((await serverNow(reviewer.request)).getTime() + 3600_000);
  await reviewer.getByLabel('定时发布时间').fill(chinaTime(due));
  await reviewer.getByRole('button', { name: '定时发布', exact: true }).click();
  await expect(reviewer.locator('.badge.status')).toHaveText('定时发布');

  // Not before it is due; once the clock passes it, the publisher (every second here)
  // puts it on the policy page, and it links back to the policy.
  const reader = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await reader.goto(`/policies/${POLICY}`);
  await expect(reader.getByRole('link', { name: title })).toHaveCount(0);
  const wait = Math.ceil((due.getTime() - (await serverNow(reader.request)).getTime()) / 1000);
  await advanceClock(reader.request, baseURL!, wait);
  await expect
    .poll(async () => {
      await reader.goto(`/policies/${POLICY}`);
      return reader.getByRole('link', { name: title }).count();
    }, { timeout: 20_000, intervals: [500] })
    .toBe(1);
  await reader.getByRole('link', { name: title }).click();
  await expect(reader.locator('.expert-profile')).toContainText('湖南工商大学');
  await reader.locator('.interprets-banner').getByRole('link', { name: POLICY_TITLE }).click();
  await expect(reader).toHaveURL(new RegExp(`/policies/${POLICY}$`));
});

test("an expert cannot open another expert's draft", async ({ browser }) => {
  const expert = await signedIn(browser, 'expert');
  await expert.goto('/desk');
  await expert.locator('section', { hasText: '我负责解读的政策' }).getByRole('link', { name: '撰写解读' }).first().click();
  await expert.getByLabel('标题').fill('李明华的草稿');
  await expect(expert.locator('.rte-surface')).toBeVisible();
  await expert.locator('.rte-surface').click();
  await expert.keyboard.type('尚未完成的草稿正文');
  await expert.getByRole('button', { name: '保存' }).click();
  await expect(expert).toHaveURL(/\/desk\/articles\/[a-z0-9]+$/);
  const draft = new URL(expert.url()).pathname;

  const other = await signedIn(browser, 'expert2');
  const response = await other.goto(draft);
  expect(response?.status()).toBe(403);
  await expect(other.getByText('尚未完成的草稿正文')).toHaveCount(0);
});

test.describe('JS off', () => {
  test.use({ javaScriptEnabled: false });
  test('the editor is a plain textarea of HTML, and it saves', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('登录名').fill('czj-editor');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.goto(`/desk/articles/new?policy=${POLICY}`);
    await page.getByLabel('标题').fill('无脚本撰写的解读');
    await page.getByLabel('作者').fill('县财政局');
    await page.locator('textarea[name="body"]').fill('<h2>一、背景</h2><p>正文</p>');
    await page.getByRole('button', { name: '保存' }).click();
    await expect(page).toHaveURL(/\/desk\/articles\/[a-z0-9]+$/);
    await expect(page.locator('.policy-body h2')).toHaveText('一、背景');
  });
});

test('stored hostile markup runs no script when shown', async ({ browser }) => {
  const vectors = [
    '<script>window.__xss = 1; alert(1)</script>',
    '<img src=x onerror="window.__xss = 1; alert(1)">',
    '<svg onload="window.__xss = 1; alert(1)">',
    '<a href="javascript:window.__xss = 1">link</a>',
    '<iframe srcdoc="<script>parent.__xss = 1</script>"></iframe>',
    '<details open ontoggle="window.__xss = 1">x</details>',
    '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss = 1">',
    '<p style="background:url(javascript:window.__xss=1)">styled</p>',
  ];
  const editor = await signedIn(browser, 'czj-editor');
  const reviewer = await signedIn(browser, 'dzzwb-reviewer');
  const origin = new URL(editor.url()).origin;
  const post = async (page: Page, endpoint: string, form: Record<string, string>) => {
    const response = await page.request.post(`/api/${endpoint}`, { form, headers: { Origin: origin } });
    expect(response.status(), await response.text()).toBe(200);
    return response.json();
  };
  const id: string = await post(editor, 'save_article', {
    policy: POLICY,
    kind: 'department',
    title: '恶意标记渲染测试',
    summary: '',
    byline: '县财政局',
    body: vectors.join('<p>分隔</p>'),
  });
  await post(editor, 'article_step', { id, action: 'submit' });
  await post(reviewer, 'article_step', { id, action: 'approve' });
  await post(reviewer, 'article_step', { id, action: 'publish' });

  for (const path of [`/interpretations/${id}`, `/desk/articles/${id}`]) {
    const page = path.startsWith('/desk') ? editor : await (await browser.newContext()).newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await page.goto(path);
    await page.getByText('恶意标记渲染测试').first().waitFor();
    await settled(page);
    expect(dialogs, path).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), path).toBeUndefined();
  }
});
