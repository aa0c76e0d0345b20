import type { Page } from '@playwright/test';
import { test, expect, signIn as staff } from './fixtures';

function deskItem(page: Page, section: string, title: string) {
  return page.locator('section', { has: page.getByRole('heading', { name: section, exact: true }) }).locator('li', { hasText: title });
}

test('a major policy: plan first, then the policy; its same-day interpretation goes out with it', async ({ browser }) => {
  test.setTimeout(120_000);
  const title = `衡东县财政资金直达管理办法（${Date.now() % 100000}）`;
  const articleTitle = `《${title}》解读`;

  // The editor registers a major policy and its plan: three issues, two milestones.
  const editor = await staff(browser, 'czj-editor');
  await editor.getByRole('link', { name: '登记政策文件' }).click();
  await editor.getByLabel('标题').fill(title);
  await editor.getByLabel('成文日期').fill('2026-11-20');
  await editor.getByLabel('主题分类').selectOption('fgwj');
  await editor.getByLabel('重大政策').check();
  await editor.getByLabel('正文（HTML）').fill('<p>第一条　为规范财政资金直达管理，制定本办法。</p>');
  await editor.getByRole('button', { name: '保存草稿' }).click();
  await expect(editor).toHaveURL(/\/desk\/policies\/[a-z0-9-]+$/);
  const policyUrl = editor.url();
  const id = new URL(policyUrl).pathname.split('/').pop()!;
  await editor.getByRole('link', { name: /解读方案/ }).click();
  await editor.getByLabel('出台背景').fill('规范财政资金直达基层。');
  await editor.getByLabel('解读要点').fill('资金怎么拨、多久到、谁监督。');
  await editor.getByRole('button', { name: '保存', exact: true }).click();
  for (const question of ['资金由谁拨付？', '多久能到账？', '如何监督使用？']) {
    await editor.getByLabel('新议题').fill(question);
    await editor.getByRole('button', { name: '添加议题' }).click();
    await expect(editor.locator('ol.issues')).toContainText(question);
  }
  for (const offset of ['0', '3']) {
    await editor.getByLabel('形式', { exact: true }).selectOption('text');
    await editor.getByLabel('期限类型').selectOption('working_days');
    await editor.getByLabel('偏移量').fill(offset);
    await editor.getByRole('button', { name: '添加节点' }).click();
  }
  await expect(editor.locator('table.milestones tbody tr')).toHaveCount(2);
  await editor.getByRole('button', { name: '提交方案审签' }).click();

  // The same-day interpretation, written and submitted.
  await editor.goto(`/desk/articles/new?policy=${id}`);
  await expect(editor.locator('.rte-surface')).toBeVisible();
  await editor.getByLabel('标题').fill(articleTitle);
  await editor.getByLabel('作者').fill('县财政局');
  await editor.locator('.rte-surface').click();
  await editor.keyboard.type('一、资金由县财政局直接拨付到项目单位。');
  await editor.getByRole('button', { name: '保存' }).click();
  await expect(editor).toHaveURL(/\/desk\/articles\/[a-z0-9]+$/);
  const article = new URL(editor.url()).pathname.split('/').pop()!;
  await editor.getByRole('button', { name: '提交审签' }).click();

  // The policy goes to the reviewer.
  await editor.goto('/desk');
  await deskItem(editor, '本单位草稿与退回件', title).getByRole('button', { name: '提交审签' }).click();

  // The reviewer tries the policy first: refused, with the reason.
  const reviewer = await staff(browser, 'dzzwb-reviewer');
  await deskItem(reviewer, '待审签', title).getByRole('button', { name: '审签通过' }).click();
  await expect(reviewer.locator('.step-error')).toContainText('重大政策须先审签其解读方案');
  // The plan, then the policy, then the interpretation.
  await reviewer.goto(`/desk/policies/${id}/plan`);
  await reviewer.getByRole('button', { name: '审签通过方案' }).click();
  await expect(reviewer.locator('.badge.status').first()).toHaveText('已审签');
  await reviewer.goto('/desk');
  await deskItem(reviewer, '待审签', title).getByRole('button', { name: '审签通过' }).click();
  await reviewer.goto(`/desk/articles/${article}`);
  await reviewer.getByRole('button', { name: '审签通过' }).first().click();
  await expect(reviewer.locator('.badge.status')).toHaveText('已审签');

  // The editor names it for the same-day milestone and the first issue.
  await editor.goto(`/desk/policies/${id}/plan`);
  const sameDay = editor.locator('table.milestones tbody tr', { hasText: '与政策同日' });
  await sameDay.locator('select').selectOption(`article:${article}`);
  await sameDay.getByRole('button', { name: '指定' }).click();
  await editor.getByLabel('稿件', { exact: true }).selectOption(`article:${article}`);
  await editor.getByLabel('回应议题').selectOption({ label: '资金由谁拨付？' });
  await editor.getByRole('button', { name: '关联' }).click();
  await expect(editor.locator('table.coverage')).toContainText('✓');

  // Publishing releases the interpretation with the policy.
  await reviewer.goto('/desk');
  await deskItem(reviewer, '已审签待发布', title).getByRole('button', { name: '发布' }).click();
  await editor.goto(`/desk/policies/${id}/plan`);
  await expect(editor.locator('table.milestones tbody tr', { hasText: '与政策同日' })).toContainText('按时发布');
  await expect(editor.locator('svg.timeline')).toBeVisible();
  await expect(editor.locator('table.coverage tr.uncovered')).toHaveCount(2);

  // The public page: the interpretation and the issues.
  const reader = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await reader.goto(`/policies/${id}`);
  await expect(reader.getByRole('heading', { name: '本政策重点问题' })).toBeVisible();
  await expect(reader.locator('.key-issues')).toContainText('资金由谁拨付？');
  await expect(reader.locator('.key-issues').getByRole('link', { name: articleTitle })).toBeVisible();
  await reader.locator('.interpretations').getByRole('link', { name: articleTitle }).click();
  await expect(reader.locator('.interprets-banner')).toContainText(title);
});
