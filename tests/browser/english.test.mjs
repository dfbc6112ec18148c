// The browser suite's English-text check (english.mjs) on pages made up here.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { englishRuns, scanDocument, watchEnglish } from './english.mjs';
import { launchBrowser } from './server.mjs';

describe('english check', () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  it('matches the server-side rule', () => {
    assert.deepEqual(englishRuns('主动公开时限无法计算：no working-day calendar for 2027: load the notice'),
      ['no working-day calendar for', 'load the notice']);
    assert.deepEqual(englishRuns('not found'), ['not found']);
    for (const text of ['支持 PDF、DOCX 与 OFD', 'annual_report_draft.pdf', '用户 office 已创建', '申请人 Zhang San',
      'https://example.org/open/guide/index.html', 'user@example.com']) {
      assert.deepEqual(englishRuns(text), [], text);
    }
  });

  it('flags an English sentence and ignores code, identifiers and scripts', async () => {
    const context = await browser.newContext();
    const found = [];
    await watchEnglish(context, found);
    const page = await context.newPage();
    await page.route('http://gk.test/', (route) => route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!DOCTYPE html><html lang="zh-CN"><head><title>政府信息公开</title></head><body>
        <p>the search text is longer than 100 characters</p>
        <input type="search" placeholder="Search the catalog here">
        <p>运行 <code>gongkai workdays add the next day</code>，<kbd>press the enter key</kbd></p>
        <pre>load the State Council notice first</pre>
        <span class="ident">minutes of the meeting.docx</span><span data-ident>report for the board</span>
        <script>const s = 'this is not shown';</script><textarea>what the person typed here</textarea>
      </body></html>`,
    }));
    await page.goto('http://gk.test/');
    await page.waitForFunction(() => document.readyState === 'complete');
    await new Promise((r) => setTimeout(r, 200));
    const direct = await page.evaluate(`(${scanDocument.toString()})(document, ${englishRuns.toString()})`);
    await context.close();
    const texts = direct.map((h) => `${h.where}|${h.text}`);
    assert.deepEqual(texts, ['text in <p>|the search text is longer than', 'placeholder of <input>|Search the catalog here']);
    assert.equal(found.length, 1);
    assert.deepEqual(found[0].hits, direct);
  });
});
