// The public portal (信息公开) as a visitor sees it in Chromium.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { publishDemoItem, screenshot, useServerAndBrowser } from './server.mjs';

const AGENCY = '静安寺街道办事处';
const NAV = [
  { label: '公开指南', path: '/guide' },
  { label: '公开目录', path: '/catalog' },
  { label: '依申请公开', path: '/apply' },
  { label: '公开年报', path: '/reports' },
  { label: '监督投诉', path: '/supervision' },
];

describe('portal', () => {
  const env = useServerAndBrowser();
  let context;
  let page;

  beforeEach(async () => {
    context = await env.browser.newContext({ locale: 'zh-CN' });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
  });

  it('home shows the agency, the five 信息公开 sections and the stylesheet', async () => {
    const res = await page.goto(`${env.url}/`);
    assert.equal(res.status(), 200);
    assert.match(await page.locator('header.masthead').innerText(), new RegExp(AGENCY));
    assert.match(await page.title(), new RegExp(AGENCY));

    const nav = page.getByRole('navigation', { name: '主导航' });
    for (const { label, path } of NAV) {
      const link = nav.getByRole('link', { name: label, exact: true });
      assert.equal(await link.count(), 1, `one nav link ${label}`);
      assert.equal(await link.getAttribute('href'), path, `href of ${label}`);
    }

    // site.css was applied: the masthead has a background (a colour or a
    // gradient) and white text instead of the browser's defaults.
    const style = await page.locator('.masthead').evaluate((el) => {
      const s = getComputedStyle(el);
      return { color: s.color, backgroundColor: s.backgroundColor, backgroundImage: s.backgroundImage };
    });
    const transparent = ['rgba(0, 0, 0, 0)', 'transparent'].includes(style.backgroundColor);
    assert.ok(!transparent || style.backgroundImage !== 'none',
      `the masthead has a background: ${JSON.stringify(style)}`);
    assert.equal(style.color, 'rgb(255, 255, 255)', 'the masthead text is white');
    const css = await page.request.get(`${env.url}/static/site.css`);
    assert.equal(css.status(), 200);
    assert.match(css.headers()['content-type'], /^text\/css/);

    assert.equal(await page.locator('h1').count(), 1);
    await screenshot(page, 'portal-home');
  });

  it('every nav link opens a page with a heading', async () => {
    await page.goto(`${env.url}/`);
    for (const { label, path } of NAV) {
      const [res] = await Promise.all([
        page.waitForNavigation(),
        page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: label, exact: true }).click(),
      ]);
      assert.equal(res.status(), 200, `${label} answers 200`);
      assert.equal(new URL(page.url()).pathname, path);
      const h1 = page.locator('h1').first();
      assert.ok(await h1.isVisible(), `${label} has a visible h1`);
      assert.notEqual((await h1.innerText()).trim(), '', `${label} h1 is not empty`);
      assert.equal(
        await page.locator(`nav.mainnav a[aria-current="page"]`).getAttribute('href'),
        path,
        `${label} is marked as the current page`,
      );
      const html = await page.content();
      assert.ok(!html.includes('{{'), `${label} has no unrendered template tags`);
    }
  });

  it('公开指南 shows the contact details from the agency settings', async () => {
    await page.goto(`${env.url}/guide`);
    const facts = page.locator('dl.facts').first();
    const text = await facts.innerText();
    assert.match(text, /办公地址/);
    assert.match(text, /咨询电话/);
    assert.match(text, /021-0000 0000/, 'the demo phone number');
    assert.match(text, /上海市静安区/, 'the demo address');
    assert.match(await page.locator('h1').innerText(), /政府信息公开指南/);
  });

  it('an unknown page is a 404 with the site layout', async () => {
    const res = await page.goto(`${env.url}/no-such-page`);
    assert.equal(res.status(), 404);
    assert.match(await page.locator('header.masthead').innerText(), new RegExp(AGENCY));
  });

  it('fits a 375 px wide phone screen without horizontal scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    for (const path of ['/', '/guide', '/staff/login']) {
      await page.goto(`${env.url}${path}`);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      assert.ok(scrollWidth <= innerWidth, `${path}: scrollWidth ${scrollWidth} > innerWidth ${innerWidth}`);
    }
    await page.goto(`${env.url}/`);
    await screenshot(page, 'portal-home-mobile');
  });

  it('home lists the latest items and the catalog with counts, empty states before anything is published', async () => {
    await page.goto(`${env.url}/`);
    const latest = page.getByRole('region', { name: '最新公开' });
    const sections = page.getByRole('region', { name: '公开目录' });
    const report = page.getByRole('region', { name: '政府信息公开工作年度报告' });
    assert.match(await latest.innerText(), /本机关尚未主动公开政府信息，发布后将在此显示/);
    assert.match(await report.innerText(), /本机关尚未发布政府信息公开工作年度报告/);
    const area = sections.getByRole('link', { name: /^重点领域信息/ });
    assert.match(await area.innerText(), /重点领域信息\s*0/);
    const apply = page.getByRole('region', { name: '依申请公开' });
    assert.match(await apply.innerText(), /20 个工作日内予以答复/);
    assert.match(await apply.innerText(), /第三十三条/);
    assert.equal(await page.getByRole('link', { name: '订阅更新' }).getAttribute('href'), '/feed.xml');

    const title = '静安寺街道2026年既有多层住宅加装电梯工作实施方案';
    await publishDemoItem(env);
    await page.reload();
    const item = latest.getByRole('link', { name: title, exact: true });
    assert.equal(await item.count(), 1, 'the published item is listed');
    assert.match(await latest.locator('li').first().innerText(), /\d{4}-\d{2}-\d{2}/, 'with its date');
    assert.doesNotMatch(await latest.innerText(), /索引号/);
    assert.match(await area.innerText(), /重点领域信息\s*1/);

    // The search box on the home page works without JavaScript.
    const search = page.locator('form.home-search');
    await search.getByLabel('检索政府信息', { exact: true }).fill('加装电梯');
    await Promise.all([page.waitForNavigation(), search.getByRole('button', { name: '检索', exact: true }).click()]);
    assert.equal(new URL(page.url()).pathname, '/search');
    assert.match(await page.locator('main').innerText(), new RegExp(title));

    await page.goto(`${env.url}/`);
    await Promise.all([page.waitForNavigation(), item.click()]);
    assert.match(await page.locator('h1').innerText(), new RegExp(title));
    await page.goto(`${env.url}/`);
    await screenshot(page, 'portal-home-published');
  });
});
