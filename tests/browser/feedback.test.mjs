// A complaint from the portal to a written reply: a visitor complains about a
// published item, the 公开办 replies, the visitor reads the reply with the
// query code; the 监察办 sees the case among all others.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clickButton, publishDemoItem, screenshot, signIn, useServerAndBrowser } from './server.mjs';

const TITLE = '静安寺街道2026年既有多层住宅加装电梯工作实施方案';

describe('feedback and complaints', () => {
  const env = useServerAndBrowser();

  it('a visitor complains about an item, the 公开办 replies, the visitor reads the reply', async () => {
    await publishDemoItem(env);

    const visitor = await env.browser.newPage();
    await visitor.goto(`${env.url}/catalog`);
    await Promise.all([visitor.waitForNavigation(), visitor.getByRole('link', { name: TITLE }).click()]);
    await Promise.all([visitor.waitForNavigation(), visitor.getByRole('link', { name: '对本信息提意见或投诉' }).click()]);
    assert.match(await visitor.locator('main').innerText(), new RegExp(`所涉信息：${TITLE}`));
    await visitor.getByLabel('投诉', { exact: true }).check();
    await visitor.getByLabel('内容', { exact: true }).fill('实施方案没有公开补贴申请需要提交的材料清单。');
    await visitor.getByLabel(/^姓名或名称/).fill('刘女士');
    const question = await visitor.getByLabel(/^验证问题/).evaluate((input) => input.parentElement.innerText);
    const [, a, b] = question.match(/(\d) 加 (\d) 等于几/);
    await visitor.getByLabel(/^验证问题/).fill(String(Number(a) + Number(b)));
    await clickButton(visitor, '提交');
    const code = (await visitor.locator('#query-code').innerText()).trim();
    const ref = (await visitor.locator('#feedback-ref').innerText()).trim();
    assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await screenshot(visitor, 'portal-feedback-receipt');

    const supervisor = await signIn(env, 'supervisor');
    await Promise.all([supervisor.waitForNavigation(), supervisor.getByRole('link', { name: '意见投诉', exact: true }).click()]);
    assert.equal(await supervisor.getByRole('link', { name: ref }).count(), 1, 'the 监察办 sees the case');
    // The dashboard counts the open complaint; its charts are SVG drawn on the server.
    await Promise.all([supervisor.waitForNavigation(), supervisor.getByRole('link', { name: '监督看板', exact: true }).click()]);
    assert.match(await supervisor.locator('#supervision-now').innerText(), /办理中的意见投诉\s*1 件/);
    assert.ok((await supervisor.locator('svg.chart').count()) >= 3, 'charts are drawn');
    await screenshot(supervisor, 'staff-supervision-dashboard');
    await supervisor.context().close();

    const office = await signIn(env, 'office');
    await Promise.all([office.waitForNavigation(), office.getByRole('link', { name: '意见投诉', exact: true }).click()]);
    await Promise.all([office.waitForNavigation(), office.getByRole('link', { name: ref }).click()]);
    assert.match(await office.locator('#feedback-state').innerText(), /待办理/);
    await office.getByLabel('答复内容').fill('经核实，材料清单已补充公开，感谢您的监督。');
    await office.getByLabel('反馈形式').selectOption({ label: '直接答复' });
    await clickButton(office, '答复');
    assert.match(await office.locator('#feedback-state').innerText(), /已答复/);
    await screenshot(office, 'staff-feedback-replied');
    await office.context().close();

    await visitor.goto(`${env.url}/feedback/status`);
    await visitor.getByLabel('查询码').fill(code);
    await clickButton(visitor, '查询');
    assert.match(await visitor.locator('#feedback-state').innerText(), /已答复/);
    assert.match(await visitor.locator('#feedback-reply').innerText(), /材料清单已补充公开/);
    await screenshot(visitor, 'portal-feedback-reply');
    await visitor.close();
  });
});
