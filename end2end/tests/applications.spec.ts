import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { test, expect, signIn as staff } from './fixtures';

// Disclosure applications (依申请公开) in real Chromium, with JavaScript on and off: a
// citizen applies at /apply and keeps the receipt; the unit's editor handles it, the
// unit's reviewer signs the reply, the editor sends it; the citizen reads the letter at
// /track, downloads it as DOCX and prints it on A4.

// Fills the public form as a citizen would.
async function fillApplication(page: Page, name: string, id: string, request: string) {
  await page.getByLabel('申请人类型').selectOption('citizen');
  await page.getByLabel('姓名或名称').fill(name);
  await page.getByLabel('证件类型').selectOption('resident_id');
  await page.getByLabel('证件号码').fill(id);
  await page.getByLabel('联系电话').fill('13807349876');
  await page.getByLabel('所需信息的名称、文号或者便于查询的其他特征描述').fill(request);
  await page.getByLabel('获取信息的载体形式').selectOption('electronic');
  await page.getByLabel('获取信息的方式').selectOption('collect');
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'JS on' : 'JS off';
  test(`a citizen applies, the unit replies, the letter downloads and prints (${mode})`, async ({ browser }) => {
    test.setTimeout(90_000);
    const marker = `${javaScriptEnabled ? 'on' : 'off'}${Date.now() % 100000}`;
    const name = `申请人${marker}`;
    const id = javaScriptEnabled ? '110105194912310046' : '110105194912310062';
    const request = `2026 年县本级部门预算公开表的附件（${marker}）`;

    const citizen = await (await browser.newContext({ locale: 'zh-CN', javaScriptEnabled })).newPage();
    await citizen.goto('/apply');
    await citizen.getByLabel('受理机关').selectOption('czj');
    // A wrong check digit is refused by its field, and what was typed stays.
    await fillApplication(citizen, name, '110105194912310021', request);
    await citizen.getByRole('button', { name: '提交申请' }).click();
    await expect(citizen.getByText('校验位不符').first()).toBeVisible();
    await expect(citizen.getByLabel('姓名或名称')).toHaveValue(name);
    await expect(citizen.getByLabel('所需信息的名称、文号或者便于查询的其他特征描述')).toHaveValue(request);

    await citizen.getByLabel('证件号码').fill(id);
    await citizen.getByRole('button', { name: '提交申请' }).click();
    await expect(citizen).toHaveURL(/\/track\?code=YS-/);
    const code = new URL(citizen.url()).searchParams.get('code')!;
    expect(code).toMatch(/^YS-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await expect(citizen.getByRole('heading', { name: '申请回执' })).toBeVisible();
    await expect(citizen.getByText('已提交，待确认收到')).toBeVisible();
    // The receipt shows none of the applicant's identity.
    await expect(citizen.getByText(id)).toHaveCount(0);

    // The unit's editor confirms, checks, handles and drafts a disclosure.
    const editor = await staff(browser, 'czj-editor', javaScriptEnabled);
    await editor.goto(`/desk/applications/${code}`);
    await expect(editor.getByText(name).first()).toBeVisible();
    for (const step of ['确认收到（登记）', '受理，转入审核', '审核通过，转入办理']) {
      await editor.getByRole('button', { name: step }).click();
      await expect(editor).toHaveURL(new RegExp(`/desk/applications/${code}$`));
    }
    await expect(editor.getByText('办理中').first()).toBeVisible();
    await editor.getByLabel('答复类型').selectOption('disclosed');
    await editor.getByLabel('答复要点（公开位置、提供方式、不予公开的部分、负责机关等）').fill('电子邮件');
    await editor.getByRole('button', { name: '生成并保存答复书' }).click();
    await expect(editor.locator('.letter')).toContainText('予以公开');

    // The unit's reviewer signs; the editor sends.
    const reviewer = await staff(browser, 'czj-reviewer', javaScriptEnabled);
    await reviewer.goto(`/desk/applications/${code}`);
    await reviewer.getByRole('button', { name: '审签答复' }).click();
    await expect(reviewer.getByText('答复已审签，待送达').first()).toBeVisible();
    await editor.goto(`/desk/applications/${code}`);
    await editor.getByRole('button', { name: '送达答复' }).click();
    await expect(editor.getByText('已答复').first()).toBeVisible();

    // The citizen reads the letter, downloads it, and prints it on A4.
    await citizen.goto(`/track?code=${code}`);
    const letter = citizen.locator('.letter');
    await expect(letter).toContainText(name);
    await expect(letter).toContainText('依申复〔');
    const [download] = await Promise.all([
      citizen.waitForEvent('download'),
      citizen.getByRole('link', { name: '下载答复书（DOCX）' }).click(),
    ]);
    const bytes = readFileSync(await download.path());
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');

    // Printed: the letter alone, within the width of an A4 sheet (210 mm = 794 CSS px),
    // on one page.
    await citizen.setViewportSize({ width: 794, height: 1123 });
    await citizen.emulateMedia({ media: 'print' });
    await expect(citizen.locator('.site-header')).toBeHidden();
    await expect(citizen.locator('.track-facts')).toBeHidden();
    await expect(letter).toBeVisible();
    const overflow = await citizen.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(794);
    const pdf = await citizen.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBe(1);
  });
}

test('the office registers an application that came by post (JS off)', async ({ browser }) => {
  const editor = await staff(browser, 'czj-editor', false);
  await editor.goto('/desk/applications');
  await editor.getByRole('link', { name: '登记窗口或信函收到的申请' }).click();
  await expect(editor).toHaveURL(/\/desk\/applications\/new$/);
  await editor.getByLabel('申请渠道').selectOption('registered_post');
  await fillApplication(editor, '邮寄申请人丙', '430424197003120011', '2026 年县本级政府性基金预算');
  await editor.getByRole('button', { name: '登记并生成申请编号' }).click();
  await expect(editor).toHaveURL(/\/desk\/applications\/YS-/);
  await expect(editor.getByText('已登记').first()).toBeVisible();
  await expect(editor.getByText('签收').first()).toBeVisible();
});
