// The district platform as people meet it (the living demo district served as
// it is, no agency configured): a visitor searches from the district home and
// opens an item of another office, applies to the demo office from its
// column; the office files last days' publications with the district's
// 政务公开办, which compares the agencies and accepts the filing.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { clickButton, screenshot, signIn, useServerAndBrowser } from './server.mjs';

function chinaToday() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

describe('district platform', () => {
  const env = useServerAndBrowser({ living: true, district: true });
  let context;
  let page;

  beforeEach(async () => {
    context = await env.browser.newContext({ locale: 'zh-CN' });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
  });

  it('a visitor searches every office from the district home and opens another office\'s item', async () => {
    const res = await page.goto(`${env.url}/`);
    assert.equal(res.status(), 200);
    assert.match(await page.locator('h1').first().innerText(), /静安区人民政府政府信息公开/);
    const columns = await page.locator('a[href="/nanjingxilu/"], a[href="/jingansi/"], a[href="/fgw/"]').count();
    assert.ok(columns >= 3, `the home lists the offices' columns (${columns})`);

    // One search box over all: the hits name their agencies.
    await page.locator('#districtq').fill('的');
    await Promise.all([page.waitForNavigation(), page.locator('form.home-search button').click()]);
    const names = await page.locator('.hits .meta .agency').allInnerTexts();
    assert.ok(names.length >= 10, `a one-character query finds items (${names.length})`);
    assert.ok(new Set(names).size >= 2, `hits come from several agencies: ${[...new Set(names)].join('、')}`);
    await screenshot(page, 'district-search');

    // Narrowed to the second office, every hit is its own.
    await page.locator('#agency').selectOption('nanjingxilu');
    await Promise.all([page.waitForNavigation(), page.locator('form.search-form button').click()]);
    const theirs = await page.locator('.hits .meta .agency').allInnerTexts();
    assert.ok(theirs.length > 0, 'the second office has hits');
    assert.ok(theirs.every((n) => n === '南京西路街道办事处'), `only 南京西路街道办事处: ${theirs.join('、')}`);
    const title = (await page.locator('.hits li > a').first().innerText()).trim();
    await Promise.all([page.waitForNavigation(), page.locator('.hits li > a').first().click()]);
    assert.match(page.url(), /\/nanjingxilu\/items\/\d+$/, 'the item opens in its office\'s column');
    assert.equal((await page.locator('h1').first().innerText()).trim(), title);
  });

  it('a visitor applies to the demo office from its column', async () => {
    await page.goto(`${env.url}/jingansi/`);
    await Promise.all([page.waitForNavigation(), page.locator('a[href="/jingansi/apply"]').first().click()]);
    assert.match(page.url(), /\/jingansi\/apply$/);
    await page.getByLabel('申请人类型').selectOption('natural');
    await page.getByLabel('姓名 / 单位名称').fill('赵六');
    await page.getByLabel('身份证明类型').selectOption({ label: '居民身份证' });
    await page.getByLabel('证件号码').fill('11010519491231002X');
    await page.getByLabel('联系电话').fill('13812345678');
    await page.getByLabel('所需信息的名称').fill('本街道2025年老旧小区加装电梯补贴发放情况');
    const form = page.getByLabel('提供形式');
    await form.selectOption(await form.locator('option').first().getAttribute('value'));
    const delivery = page.getByLabel('获取方式');
    await delivery.selectOption(await delivery.locator('option').first().getAttribute('value'));
    await page.getByLabel('我已阅读申请须知').check();
    await clickButton(page, '提交申请');
    assert.equal(await page.getByRole('alert').count(), 0, 'no form error');
    assert.match(await page.locator('h1').innerText(), /申请已提交/);
    assert.match(await page.locator('main').innerText(), /静安寺街道办事处/, 'the receipt names the office');
    assert.match((await page.locator('#query-code').innerText()).trim(), /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  });

  it('the office files with the district\'s 政务公开办, which compares the offices and accepts it', async () => {
    const today = chinaToday();
    const office = await signIn(env, 'office@jingansi');
    await office.goto(`${env.url}/staff/filings`);
    await office.locator('#filing-from').fill(`${today.slice(0, 8)}01`);
    await office.locator('#filing-to').fill(today);
    await office.locator('#filing-note').fill('本月主动公开信息');
    await clickButton(office, '报送备案');
    assert.equal(await office.getByRole('alert').count(), 0, 'no form error');
    assert.match(office.url(), /\/staff\/filings\/\d+/);
    assert.match(await office.locator('#filing-state').innerText(), /待上级审核/);
    const filingId = office.url().match(/\/staff\/filings\/(\d+)/)[1];

    const upper = await signIn(env, 'upper@jingan');
    await upper.goto(`${env.url}/staff/district`);
    const rows = upper.locator('#agency-comparison tbody tr[data-agency]');
    const codes = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.agency));
    for (const code of ['jingansi', 'nanjingxilu', 'fgw']) assert.ok(codes.includes(code), `${code} is compared`);
    await screenshot(upper, 'district-dashboard');

    await upper.goto(`${env.url}/staff/district/filings`);
    await Promise.all([upper.waitForNavigation(), upper.locator(`a[href="/staff/district/filings/${filingId}"]`).click()]);
    assert.match(await upper.locator('#filing-differences').innerText(), /一致|不一致/);
    await clickButton(upper, '接收备案');
    assert.match(await upper.locator('#filing-state').innerText(), /已接收/);

    await office.goto(`${env.url}/staff/filings/${filingId}`);
    assert.match(await office.locator('#filing-state').innerText(), /已接收/);
    assert.equal(await office.getByRole('button', { name: '接收备案' }).count(), 0, 'the office does not decide');
    await office.context().close();
    await upper.context().close();
  });
});
