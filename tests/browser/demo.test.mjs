// The living demo (`gongkai seed-demo`) as a visitor and the 公开办 see it:
// published items in the catalog and in search, applications in the inbox
// with their due dates.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { screenshot, signIn, useServerAndBrowser } from './server.mjs';

describe('living demo', () => {
  const env = useServerAndBrowser({ living: true });
  let context;
  let page;

  beforeEach(async () => {
    context = await env.browser.newContext({ locale: 'zh-CN' });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
  });

  it('the catalog lists a year of published items in many categories', async () => {
    const res = await page.goto(`${env.url}/catalog`);
    assert.equal(res.status(), 200);
    const total = await page.locator('.titlebar h2 small').innerText();
    const n = Number(total.match(/共\s*(\d+)\s*条/)?.[1] ?? 0);
    assert.ok(n >= 140, `the catalog counts at least 140 items: ${total}`);
    assert.ok(await page.locator('.item-list li').count() >= 10, 'the first page lists items');
    const counts = await page.locator('.tree .count').allInnerTexts();
    const filled = counts.filter((c) => Number(c) > 0).length;
    assert.ok(filled >= 20, `at least 20 categories hold items (${filled})`);
    await screenshot(page, 'demo-catalog');

    // A category with its items: the 政策解读 of the 规范性文件.
    await page.locator('.tree a', { hasText: '政策解读' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('.item-list').innerText(), /政策解读/);
    await page.locator('.item-list li a').first().click();
    await page.waitForLoadState();
    assert.match(await page.locator('h1').innerText(), /政策解读/);
  });

  it('search finds published items by a word of their text', async () => {
    const res = await page.goto(`${env.url}/search?q=${encodeURIComponent('加装电梯')}`);
    assert.equal(res.status(), 200);
    const summary = await page.locator('.panel p.muted').first().innerText();
    const n = Number(summary.match(/共找到\s*(\d+)\s*条/)?.[1] ?? 0);
    assert.ok(n >= 5, `search finds at least 5 items: ${summary}`);
    assert.match(await page.locator('.hits').innerText(), /加装电梯/);
    await screenshot(page, 'demo-search');
  });

  it('the 公开办 sees applications in the inbox with their due dates', async () => {
    const office = await signIn(env, 'office');
    await office.goto(`${env.url}/staff/applications?filter=open`);
    const rows = office.locator('table.table tbody tr');
    const count = await rows.count();
    assert.ok(count >= 10, `at least 10 open applications (${count})`);
    const dues = await office.locator('table.table tbody tr td:nth-child(5)').allInnerTexts();
    const dated = dues.filter((d) => /\d{4}-\d{2}-\d{2}/.test(d));
    assert.ok(dated.length >= 8, `open applications show due dates: ${JSON.stringify(dues)}`);
    await screenshot(office, 'demo-inbox');

    await office.goto(`${env.url}/staff/applications?filter=all`);
    const all = await office.locator('table.table tbody').innerText();
    for (const state of ['待申请人补正', '征求意见中', '待缴纳信息处理费', '已办结']) assert.match(all, new RegExp(state), `an application ${state}`);
    await office.context().close();
  });
});
