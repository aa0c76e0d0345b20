import type { Browser, Page } from '@playwright/test';
import { test, expect, settled } from './fixtures';

// Hostile text in every field that becomes a title, a head value, a text box's content or
// the editor's content, set through the real forms and shown on the public and desk pages
// (docs/SECURITY.md, section 0). Nothing may run, nothing may be injected, and opening and saving
// a form leaves the stored text as it was.

// Demo accounts (see app/src/ssr/tooling/demo.rs and README.md).
const PASSWORD = 'jiedu-demo-2016';
const SITE = '衡东县政策文件与解读';

// Each sets `window.__xss` and opens a dialog if it ever runs, or leaves an element with
// class `xss` (or an `onerror` attribute) if it is ever parsed as markup.
const SCRIPT = '<script>window.__xss=1;alert(1)</script>';
const CLOSES_TITLE = `</title>${SCRIPT}`;
const CLOSES_BOX = '</textarea><img src=x class=xss onerror="window.__xss=1;alert(1)">';
const ESCAPED = '&lt;img src=x class=xss onerror="window.__xss=1;alert(1)"&gt;';
/// What `ESCAPED` reads as, once its entities are decoded.
const ESCAPED_TEXT = '<img src=x class=xss onerror="window.__xss=1;alert(1)">';
/// An image element with attributes in HTML source (not escaped text that shows one).
const IMG_MARKUP = /<img [^>]*onerror/;
const TRICKS = '&lt;/textarea&gt; <!-- ]]> &amp;lt;';
/// For text boxes and text: everything at once.
const TEXT = `${CLOSES_BOX} ${ESCAPED} ${TRICKS} ${CLOSES_TITLE}`;
/// Rich text as HTML source: markup the sanitiser must take out, and text it must keep.
const RAW_BODY = `<p>正文 ${ESCAPED}</p><img src=x class=xss onerror="window.__xss=1;alert(1)">${CLOSES_BOX}<p>${TRICKS}</p>`;

/// Pasted HTML with what the allow-list takes out: a script address, a tracking pixel,
/// attributes off the list, a span that is not a number, a handler.
const PASTED = '<p>贴</p><a href="javascript:window.__xss=1;alert(1)">链接</a><img src="https://tracker.example/p.gif">'
  + '<img src="/files/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" width="100%" height="20">'
  + '<table width="100%" align="center"><tbody><tr><td colspan="x" rowspan="2" onclick="window.__xss=1">格</td></tr></tbody></table>';

const run = Date.now() % 100000;
/// A title (at most 200 characters, one line) that is findable by `marker`.
const hostileTitle = (marker: string) => `${marker}${CLOSES_TITLE}${CLOSES_BOX} ${TRICKS}`;

// Shared by the tests below, which run in order.
let policyId = '';
const policyMarker = `恶意政策${run}`;
const policyTitle = hostileTitle(policyMarker);

test.describe.configure({ mode: 'serial' });

async function staff(browser: Browser, login: string, javaScriptEnabled = true): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'zh-CN', javaScriptEnabled })).newPage();
  watch(page);
  if (!javaScriptEnabled) scriptless.add(page);
  await page.goto('/login');
  await page.getByLabel('登录名').fill(login);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/desk$/);
  return page;
}

async function visitor(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  watch(page);
  return page;
}

const dialogs = new WeakMap<Page, string[]>();
/// Pages opened with JavaScript off: nothing can run on them, timers included.
const scriptless = new WeakSet<Page>();

/// Records every dialog a page opens (and dismisses it).
function watch(page: Page) {
  const seen: string[] = [];
  dialogs.set(page, seen);
  page.on('dialog', (d) => {
    seen.push(d.message());
    void d.dismiss();
  });
}

/// Nothing ran and nothing was injected on the page as it is now.
async function expectInert(page: Page, where: string) {
  // An injected image's error event, or a late script, has fired by then.
  if (scriptless.has(page)) await page.waitForLoadState('load');
  else await settled(page);
  expect(dialogs.get(page) ?? [], `${where}: dialogs`).toEqual([]);
  await expect(page.locator('.xss, [onerror]'), `${where}: injected elements`).toHaveCount(0);
  if (await page.evaluate(() => true).catch(() => false)) {
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), `${where}: __xss`).toBeUndefined();
  }
}

/// The tab shows the title exactly as it was typed.
async function expectTitle(page: Page, title: string) {
  expect(await page.title()).toBe(`${title} - ${SITE}`);
}

/// Pastes HTML into the editor the way a browser does.
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

function deskItem(page: Page, section: string, text: string) {
  return page
    .locator('section', { has: page.getByRole('heading', { name: section, exact: true }) })
    .locator('li', { hasText: text });
}

const attachmentLine = `附件1：${CLOSES_BOX} | /files/a.pdf`;

test('a policy: title, disclosure reason, attachments and plan, on its forms, desk and public pages', async ({ browser }) => {
  test.setTimeout(150_000);
  const editor = await staff(browser, 'czj-editor');
  await editor.getByRole('link', { name: '登记政策文件' }).click();
  await editor.getByLabel('成文日期').fill('2016-05-01');
  await editor.getByLabel('主题分类').selectOption('fgwj');
  await editor.getByLabel('公开属性').selectOption('on_request');
  await editor.getByLabel('不公开或依申请公开的理由').fill(TEXT);
  await editor.getByLabel('正文（HTML）').fill(RAW_BODY);
  await editor.locator('#attachments').fill(attachmentLine);

  // Rejected (no title): every box is shown again as typed.
  await editor.getByLabel('标题').evaluate((el: HTMLInputElement) => el.removeAttribute('required'));
  await editor.getByRole('button', { name: '保存草稿' }).click();
  await expect(editor.getByText('标题不能为空')).toBeVisible();
  await expectInert(editor, 'rejected policy form');
  await expect(editor.getByLabel('不公开或依申请公开的理由')).toHaveValue(TEXT);
  await expect(editor.getByLabel('正文（HTML）')).toHaveValue(RAW_BODY);
  await expect(editor.locator('#attachments')).toHaveValue(attachmentLine);

  await editor.getByLabel('标题').fill(policyTitle);
  await editor.getByRole('button', { name: '保存草稿' }).click();
  await expect(editor).toHaveURL(/\/desk\/policies\/[a-z0-9-]+$/);
  policyId = new URL(editor.url()).pathname.split('/').pop()!;
  await expectInert(editor, 'desk policy page');
  await expectTitle(editor, policyTitle);
  await expect(editor.getByRole('heading', { level: 1 })).toHaveText(policyTitle);

  // Opened and saved unchanged: the stored text stays as it was.
  const editForm = async () => {
    await editor.goto(`/desk/policies/${policyId}/edit`);
    await expectInert(editor, 'policy edit form');
    const values: string[] = [];
    for (const id of ['title', 'disclosure_reason', 'body', 'attachments']) values.push(await editor.locator(`#${id}`).inputValue());
    return values;
  };
  const stored = await editForm();
  expect(stored[0]).toBe(policyTitle);
  expect(stored[1]).toBe(TEXT);
  expect(stored[3]).toBe(attachmentLine);
  // The body as the sanitiser stored it: its escaped text kept, its image markup gone.
  expect(stored[2]).toContain(`<p>正文 ${ESCAPED}</p>`);
  expect(stored[2]).not.toMatch(IMG_MARKUP);
  await editor.getByRole('button', { name: '保存草稿' }).click();
  await expect(editor).toHaveURL(new RegExp(`/desk/policies/${policyId}$`));
  expect(await editForm()).toEqual(stored);

  // Proactive now, so the public sees it (the reason is dropped with that).
  await editor.getByLabel('公开属性').selectOption('proactive');
  await editor.getByRole('button', { name: '保存草稿' }).click();
  await expect(editor).toHaveURL(new RegExp(`/desk/policies/${policyId}$`));

  // Its plan: three more text boxes, and a page title made from the policy's.
  await editor.goto(`/desk/policies/${policyId}/plan`);
  await expectInert(editor, 'plan page');
  for (const label of ['出台背景', '解读要点', '风险评估']) await editor.getByLabel(label).fill(TEXT);
  await editor.getByRole('button', { name: '保存', exact: true }).click();
  await expect(editor.getByLabel('风险评估')).toHaveValue(TEXT);
  await expectInert(editor, 'plan page, saved');
  expect(await editor.title()).toContain(policyTitle);
  await editor.reload();
  await editor.getByRole('button', { name: '保存', exact: true }).click();
  await expect(editor.getByLabel('出台背景')).toHaveValue(TEXT);
  for (const label of ['出台背景', '解读要点', '风险评估']) await expect(editor.getByLabel(label)).toHaveValue(TEXT);
  await expectInert(editor, 'plan page, saved again');

  // Submitted, approved, published.
  await editor.goto('/desk');
  await expectInert(editor, 'desk');
  await deskItem(editor, '本单位草稿与退回件', policyMarker).getByRole('button', { name: '提交审签' }).click();
  const reviewer = await staff(browser, 'dzzwb-reviewer');
  await expectInert(reviewer, 'reviewer desk');
  await deskItem(reviewer, '待审签', policyMarker).getByRole('button', { name: '审签通过' }).click();
  await deskItem(reviewer, '已审签待发布', policyMarker).getByRole('button', { name: '发布' }).click();
  await reviewer.goto(`/desk/policies/${policyId}`);
  await expectInert(reviewer, "reviewer's desk policy page");
  await expectTitle(reviewer, policyTitle);

  const reader = await visitor(browser);
  await reader.goto(`/policies/${policyId}`);
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText(policyTitle);
  await expectInert(reader, 'public policy page');
  await expectTitle(reader, policyTitle);
  await expect(reader.locator('meta[property="og:title"]')).toHaveAttribute('content', policyTitle);
  await expect(reader.getByRole('link', { name: `附件1：${CLOSES_BOX}` })).toBeVisible();
  await reader.goto('/policies?unit=czj');
  await expectInert(reader, 'library');
});

test('an article: title, summary and body, through a rejected form, the editor, desk and public pages', async ({ browser }) => {
  test.setTimeout(150_000);
  expect(policyId).not.toBe('');
  const marker = `恶意解读${run}`;
  const title = hostileTitle(marker);

  // Without JavaScript the body is a plain box of HTML; a rejected form keeps it, and the
  // server sanitises it before it goes back into the editor.
  const plain = await staff(browser, 'czj-editor', false);
  await plain.goto(`/desk/articles/new?policy=${policyId}`);
  await plain.getByLabel('作者').fill('县财政局');
  await plain.getByLabel('摘要').fill(TEXT);
  await plain.locator('textarea[name="body"]').fill(RAW_BODY);
  await plain.getByLabel('标题').evaluate((el: HTMLInputElement) => el.removeAttribute('required'));
  await plain.getByRole('button', { name: '保存' }).click();
  await expect(plain).toHaveURL(/stash=/);
  await expectInert(plain, 'rejected article form, JS off');
  await expect(plain.getByLabel('摘要')).toHaveValue(TEXT);
  expect(await plain.locator('textarea[name="body"]').inputValue()).toContain(`<p>正文 ${ESCAPED}</p>`);
  expect(await plain.locator('textarea[name="body"]').inputValue()).not.toMatch(IMG_MARKUP);
  const rejected = plain.url();

  // The same browser with JavaScript on: a stash is shown only to the browser that sent
  // the form (its form cookie), so that cookie comes along.
  const editor = await staff(browser, 'czj-editor');
  const formCookie = (await plain.context().cookies()).filter((c) => c.name === 'jiedu_form');
  expect(formCookie).toHaveLength(1);
  await editor.context().addCookies(formCookie);
  await editor.goto(rejected);
  await expect(editor.locator('.rte-surface')).toBeVisible();
  await expectInert(editor, 'rejected article form in the editor');
  await expect(editor.getByLabel('摘要')).toHaveValue(TEXT);
  await expect(editor.locator('.rte-surface')).toContainText(`正文 ${ESCAPED_TEXT}`);
  await expect(editor.locator('.rte-surface img')).toHaveCount(2);
  expect(await editor.locator('.rte-surface').innerHTML()).not.toMatch(IMG_MARKUP);

  // A paste goes through the same allow-list in the browser: no script address, no image
  // from another host, no attribute off the list, numbers only where a number belongs.
  await pasteHtml(editor, PASTED);
  await expect(editor.locator('.rte-surface td[rowspan="2"]')).toHaveCount(1);
  await expect(editor.locator('.rte-surface img[src^="/files/"][height="20"]')).toHaveCount(1);
  await expect(editor.locator('.rte-surface a')).toHaveText('链接');
  await expect(editor.locator('.rte-surface a[href], .rte-surface img[src*="tracker"], .rte-surface [width], .rte-surface [align], .rte-surface [onclick], .rte-surface [colspan]')).toHaveCount(0);
  await expectInert(editor, 'editor after a paste');

  // Written in the editor: typed text, which the body keeps as escaped text.
  await editor.getByLabel('标题').fill(title);
  await editor.locator('.rte-surface').click();
  await editor.keyboard.press('Control+A');
  await editor.keyboard.press('Delete');
  await editor.keyboard.type(TEXT);
  await editor.getByRole('button', { name: '保存' }).click();
  await expect(editor).toHaveURL(/\/desk\/articles\/[a-z0-9]+$/);
  const desk = editor.url();
  const id = new URL(desk).pathname.split('/').pop()!;
  await expectInert(editor, 'desk article page');
  await expectTitle(editor, title);
  await expect(editor.locator('.policy-body')).toContainText(CLOSES_BOX);

  // Opened in the editor and saved, twice: once untouched, once after the surface had the
  // focus (then the surface's HTML is what is posted). The stored text stays as it was.
  const editForm = async () => {
    await editor.goto(`${desk}/edit`);
    await expect(editor.locator('.rte-surface')).toBeVisible();
    await expectInert(editor, 'article edit form');
    return [
      await editor.getByLabel('标题').inputValue(),
      await editor.getByLabel('摘要').inputValue(),
      await editor.locator('textarea[name="body"]').inputValue(),
    ];
  };
  const stored = await editForm();
  expect(stored.slice(0, 2)).toEqual([title, TEXT]);
  expect((await editor.locator('.rte-surface').textContent())!.replace(/\u00a0/g, ' ')).toBe(TEXT);
  await editor.getByRole('button', { name: '保存' }).click();
  await expect(editor).toHaveURL(desk);
  expect(await editForm()).toEqual(stored);
  await editor.locator('.rte-surface').click();
  await editor.getByRole('button', { name: '保存' }).click();
  await expect(editor).toHaveURL(desk);
  expect(await editForm()).toEqual(stored);

  // Submitted, approved, published.
  await editor.goto(desk);
  await editor.getByRole('button', { name: '提交审签' }).click();
  const reviewer = await staff(browser, 'dzzwb-reviewer');
  await reviewer.goto(desk);
  await expectInert(reviewer, "reviewer's desk article page");
  await reviewer.getByRole('button', { name: '审签通过' }).first().click();
  await reviewer.getByRole('button', { name: '立即发布' }).click();
  await expect(reviewer.locator('.badge.status')).toHaveText('已发布');

  const reader = await visitor(browser);
  await reader.goto(`/interpretations/${id}`);
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText(title);
  await expectInert(reader, 'public interpretation page');
  await expectTitle(reader, title);
  await expect(reader.locator('.summary')).toHaveText(TEXT);
  for (const path of ['/interpretations', `/policies/${policyId}`]) {
    await reader.goto(path);
    await expectInert(reader, path);
  }
});

test('a question: the public form shown again, the inbox, the answer and the published Q&A', async ({ browser }) => {
  test.setTimeout(150_000);
  const marker = `恶意问答${run}`;
  const question = `${marker}${TEXT}`;
  const published = hostileTitle(`公开${marker}`);

  const citizen = await visitor(browser);
  await citizen.goto('/ask');
  await citizen.getByLabel('您的问题').fill(question);
  await citizen.getByLabel('联系方式').fill('not-a-phone');
  await citizen.getByRole('button', { name: '提交' }).click();
  await expect(citizen).toHaveURL(/stash=/);
  await expectInert(citizen, 'rejected question');
  await expect(citizen.getByLabel('您的问题')).toHaveValue(question);
  await citizen.getByLabel('联系方式').fill('13912345678');
  await citizen.getByRole('button', { name: '提交' }).click();
  await expect(citizen).toHaveURL(/\/track\?code=/);
  const code = new URL(citizen.url()).searchParams.get('code')!;
  await expectInert(citizen, 'track page');

  const office = await staff(browser, 'xzfb-editor');
  await office.goto(`/desk/concerns/${code}`);
  await expectInert(office, 'concern desk page');
  await expect(office.locator('.original-question')).toHaveText(question);
  await office.getByLabel('回应类别').selectOption('routine');
  await office.getByRole('button', { name: '受理' }).click();
  await expect(office.locator('.badge.status')).toHaveText('已受理');
  // The HTML behind the rich-text editor, as a hand-made request would send it.
  const answer = office.locator('textarea[name="answer"]');
  await answer.evaluate((el: HTMLTextAreaElement, html: string) => { el.value = html; }, RAW_BODY);
  await office.getByRole('button', { name: '保存答复' }).click();
  await expectInert(office, 'concern with a draft answer');
  const draft = await answer.inputValue();
  expect(draft).toContain(`<p>正文 ${ESCAPED}</p>`);
  expect(draft).not.toMatch(IMG_MARKUP);
  await office.getByRole('button', { name: '保存答复' }).click();
  await expect(answer).toHaveValue(draft);
  await office.getByRole('button', { name: '提交审签' }).click();

  const reviewer = await staff(browser, 'xzfb-reviewer');
  await reviewer.goto(`/desk/concerns/${code}`);
  await expectInert(reviewer, "reviewer's concern page");
  await reviewer.getByRole('button', { name: '审签通过' }).first().click();
  await expect(reviewer.locator('.badge.status')).toHaveText('已答复');

  // The box to publish it is filled with the question as asked.
  await office.goto(`/desk/concerns/${code}`);
  await expectInert(office, 'concern ready to publish');
  await expect(office.getByLabel('公开的问题')).toHaveValue(question);
  await office.getByLabel('公开的问题').fill(published);
  await office.getByRole('button', { name: '发布为问答' }).click();
  await expectInert(office, 'concern published');

  await citizen.goto('/qa');
  await expectInert(citizen, 'Q&A list');
  await citizen.getByRole('link', { name: `公开${marker}` }).click();
  await expect(citizen).toHaveURL(/\/qa\/[^/?#]+$/);
  await expectInert(citizen, 'Q&A page');
  await expectTitle(citizen, published);
  await expect(citizen.locator('meta[name="description"]')).toHaveAttribute('content', published);
  await citizen.goto(`/track?code=${code}`);
  await expectInert(citizen, 'track page, answered');
});

test("an invited expert's profile: the invitation form shown again, and the public page", async ({ browser }) => {
  test.setTimeout(150_000);
  expect(policyId).not.toBe('');
  const bio = `研究县级财政。${TEXT}`;
  const editor = await staff(browser, 'czj-editor');
  await editor.goto(`/desk/policies/${policyId}`);
  await editor.getByLabel('专家姓名').fill('王立新');
  await editor.getByRole('button', { name: '生成邀请链接' }).click();
  const link = (await editor.locator('.invitation-link').textContent())!.trim();

  const expert = await visitor(browser);
  await expert.goto(link);
  await expectInert(expert, 'invitation page');
  await expect(expert.getByText(policyTitle)).toBeVisible();
  await expert.getByLabel('登录名').fill(`e2e-hostile-${run}`);
  await expert.getByLabel('简介').fill(bio);
  // Rejected (the password too short): the profile is shown again as typed.
  await expert.getByLabel('密码').evaluate((el: HTMLInputElement) => el.removeAttribute('minlength'));
  await expert.getByLabel('密码').fill('short');
  await expert.getByRole('button', { name: '设置密码并开始' }).click();
  await expect(expert).toHaveURL(/stash=/);
  await expectInert(expert, 'rejected invitation form');
  await expect(expert.getByLabel('简介')).toHaveValue(bio);
  await expert.getByLabel('密码').fill('expert-password-1');
  await expert.getByRole('button', { name: '设置密码并开始' }).click();
  await expect(expert).toHaveURL(/\/desk$/);
  await expectInert(expert, "expert's desk");

  await expert.goto(`/desk/articles/new?policy=${policyId}`);
  await expect(expert.locator('.rte-surface')).toBeVisible();
  await expert.getByLabel('标题').fill(`专家解读${run}`);
  await expert.locator('.rte-surface').click();
  await expert.keyboard.type('专家的解读正文。');
  await expert.getByRole('button', { name: '保存' }).click();
  await expect(expert).toHaveURL(/\/desk\/articles\/[a-z0-9]+$/);
  const desk = expert.url();
  const id = new URL(desk).pathname.split('/').pop()!;
  await expert.getByRole('button', { name: '提交审签' }).click();
  const reviewer = await staff(browser, 'dzzwb-reviewer');
  await reviewer.goto(desk);
  await reviewer.getByRole('button', { name: '审签通过' }).first().click();
  await reviewer.getByRole('button', { name: '立即发布' }).click();
  await expect(reviewer.locator('.badge.status')).toHaveText('已发布');

  const reader = await visitor(browser);
  await reader.goto(`/interpretations/${id}`);
  await expect(reader.locator('.expert-profile')).toContainText(bio);
  await expectInert(reader, "public interpretation with the expert's profile");
});
