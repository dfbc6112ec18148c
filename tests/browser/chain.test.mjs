// The review chain in the browser: every signer logs in as themselves.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { screenshot, signIn, useServerAndBrowser } from './server.mjs';

const PASSWORD = 'gongkai-demo';

describe('review chain', () => {
  const env = useServerAndBrowser();

  // A fresh browser context signed in as `username`; returns its page.
  async function as(username, password = PASSWORD) {
    const page = await signIn(env, username, password);
    assert.equal(new URL(page.url()).pathname, '/staff', `${username} is signed in`);
    return page;
  }

  async function click(page, name) {
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
  }

  // Opens the item from the user's 我的待办 list and approves it.
  async function approveFromTasks(username, title, password = PASSWORD) {
    const page = await as(username, password);
    const link = page.getByRole('link', { name: title });
    assert.equal(await link.count(), 1, `${title} is in the tasks of ${username}`);
    await Promise.all([page.waitForNavigation(), link.click()]);
    await click(page, '同意');
    assert.match(await page.getByRole('status').innerText(), /已办理/);
    await page.context().close();
  }

  async function draft(page, title, body, coDepartment) {
    await page.getByRole('link', { name: '政府信息', exact: true }).click();
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: '起草新信息' }).click()]);
    await page.getByLabel('标题').fill(title);
    await page.getByLabel('文号').fill('静安寺街道〔2026〕18号');
    const category = page.getByLabel('目录分类');
    await category.selectOption(await category.locator('option', { hasText: '0301' }).getAttribute('value'));
    if (coDepartment) await page.getByLabel(coDepartment).check();
    const ground = page.getByLabel('公开属性及依据');
    await ground.selectOption(await ground.locator('option', { hasText: '第十九条' }).getAttribute('value'));
    await page.getByLabel('理由').fill('涉及辖区居民切身利益，需要公众广泛知晓。');
    await page.getByLabel('正文').fill(body);
    await click(page, '保存');
    assert.match(await page.getByRole('status').innerText(), /已保存为草稿/);
    await click(page, '提交审查');
  }

  it('a clerk drafts an item, the four signers approve in turn, it reaches the portal', async () => {
    const title = '关于开展2026年冬季社区消防安全检查的通知';
    const clerk = await as('clerk');
    await draft(clerk, title, '各居民区：为做好冬季消防安全工作，街道将于十二月开展社区消防安全检查。\n请各居民区做好配合。');
    assert.match(await clerk.locator('.state.big').innerText(), /待部门负责人审查/);
    await clerk.context().close();

    for (const signer of ['depthead', 'office', 'leader', 'principal']) await approveFromTasks(signer, title);

    const office = await as('office');
    await Promise.all([office.waitForNavigation(), office.getByRole('link', { name: title }).click()]);
    await click(office, '发布到门户网站');
    assert.match(await office.locator('.state.big').innerText(), /已发布/);
    await screenshot(office, 'staff-item-published');

    // The same version goes up on the bulletin board as an A3 notice.
    await office.getByLabel('发布渠道').selectOption({ label: '公开栏' });
    await office.getByLabel(/^位置/).fill('街道办事处门口公开栏');
    await office.getByLabel('公开栏纸张').selectOption('A3');
    await click(office, '生成材料并发布');
    assert.match(await office.getByRole('status').innerText(), /已生成发布材料并记录/);
    assert.match(await office.locator('#release-state').innerText(), /在用/);
    const notice = office.getByRole('link', { name: /^公开栏_.*_A3\.pdf$/ });
    const answer = await office.request.get(new URL(await notice.getAttribute('href'), office.url()).href);
    assert.equal(answer.headers()['content-type'], 'application/pdf');
    assert.equal((await answer.body()).subarray(0, 5).toString(), '%PDF-');
    await screenshot(office, 'staff-channel-release');
    await office.context().close();

    const visitor = await env.browser.newPage();
    await visitor.goto(`${env.url}/catalog`);
    await Promise.all([visitor.waitForNavigation(), visitor.getByRole('link', { name: title }).click()]);
    assert.equal(await visitor.locator('h1').innerText(), title);
    assert.match(await visitor.locator('.meta-table').innerText(), /索引号[\s\S]*jingansi\/2026-/);
    assert.match(await visitor.locator('article').innerText(), /消防安全检查/);
    await screenshot(visitor, 'portal-item');

    // Found by a two-character word of its body, from the search box of every portal page.
    await visitor.goto(`${env.url}/`);
    const navSearch = visitor.getByRole('navigation', { name: '主导航' });
    await navSearch.getByRole('searchbox', { name: '检索', exact: true }).fill('消防');
    await Promise.all([visitor.waitForNavigation(), navSearch.getByRole('button', { name: '检索', exact: true }).click()]);
    const hit = visitor.getByRole('link', { name: title });
    assert.equal(await hit.count(), 1, 'the item is found by 消防');
    assert.match(await visitor.locator('.hits mark').first().innerText(), /消防/);
    await screenshot(visitor, 'portal-search');
    await visitor.close();
  });

  it('a returned item goes back to the clerk with the reason', async () => {
    const title = '静安寺街道2026年既有多层住宅加装电梯工作实施方案';
    const clerk = await as('clerk');
    await Promise.all([clerk.waitForNavigation(), clerk.getByRole('link', { name: title }).click()]);
    await click(clerk, '提交审查');
    await clerk.context().close();

    const head = await as('depthead');
    await Promise.all([head.waitForNavigation(), head.getByRole('link', { name: title }).click()]);
    await head.getByLabel('退回理由').fill('请补充补贴申请的截止日期');
    await click(head, '退回承办人');
    assert.match(await head.locator('.state.big').innerText(), /起草中/);
    await head.context().close();

    const back = await as('clerk');
    const task = back.getByRole('listitem').filter({ hasText: title });
    assert.equal(await task.count(), 1, 'the item is back in the clerk\'s tasks');
    await Promise.all([back.waitForNavigation(), back.getByRole('link', { name: title }).click()]);
    assert.match(await back.locator('main').innerText(), /请补充补贴申请的截止日期/);
    assert.equal(await back.getByRole('link', { name: '修改内容' }).count(), 1);
    await back.context().close();
  });

  it('a joint item waits for the co-department\'s consent', async () => {
    const title = '社区服务与社区管理联合工作方案';
    // The co-department needs a head: the administrator adds one.
    const admin = await as('admin');
    await admin.goto(`${env.url}/staff/admin/users/new`);
    await admin.getByLabel('用户名').fill('guanli.head');
    await admin.getByLabel('姓名').fill('管理办主任');
    await admin.getByLabel('部门', { exact: true }).selectOption({ label: '社区管理办公室' });
    await admin.getByLabel('承办人', { exact: true }).uncheck();
    await admin.getByLabel('部门负责人', { exact: true }).check();
    await admin.getByLabel(/^初始密码/).fill('Guanli-2026-pass');
    await admin.getByLabel('再次输入初始密码').fill('Guanli-2026-pass');
    await click(admin, '保存');
    await admin.context().close();

    const clerk = await as('clerk');
    await draft(clerk, title, '两个办公室联合开展社区服务工作。', '社区管理办公室');
    await clerk.context().close();
    await approveFromTasks('depthead', title);

    const office = await as('office');
    assert.equal(await office.getByRole('link', { name: title }).count(), 0, 'not yet the 公开办\'s turn');
    await office.context().close();

    await approveFromTasks('guanli.head', title, 'Guanli-2026-pass');
    const after = await as('office');
    assert.equal(await after.getByRole('link', { name: title }).count(), 1, 'after consent it reaches the 公开办');
    await after.context().close();
  });
});
