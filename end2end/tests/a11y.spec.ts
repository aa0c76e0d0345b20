import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import AxeBuilder from '@axe-core/playwright';

// Accessibility (axe-core, WCAG 2.1 A/AA), the 适老化 care mode, the English interface,
// site search from the header and the print view, in real Chromium.

const PASSWORD = 'jiedu-demo-2016';
const NOTICE_ID = 'xzfb-2016-5';

async function signIn(page: Page, login: string) {
  await page.goto('/login');
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('form.login-form button[type=submit]').click();
  await expect(page).toHaveURL(/\/desk$/);
  await page.waitForLoadState();
}

/// The expert's interpretation of the notice, found by title: two demo interpretations share
/// a publication time, so the list's first one is either.
async function expertInterpretation(page: Page): Promise<string> {
  await page.goto('/interpretations');
  const href = await page
    .locator('.article-list a.title', { hasText: '以公开为常态：专家谈县政府办信息公开通知' })
    .getAttribute('href');
  expect(href).toMatch(/^\/interpretations\//);
  return href!;
}

/// The public page types, each at one address (the interpretation's is looked up).
const PUBLIC_PAGES: { name: string; path: string | ((page: Page) => Promise<string>) }[] = [
  { name: 'home', path: '/' },
  { name: 'library', path: '/policies' },
  { name: 'policy', path: `/policies/${NOTICE_ID}` },
  { name: 'interpretation', path: expertInterpretation },
  { name: 'search results', path: '/search?q=%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80' },
  { name: 'ask', path: '/ask' },
  { name: 'track', path: '/track?code=ZZZZZZZZ' },
  { name: 'Q&A', path: '/qa' },
  { name: 'sign-in', path: '/login' },
];

async function addressOf(page: Page, path: string | ((page: Page) => Promise<string>)): Promise<string> {
  return typeof path === 'string' ? path : path(page);
}

async function publicPages(page: Page): Promise<string[]> {
  const paths: string[] = [];
  for (const { path } of PUBLIC_PAGES) paths.push(await addressOf(page, path));
  return paths;
}

/// Serious and critical axe violations on the current page, described for a failure message.
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

test.describe('accessibility', () => {
  // One test per page: axe takes seconds a page on a busy machine, and each page gets
  // the whole time limit.
  for (const { name, path } of PUBLIC_PAGES) {
    test(`no serious or critical axe violations: ${name}`, async ({ page }) => {
      const address = await addressOf(page, path);
      await page.goto(address);
      expect(await seriousViolations(page), address).toEqual([]);
    });
  }

  for (const path of ['/desk', '/desk/inbox', '/desk/policies', `/desk/policies/${NOTICE_ID}`, `/desk/policies/${NOTICE_ID}/plan`]) {
    test(`no serious or critical axe violations: ${path}`, async ({ page }) => {
      await signIn(page, 'xzfb-editor');
      if (path !== '/desk') await page.goto(path);
      expect(await seriousViolations(page), path).toEqual([]);
    });
  }

  for (const path of ['/', `/policies/${NOTICE_ID}`, '/search?q=%E5%85%AC%E5%BC%80']) {
    test(`in care mode, in English, no serious violations: ${path}`, async ({ page, context, baseURL }) => {
      await context.addCookies([
        { name: 'jiedu_care', value: 'on', url: baseURL! },
        { name: 'jiedu_lang', value: 'en', url: baseURL! },
      ]);
      await page.goto(path);
      await expect(page.locator('html')).toHaveClass(/care/);
      expect(await seriousViolations(page), path).toEqual([]);
    });
  }

  test('a keyboard user can skip to the content and sees where focus is', async ({ page }) => {
    await page.goto('/policies');
    await page.keyboard.press('Tab');
    const skip = page.locator('.skip-link');
    await expect(skip).toBeFocused();
    const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#main$/);
  });

  // Reflow at phone widths, in both modes, is tested page by page in layout.spec.ts.
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(`display preferences, JS ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });

    test('the large-text care mode is switched on, survives a reload and is switched off', async ({ page }) => {
      await page.goto(`/policies/${NOTICE_ID}`);
      const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
      const normal = await size();
      await page.getByRole('link', { name: '关怀模式（大字号）' }).click();
      await expect(page).toHaveURL(new RegExp(`/policies/${NOTICE_ID}$`));
      await expect(page.locator('html')).toHaveClass(/care/);
      expect(await size()).toBeGreaterThan(normal * 1.2);
      await page.reload();
      await expect(page.locator('html')).toHaveClass(/care/);
      await page.goto('/qa');
      await expect(page.locator('html')).toHaveClass(/care/);
      await page.getByRole('link', { name: '标准模式' }).click();
      await expect(page.locator('html')).not.toHaveClass(/care/);
      expect(await size()).toBe(normal);
    });

    test('the switches come back to a page with its query', async ({ page }) => {
      for (const path of ['/search?q=%E9%A2%84%E7%AE%97', '/policies?unit=czj', '/policies?page=2', '/interpretations?kind=expert']) {
        await page.goto(path);
        await page.getByRole('link', { name: '关怀模式（大字号）' }).click();
        await expect(page).toHaveURL((url) => url.pathname + url.search === path);
        await expect(page.locator('html')).toHaveClass(/care/);
        await expect(page.getByText('页面不存在')).toHaveCount(0);
        await page.getByRole('link', { name: 'English' }).click();
        await expect(page).toHaveURL((url) => url.pathname + url.search === path);
        await expect(page.locator('html')).toHaveAttribute('lang', 'en');
        // Back to Chinese and the standard mode for the next page.
        await page.getByRole('link', { name: '中文' }).click();
        await expect(page).toHaveURL((url) => url.pathname + url.search === path);
        await page.getByRole('link', { name: '标准模式' }).click();
        await expect(page.locator('html')).not.toHaveClass(/care/);
      }
    });

    test('the header search finds a policy by words and marks them', async ({ page }) => {
      await page.goto('/policies');
      await page.locator('#site-q').fill('信息公开');
      await page.locator('.site-search button').click();
      await expect(page).toHaveURL(/\/search\?q=/);
      await expect(page.locator('#search-q')).toHaveValue('信息公开');
      await expect(page.locator('.search-hit').first()).toBeVisible();
      await expect(page.locator('.search-hit mark').first()).toHaveText('信息公开');
      await expect(page.locator(`.search-hit a[href="/policies/${NOTICE_ID}"]`)).toBeVisible();
    });
  });
}

/// Han characters in interface text: text nodes and labelling attributes outside elements
/// marked as Chinese content (lang="zh…"), which hold policy texts and names as written.
async function chineseInterfaceText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const han = /[\u4e00-\u9fff]/;
    const found: string[] = [];
    const isContent = (el: Element | null) => !!el?.closest('[lang^="zh"]');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || ['SCRIPT', 'STYLE', 'TEMPLATE'].includes(parent.tagName)) continue;
      if (han.test(node.textContent ?? '') && !isContent(parent)) found.push(node.textContent!.trim());
    }
    for (const el of Array.from(document.body.querySelectorAll('[placeholder],[aria-label],[title],[alt]'))) {
      if (isContent(el)) continue;
      for (const attr of ['placeholder', 'aria-label', 'title', 'alt']) {
        const value = el.getAttribute(attr);
        if (value && han.test(value)) found.push(`${attr}=${value}`);
      }
    }
    return found;
  });
}

test.describe('English interface', () => {
  test('the switch persists and the main pages show no Chinese interface text', async ({ page }) => {
    // Eleven pages and a sign-in in one flow: three times the usual limit.
    test.slow();
    const pages = await publicPages(page);
    await page.goto('/');
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('link', { name: 'Policies', exact: true })).toBeVisible();
    for (const path of pages) {
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      expect(await chineseInterfaceText(page), path).toEqual([]);
    }
    // Policy content stays as written.
    await page.goto(`/policies/${NOTICE_ID}`);
    await expect(page.locator('h1.policy-title')).toContainText('政府信息公开');
    await expect(page.locator('h1.policy-title')).toHaveAttribute('lang', 'zh-CN');

    await signIn(page, 'xzfb-editor');
    expect(await chineseInterfaceText(page), '/desk').toEqual([]);

    await page.getByRole('link', { name: '中文' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  });
});

test.describe('print view', () => {
  test('a policy prints on A4 with its metadata table and without the site around it', async ({ page }) => {
    await page.goto(`/policies/${NOTICE_ID}`);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.site-header')).toBeHidden();
    await expect(page.locator('.site-footer')).toBeHidden();
    await expect(page.locator('form').first()).toBeHidden();
    await expect(page.locator('table.policy-meta')).toBeVisible();
    await expect(page.locator('h1.policy-title')).toBeVisible();
    await expect(page.locator('.print-only')).toContainText(`/policies/${NOTICE_ID}`);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThan(0);
  });
});
