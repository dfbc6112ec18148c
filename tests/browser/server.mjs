// Helpers for the browser tests: a Gongkai server with the demo data on a
// fresh SQLite database, and headless Debian Chromium driven by
// playwright-core.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before } from 'node:test';
import { chromium } from 'playwright-core';
import { describeEnglish, watchEnglish } from './english.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');
export const binary = process.env.GK_BINARY ?? join(repoRoot, 'build', 'gongkai');
export const resultsDir = join(here, 'test-results');
export const chromiumPath = process.env.GK_CHROMIUM ?? '/usr/bin/chromium';

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

// The environment for gongkai: ours without GONGKAI_* settings, plus the
// fast password hashing cost meant for tests.
function serverEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('GONGKAI_')) env[k] = v;
  }
  env.GONGKAI_PASSWORD_COST = 'test';
  return env;
}

// Seeds a demo database in a new temporary folder and starts
// `gongkai serve` on a free port. Resolves to { url, dir, proc, stderr(), stop() }.
// The database holds the bare demo district (`seed-demo --empty`), or with
// `living: true` a year of its agencies' work (`seed-demo`).
export async function startServer({ living = false, district = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gk_browser_'));
  const db = `sqlite:${join(dir, 'b.db')}`;
  const env = serverEnv();
  const args = living ? ['seed-demo', '--db', db] : ['seed-demo', '--empty', '--db', db];
  const seed = spawnSync(binary, args, { cwd: dir, env, encoding: 'utf8', timeout: living ? 180_000 : 60_000 });
  if (seed.error || seed.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${binary} seed-demo failed (${seed.error ?? `exit ${seed.status}`}):\n${seed.stdout}${seed.stderr}`);
  }

  // The demo is a district of several agencies; the tests work in the demo
  // office, served as a deployment configured for it (unprefixed pages and
  // sign-in without "@code" are 静安寺街道办事处's) — except with `district`,
  // which serves the platform as it is: the district home at /.
  const serveEnv = district ? env : { ...env, GONGKAI_AGENCY: 'jingansi' };
  const proc = spawn(binary, ['serve', '--db', db, '--port', '0'], { cwd: dir, env: serveEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.setEncoding('utf8');
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((res) => proc.once('exit', (code, signal) => res({ code, signal })));

  const url = await new Promise((res, rej) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      rej(new Error(`gongkai serve printed no "listening" line within ${START_TIMEOUT_MS} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, START_TIMEOUT_MS);
    proc.stdout.on('data', (d) => {
      stdout += d;
      const m = stdout.match(/^Gongkai listening on (http:\/\/127\.0\.0\.1:(\d+)\/)$/m);
      if (m) {
        clearTimeout(timer);
        res(m[1].replace(/\/$/, ''));
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      rej(new Error(`gongkai serve exited (code ${code}, signal ${signal}) before listening\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    });
    proc.once('error', (e) => {
      clearTimeout(timer);
      rej(new Error(`cannot start ${binary}: ${e.message}`));
    });
  }).catch((e) => {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  });

  async function stop() {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const { code, signal } = await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      if (signal === 'SIGKILL') throw new Error(`gongkai serve did not stop within ${STOP_TIMEOUT_MS} ms of SIGTERM`);
      if (code !== 0) throw new Error(`gongkai serve exited with code ${code} after SIGTERM\nstderr:\n${stderr}`);
    } else {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  return { url, dir, proc, stderr: () => stderr, stop };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

// Registers before/after hooks that start a server and a browser for the
// tests of the calling file. The returned object is filled in by `before`.
// Every page opened in a context of env.browser is checked for English text
// (english.mjs); a test whose pages show some fails with their addresses.
// `options` go to startServer.
export function useServerAndBrowser(options = {}) {
  const env = { server: null, browser: null, url: '', english: [] };
  before(async () => {
    env.server = await startServer(options);
    env.url = env.server.url;
    env.browser = await launchBrowser();
    const newContext = env.browser.newContext.bind(env.browser);
    env.browser.newContext = async (options) => {
      const context = await newContext(options);
      await watchEnglish(context, env.english);
      return context;
    };
  });
  afterEach(() => {
    const found = env.english.splice(0);
    if (found.length) throw new Error(`pages show English text:\n${describeEnglish(found)}`);
  });
  after(async () => {
    try {
      if (env.browser) await env.browser.close();
    } finally {
      if (env.server) await env.server.stop();
    }
  });
  return env;
}

// Saves a full-page screenshot as test-results/NAME.png for people to look at.
export async function screenshot(page, name) {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export const DEMO_PASSWORD = 'gongkai-demo';

// A fresh browser context of `env` signed in as `username` through the login
// form, the way a person does it; returns its page (on the staff home).
export async function signIn(env, username, password = DEMO_PASSWORD) {
  const context = await env.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${env.url}/staff/login`);
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '登录', exact: true }).click()]);
  return page;
}

// Clicks the button named `name` and waits for the page it leads to.
export async function clickButton(page, name) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
}

// Takes the demo's draft item 1 through the whole review chain to the
// portal, each signer in a browser context of their own.
export async function publishDemoItem(env) {
  const title = '静安寺街道2026年既有多层住宅加装电梯工作实施方案';
  const open = async (username) => {
    const page = await signIn(env, username);
    await page.goto(`${env.url}/staff/items/1`);
    return page;
  };
  const clerk = await open('clerk');
  await clickButton(clerk, '提交审查');
  await clerk.context().close();
  for (const signer of ['depthead', 'office', 'leader', 'principal']) {
    const page = await open(signer);
    await clickButton(page, '同意');
    await page.context().close();
  }
  const office = await open('office');
  await clickButton(office, '发布到门户网站');
  const state = await office.locator('.state.big').innerText();
  await office.context().close();
  if (!/已发布/.test(state)) throw new Error(`${title} was not published: ${state}`);
}
