// Applications for disclosure (依申请公开) in the browser: a visitor applies on
// the portal, the case moves through the staff area with a correct due date,
// the reply letter is issued, and the visitor downloads it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { repoRoot, resultsDir, screenshot, signIn, useServerAndBrowser } from './server.mjs';

const PASSWORD = 'gongkai-demo';
const APPLICANT = {
  name: '张三',
  idNumber: '11010519491231002X',
  idMasked: '1101**********002X',
  phone: '13812345678',
  email: 'zhangsan@example.cn',
  infoTitle: '静安寺街道2026年老旧小区改造项目清单',
  description: '包括改造小区名称、改造内容和资金安排。',
};
const SECOND = {
  name: '李四',
  idNumber: '110105194912310046',
  phone: '13900000000',
  infoTitle: '静安寺街道2026年社区食堂建设情况',
};
const DEPARTMENT = '社区服务办公室';
const LETTER = '政府信息公开申请答复书';
const REPLY_DAYS = 20;

// ---- The calendar of Chinese working days, read from data/calendar/<year>.toml.

// A tiny parser for the calendar files: holidays = [ { name, from, to } ] and
// adjusted_workdays = [dates]. Returns null when the year has no file.
// For the year right after the latest shipped notice, the server derives a
// provisional calendar from the statutory holidays (its lunar dates are
// tested in the unit tests); the test reads it from the public API and
// expects every due date in it to be marked 暂定.
const provisionalCalendars = new Map();

function readCalendar(year) {
  if (provisionalCalendars.has(year)) return provisionalCalendars.get(year);
  const path = join(repoRoot, 'data', 'calendar', `${year}.toml`);
  if (!existsSync(path)) return null;
  const text = readFileSync(path, 'utf8').replace(/#[^\n]*/g, '');
  const holidays = [];
  for (const m of text.matchAll(/\{([^}]*)\}/g)) {
    const from = m[1].match(/\bfrom\s*=\s*"(\d{4}-\d{2}-\d{2})"/);
    const to = m[1].match(/\bto\s*=\s*"(\d{4}-\d{2}-\d{2})"/);
    assert.ok(from && to, `holiday entry in ${path} has from and to: ${m[0]}`);
    holidays.push({ from: from[1], to: to[1] });
  }
  const adjusted = text.match(/adjusted_workdays\s*=\s*\[([^\]]*)\]/);
  const adjustedWorkdays = adjusted ? [...adjusted[1].matchAll(/"(\d{4}-\d{2}-\d{2})"/g)].map((x) => x[1]) : [];
  assert.ok(holidays.length > 0, `${path} lists holidays`);
  return { holidays, adjustedWorkdays };
}

// Dates are 'YYYY-MM-DD' strings; arithmetic in UTC so no local-time shifts.
function addDays(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function chinaToday() {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

// The date `days` working days after `received` (the receipt day not counted),
// or { missingYear } when a year on the way has no calendar file.
function dueDate(received, days) {
  const calendars = new Map();
  const calendar = (year) => {
    if (!calendars.has(year)) calendars.set(year, readCalendar(year));
    return calendars.get(year);
  };
  const isWorkday = (iso) => {
    const year = Number(iso.slice(0, 4));
    // A holiday may start in the previous year's last days (元旦), so the
    // files of both the year and the next year are consulted.
    const files = [calendar(year), calendar(year + 1)].filter(Boolean);
    if (!calendar(year)) return { missingYear: year };
    if (files.some((c) => c.adjustedWorkdays.includes(iso))) return true;
    if (files.some((c) => c.holidays.some((h) => h.from <= iso && iso <= h.to))) return false;
    const weekday = new Date(`${iso}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  };
  let day = received;
  for (let counted = 0; counted < days;) {
    day = addDays(day, 1);
    const w = isWorkday(day);
    if (typeof w === 'object') return w;
    if (w) counted += 1;
  }
  return day;
}

// ---- Helpers for pages.

function pdfText(bytes) {
  const probe = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
  if (probe.error) return null;
  const dir = mkdtempSync(join(tmpdir(), 'gk_pdf_'));
  try {
    const file = join(dir, 'letter.pdf');
    writeFileSync(file, bytes);
    const r = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    assert.equal(r.status, 0, `pdftotext reads the letter: ${r.stderr}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function downloadBytes(download) {
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('applications for disclosure', () => {
  const env = useServerAndBrowser();
  // Shared by the steps of the flow, which run in order.
  const flow = { ref: '', queryCode: '', received: '', dueOn: '', caseId: '' };

  // The year after the latest shipped notice has a provisional calendar on
  // the server (in December the 20 working days reach into it).
  before(async () => {
    const next = Number(chinaToday().slice(0, 4)) + 1;
    if (readCalendar(next)) return;
    const res = await fetch(`${env.url}/api/v1/calendar/${next}`);
    assert.equal(res.status, 200, `the server has a provisional calendar for ${next}`);
    const cal = await res.json();
    assert.equal(cal.provisional, true, `${next} is provisional`);
    provisionalCalendars.set(next, {
      holidays: cal.holidays.map((h) => ({ from: h.from, to: h.to })),
      adjustedWorkdays: cal.adjusted_workdays,
      provisional: true,
    });
  });

  const isProvisional = (iso) => Boolean(readCalendar(Number(iso.slice(0, 4)))?.provisional);

  // A fresh browser context signed in as `username`; returns its page.
  async function as(username, password = PASSWORD) {
    const page = await signIn(env, username, password);
    assert.equal(new URL(page.url()).pathname, '/staff', `${username} is signed in`);
    return page;
  }

  async function visitor() {
    const context = await env.browser.newContext({ locale: 'zh-CN', acceptDownloads: true });
    return context.newPage();
  }

  async function click(page, name) {
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
  }

  async function staffCase(username) {
    const page = await as(username);
    await page.goto(`${env.url}/staff/applications/${flow.caseId}`);
    assert.match(await page.locator('h1').innerText(), new RegExp(flow.ref));
    return page;
  }

  async function apply(page, who) {
    await page.goto(`${env.url}/apply`);
    assert.match(await page.locator('h1').first().innerText(), /依申请公开/);
    await page.getByLabel('申请人类型').selectOption('natural');
    await page.getByLabel('姓名 / 单位名称').fill(who.name);
    await page.getByLabel('身份证明类型').selectOption({ label: '居民身份证' });
    await page.getByLabel('证件号码').fill(who.idNumber);
    await page.getByLabel('联系电话').fill(who.phone);
    if (who.email) await page.getByLabel('电子邮箱').fill(who.email);
    await page.getByLabel('所需信息的名称').fill(who.infoTitle);
    if (who.description) await page.getByLabel(/^内容描述/).fill(who.description);
    const form = page.getByLabel('提供形式');
    await form.selectOption(await form.locator('option').first().getAttribute('value'));
    const delivery = page.getByLabel('获取方式');
    await delivery.selectOption(await delivery.locator('option').first().getAttribute('value'));
    await page.getByLabel('我已阅读申请须知').check();
    const before = chinaToday();
    await click(page, '提交申请');
    const after = chinaToday();
    const alert = page.getByRole('alert');
    assert.equal(await alert.count(), 0, `no form error: ${(await alert.count()) ? await alert.innerText() : ''}`);
    assert.match(await page.locator('h1').innerText(), /申请已提交/);
    const facts = page.locator('dl.facts');
    const fact = async (term) => (await facts.locator(`dt:text-is("${term}") + dd`).innerText()).trim();
    const ref = await fact('申请编号');
    assert.ok(ref.length > 0, 'the receipt shows the 申请编号');
    const queryCode = (await page.locator('#query-code').innerText()).trim();
    assert.match(queryCode, /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/, 'the query code is XXXX-XXXX-XXXX');
    const received = await fact('收到申请日期');
    assert.ok([before, after].includes(received), `received on today's China date (${before}), shown ${received}`);
    const dueText = await fact('答复期限');
    const due = dueText.match(/^(\d{4}-\d{2}-\d{2})/);
    assert.ok(due, `答复期限 is a date: ${dueText}`);
    assert.equal(dueText.includes('（暂定）'), isProvisional(due[1]),
      `答复期限 ${dueText} is marked 暂定 exactly when its year has no notice`);
    if (isProvisional(due[1])) {
      assert.match(await page.locator('main').innerText(), /以国务院办公厅公布的放假安排为准/);
    }
    return { ref, queryCode, received, dueOn: due[1] };
  }

  // Looks a case up on /apply/status; returns the page.
  async function lookUp(page, queryCode, phone) {
    await page.goto(`${env.url}/apply/status`);
    await page.getByLabel('查询码').fill(queryCode);
    await page.getByLabel('申请时填写的联系电话').fill(phone);
    await click(page, '查询');
    return page;
  }

  it('a visitor applies on the portal and gets a query code and the due date', async (t) => {
    const page = await visitor();
    Object.assign(flow, await apply(page, APPLICANT));
    await screenshot(page, 'portal-apply-receipt');
    await page.context().close();

    const expected = dueDate(flow.received, REPLY_DAYS);
    t.diagnostic(`received ${flow.received}, 答复期限 shown ${flow.dueOn}, computed ${JSON.stringify(expected)}`);
    if (typeof expected === 'object') {
      t.diagnostic(`SKIPPED the due-date check: data/calendar/${expected.missingYear}.toml is missing`);
    } else {
      assert.equal(flow.dueOn, expected,
        `答复期限 is ${REPLY_DAYS} working days after ${flow.received} (receipt day not counted)`);
    }
  });

  it('the status page needs the right phone and then shows the case', async () => {
    assert.ok(flow.queryCode, 'the application was submitted');
    const page = await visitor();
    await lookUp(page, flow.queryCode, '13800000000');
    const alert = page.getByRole('alert');
    assert.equal(await alert.count(), 1, 'a wrong phone gives an error');
    assert.match(await alert.innerText(), /查询码或联系电话不正确/);
    assert.equal(await page.locator('#case-state').count(), 0, 'no case is shown for a wrong phone');
    const body = await page.locator('body').innerText();
    for (const secret of [flow.ref, APPLICANT.name, APPLICANT.infoTitle, flow.dueOn]) {
      assert.ok(!body.includes(secret), `a wrong phone does not reveal ${secret}`);
    }

    await lookUp(page, flow.queryCode, APPLICANT.phone);
    assert.equal(await page.getByRole('alert').count(), 0, 'the right pair gives no error');
    assert.match(await page.locator('main').innerText(), new RegExp(`申请 ${flow.ref}`));
    assert.ok((await page.locator('#case-state').innerText()).trim().length > 0);
    assert.equal((await page.locator('#due-on').innerText()).trim(), flow.dueOn, 'the same due date as on the receipt');
    const lines = page.locator('h3:text-is("答复期限如何计算") + ul li');
    assert.ok(await lines.count() > 0, 'the due date is explained');
    await page.context().close();
  });

  it('the 公开办 finds the case and assigns it to a department', async () => {
    assert.ok(flow.ref, 'the application was submitted');
    const office = await as('office');
    await Promise.all([office.waitForNavigation(), office.getByRole('link', { name: '依申请公开', exact: true }).click()]);
    assert.equal(new URL(office.url()).pathname, '/staff/applications');
    assert.equal(await office.locator('nav.years a[aria-current="page"]').innerText(), '待我办理', 'default filter');
    const row = office.locator('tbody tr').filter({ hasText: flow.ref });
    assert.equal(await row.count(), 1, 'the new case waits for the 公开办');
    assert.match(await row.innerText(), new RegExp(flow.dueOn));
    await Promise.all([office.waitForNavigation(), row.getByRole('link', { name: flow.ref }).click()]);
    flow.caseId = new URL(office.url()).pathname.match(/^\/staff\/applications\/(\d+)$/)?.[1] ?? '';
    assert.ok(flow.caseId, `the case page has an id: ${office.url()}`);

    const main = await office.locator('main').innerText();
    assert.ok(main.includes(APPLICANT.idMasked), `the masked identity number ${APPLICANT.idMasked} is shown`);
    assert.ok(!main.includes(APPLICANT.idNumber), 'the full identity number is not shown');
    assert.ok(!(await office.content()).includes(APPLICANT.idNumber), 'the full identity number is not in the HTML');
    assert.equal((await office.locator('#due-on').innerText()).trim(), flow.dueOn);
    await screenshot(office, 'staff-application');

    await office.getByLabel('分办至承办部门').selectOption({ label: DEPARTMENT });
    await click(office, '分办');
    assert.equal(await office.getByRole('alert').count(), 0, 'assigning succeeds');
    assert.match(await office.locator('main').innerText(), new RegExp(`承办部门\\s*${DEPARTMENT}`));
    await office.context().close();
  });

  it('the clerk drafts a reply and the 公开办 approves, issues and delivers it', async (t) => {
    assert.ok(flow.caseId, 'the case was assigned');
    const clerk = await staffCase('clerk');
    await clerk.getByLabel('答复类型').selectOption({ label: '予以公开 — 予以公开' });
    await click(clerk, '拟定答复，提交审核');
    assert.equal(await clerk.getByRole('alert').count(), 0, 'drafting succeeds');
    assert.equal((await clerk.locator('#case-state').innerText()).trim(), '答复待审核');
    await clerk.context().close();

    const office = await staffCase('office');
    await click(office, '审核通过');
    assert.equal(await office.getByRole('alert').count(), 0, 'approving succeeds');
    await click(office, '出具答复书');
    assert.equal(await office.getByRole('alert').count(), 0, 'issuing succeeds');
    assert.equal((await office.locator('#case-state').innerText()).trim(), '已答复待送达');

    const letter = office.locator('ul.letters li').filter({ hasText: LETTER });
    assert.equal(await letter.count(), 1, `the ${LETTER} is listed`);
    const [download] = await Promise.all([
      office.waitForEvent('download'),
      letter.getByRole('link', { name: 'PDF', exact: true }).click(),
    ]);
    const pdf = await downloadBytes(download);
    assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF', 'the letter is a PDF');
    // Kept for people to look at, like the screenshots.
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'application-reply-letter.pdf'), pdf);
    const text = pdfText(pdf);
    if (text === null) {
      t.diagnostic('SKIPPED the letter text checks: pdftotext is not installed');
    } else {
      const flat = text.replace(/\s+/g, '');
      const year = flow.received.slice(0, 4);
      for (const want of [LETTER, `静安寺公复〔${year}〕1号`, APPLICANT.name, '行政复议']) {
        assert.ok(flat.includes(want), `the letter text contains ${want}:\n${text}`);
      }
    }

    await office.getByLabel('送达方式').fill('电子邮件');
    await click(office, '登记送达并办结');
    assert.equal(await office.getByRole('alert').count(), 0, 'recording delivery succeeds');
    assert.equal((await office.locator('#case-state').innerText()).trim(), '已办结');
    await office.context().close();
  });

  it('the visitor sees the closed case and downloads the reply letter', async () => {
    assert.ok(flow.caseId, 'the case was handled');
    const page = await lookUp(await visitor(), flow.queryCode, APPLICANT.phone);
    assert.equal((await page.locator('#case-state').innerText()).trim(), '已办结');
    const letter = page.locator('ul.letters li').filter({ hasText: LETTER });
    assert.equal(await letter.count(), 1, `the ${LETTER} is listed`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      letter.getByRole('button', { name: '下载 PDF', exact: true }).click(),
    ]);
    const pdf = await downloadBytes(download);
    assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF', 'the letter is a PDF');
    await screenshot(page, 'portal-apply-status-closed');
    await page.context().close();
  });

  it('another applicant cannot see the case with their own phone', async () => {
    assert.ok(flow.queryCode, 'the application was submitted');
    const page = await visitor();
    const second = await apply(page, SECOND);
    assert.notEqual(second.queryCode, flow.queryCode);
    assert.notEqual(second.ref, flow.ref);

    await lookUp(page, flow.queryCode, SECOND.phone);
    assert.equal(await page.getByRole('alert').count(), 1, 'the first code with the second phone gives an error');
    assert.match(await page.getByRole('alert').innerText(), /查询码或联系电话不正确/);
    assert.equal(await page.locator('#case-state').count(), 0);
    const body = await page.locator('body').innerText();
    for (const secret of [flow.ref, APPLICANT.name, APPLICANT.infoTitle, LETTER]) {
      assert.ok(!body.includes(secret), `the second applicant does not see ${secret}`);
    }

    // Their own pair works.
    await lookUp(page, second.queryCode, SECOND.phone);
    assert.match(await page.locator('main').innerText(), new RegExp(`申请 ${second.ref}`));
    assert.equal((await page.locator('#due-on').innerText()).trim(), second.dueOn);
    await page.context().close();
  });
});
