// The staff area (工作平台): login, logout, navigation and one admin form.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { screenshot, useServerAndBrowser } from './server.mjs';

const PASSWORD = 'gongkai-demo';
const ADMIN_NAV = [
  { label: '我的待办', path: '/staff' },
  { label: '工作日历', path: '/staff/calendar' },
  { label: '审计日志', path: '/staff/audit' },
  { label: '用户管理', path: '/staff/admin/users' },
  { label: '部门管理', path: '/staff/admin/departments' },
  { label: '机关信息', path: '/staff/admin/agency' },
];

describe('staff area', () => {
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

  // Fills the login form the way a person does: by the visible labels.
  async function logIn(username, password) {
    await page.getByLabel('用户名', { exact: true }).fill(username);
    await page.getByLabel('密码', { exact: true }).fill(password);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '登录', exact: true }).click()]);
  }

  it('sends an anonymous visitor of /staff to the login page', async () => {
    const res = await page.goto(`${env.url}/staff`);
    assert.equal(res.status(), 200);
    const url = new URL(page.url());
    assert.equal(url.pathname, '/staff/login');
    assert.equal(url.searchParams.get('next'), '/staff');
    assert.equal(await page.locator('h1').innerText(), '工作人员登录');
    await screenshot(page, 'staff-login');
  });

  it('a wrong password shows an error and no session', async () => {
    await page.goto(`${env.url}/staff/login`);
    await logIn('clerk', 'not-the-password');
    assert.equal(new URL(page.url()).pathname, '/staff/login');
    assert.match(await page.getByRole('alert').innerText(), /用户名或密码错误/);
    assert.equal(await page.getByLabel('用户名', { exact: true }).inputValue(), 'clerk', 'the name is kept');
    assert.equal(await page.getByLabel('密码', { exact: true }).inputValue(), '', 'the password is not echoed');
    const cookies = await context.cookies();
    assert.ok(!cookies.some((c) => c.name === 'gk_session' && c.value !== ''), 'no session cookie');
  });

  it('clerk logs in, sees 我的待办, and logs out', async () => {
    await page.goto(`${env.url}/staff`);
    await logIn('clerk', PASSWORD);
    assert.equal(new URL(page.url()).pathname, '/staff', 'back where the visitor wanted to go');
    assert.equal(await page.locator('h1').innerText(), '我的待办');
    assert.match(await page.locator('header .userbox').innerText(), /王承办/);
    const session = (await context.cookies()).find((c) => c.name === 'gk_session');
    assert.ok(session && session.value, 'a session cookie is set');
    assert.ok(session.httpOnly, 'the session cookie is HttpOnly');

    // A clerk has no administration pages in the navigation.
    const nav = page.getByRole('navigation', { name: '主导航' });
    assert.equal(await nav.getByRole('link', { name: '用户管理' }).count(), 0);
    assert.equal(await nav.getByRole('link', { name: '审计日志' }).count(), 0);
    const admin = await page.goto(`${env.url}/staff/admin/users`);
    assert.equal(admin.status(), 403, 'a clerk may not open 用户管理');

    await page.goto(`${env.url}/staff`);
    await screenshot(page, 'staff-home-clerk');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '退出登录' }).click()]);
    assert.equal(new URL(page.url()).pathname, '/staff/login');
    assert.match(await page.getByRole('status').innerText(), /退出/);
    const res = await page.goto(`${env.url}/staff`);
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/staff/login', 'the session has ended');
  });

  it('admin opens every staff page: 200, a heading and no template tags', async () => {
    await page.goto(`${env.url}/staff/login`);
    await logIn('admin', PASSWORD);
    assert.equal(await page.locator('h1').innerText(), '我的待办');
    const nav = page.getByRole('navigation', { name: '主导航' });
    for (const { label, path } of ADMIN_NAV) {
      const link = nav.getByRole('link', { name: label, exact: true });
      assert.equal(await link.count(), 1, `admin has the nav link ${label}`);
      const [res] = await Promise.all([page.waitForNavigation(), link.click()]);
      assert.equal(res.status(), 200, `${label} answers 200`);
      assert.equal(new URL(page.url()).pathname, path);
      const h1 = page.locator('h1').first();
      assert.ok(await h1.isVisible(), `${label} has a visible h1`);
      assert.notEqual((await h1.innerText()).trim(), '');
      const html = await page.content();
      assert.ok(!html.includes('{{'), `${label} has no unrendered template tags`);
    }
    // The account page linked from the header too.
    const res = await page.goto(`${env.url}/staff/account`);
    assert.equal(res.status(), 200);
    assert.ok(!(await page.content()).includes('{{'));
    await page.goto(`${env.url}/staff/audit`);
    assert.match(await page.locator('main').innerText(), /agency\.create|创建机关/, 'the audit log lists the seeding');
  });

  it('admin creates a department on 部门管理', async () => {
    const name = `测试科室${Date.now() % 100000}`;
    await page.goto(`${env.url}/staff/admin/departments`);
    await logIn('admin', PASSWORD);
    assert.equal(new URL(page.url()).pathname, '/staff/admin/departments');
    const before = await page.locator('input[name="name"]').count();

    const form = page.locator('form', { has: page.getByRole('heading', { name: '新建部门' }) });
    await form.getByLabel('部门名称').fill(name);
    await Promise.all([page.waitForNavigation(), form.getByRole('button', { name: '新建' }).click()]);

    assert.equal(new URL(page.url()).pathname, '/staff/admin/departments');
    assert.match(await page.getByRole('status').innerText(), /部门已创建/);
    assert.equal(await page.locator('input[name="name"]').count(), before + 1, 'one more row');
    const values = await page.locator('.dept-list input[name="name"]').evaluateAll((els) => els.map((e) => e.value));
    assert.ok(values.includes(name), `${name} is listed: ${values.join(', ')}`);

    // Still there after a reload (stored, not just echoed).
    await page.reload();
    const again = await page.locator('.dept-list input[name="name"]').evaluateAll((els) => els.map((e) => e.value));
    assert.ok(again.includes(name));
    await screenshot(page, 'staff-departments');
  });

  // Regression: mustache sections must not render for empty strings (an
  // empty red error box on every form, "（调休上班）" on ordinary workdays).
  it('pages show no empty error boxes or holiday notes', async () => {
    const problems = [];
    const checkPage = async (path) => {
      for (const text of await page.locator('.form-error, .flash').allInnerTexts()) {
        if (text.trim() === '') problems.push(`${path}: an empty .form-error/.flash box`);
      }
      if ((await page.locator('main').innerText()).includes('（调休上班）')) {
        problems.push(`${path}: "（调休上班）" without a holiday name`);
      }
    };
    await page.goto(`${env.url}/staff/login`);
    await checkPage('/staff/login');
    await logIn('admin', PASSWORD);
    for (const path of ['/staff', '/staff/calendar', '/staff/admin/users/new', '/staff/admin/departments',
      '/staff/admin/agency', '/staff/account']) {
      await page.goto(`${env.url}${path}`);
      await checkPage(path);
    }
    assert.deepEqual(problems, []);
  });

  it('a form posted without the CSRF token is refused', async () => {
    await page.goto(`${env.url}/staff/login`);
    await logIn('admin', PASSWORD);
    const res = await page.request.post(`${env.url}/staff/admin/departments`, {
      form: { name: '不应创建的部门', sort_order: '1' },
    });
    assert.equal(res.status(), 403);
    await page.goto(`${env.url}/staff/admin/departments`);
    const values = await page.locator('.dept-list input[name="name"]').evaluateAll((els) => els.map((e) => e.value));
    assert.ok(!values.includes('不应创建的部门'));
  });
});
