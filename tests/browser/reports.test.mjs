// The annual report in the browser: the 公开办 writes last year's report
// beside the tables computed from the records and publishes it; a visitor
// finds it on the portal in the national format.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clickButton, screenshot, signIn, useServerAndBrowser } from './server.mjs';


describe('annual report', () => {
  const env = useServerAndBrowser();

  it('the 公开办 writes and publishes last year\'s report; the portal shows it', async () => {
    const year = new Date().getFullYear() - 1;
    const office = await signIn(env, 'office');
    assert.match(await office.locator('#report-deadline').innerText(), new RegExp(`${year}年度政府信息公开工作年度报告`));
    await Promise.all([office.waitForNavigation(), office.getByRole('link', { name: '年度报告', exact: true }).click()]);
    assert.match(await office.getByRole('heading', { level: 1 }).innerText(), new RegExp(`${year}年度`));
    await office.getByLabel('一、总体情况').fill(`${year}年，本街道认真贯彻《中华人民共和国政府信息公开条例》。`);
    await office.getByLabel('行政许可：本年处理决定数量').fill('12');
    await office.getByLabel('行政事业性收费：本年收费金额（元，表中以万元显示）').fill('25000');
    await clickButton(office, '保存草稿');
    assert.match(await office.getByRole('status').innerText(), /草稿已保存/);
    const preview = await office.locator('.report-preview').innerText();
    assert.match(preview, /三、本年度办理结果/);
    assert.match(preview, /2\.5/, '25000 元 shown as 2.5 万元');
    await screenshot(office, 'annual-report-draft');
    await clickButton(office, '发布年度报告');
    assert.match(await office.getByRole('status').innerText(), /年度报告已发布/);
    await office.context().close();

    const visitor = await env.browser.newPage({ locale: 'zh-CN' });
    await visitor.goto(`${env.url}/reports`);
    await Promise.all([
      visitor.waitForNavigation(),
      visitor.getByRole('link', { name: `${year}年度政府信息公开工作年度报告` }).click(),
    ]);
    const text = await visitor.locator('article.report').innerText();
    assert.match(text, /一、总体情况/);
    assert.match(text, /认真贯彻/);
    assert.match(text, /行政许可\s+12/);
    assert.match(text, /行政事业性收费\s+2\.5/, 'the published figures keep the charges');
    assert.match(text, /四、结转下年度继续办理/);
    assert.match(text, /未经复议直接起诉/);
    await screenshot(visitor, 'annual-report-portal');
    await visitor.close();
  });
});
