// 区分处理 of an attachment in the browser: the clerk opens the attachment's
// text, sees the identity number highlighted, selects a name with the mouse,
// adds it to the list and gets a new version without the name and the number.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clickButton, screenshot, signIn, useServerAndBrowser } from './server.mjs';

const ID_NUMBER = '11010519491231002X';

describe('redaction of an attachment', () => {
  const env = useServerAndBrowser();

  it('selected text and blocking findings are removed from a new version of the attachment', async () => {
    const clerk = await signIn(env, 'clerk');
    await clerk.goto(`${env.url}/staff/items/1`);
    await clerk.getByLabel(/上传附件/).setInputFiles({
      name: '补助名单.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(`补助名单\n张三，身份证号${ID_NUMBER}，补助2000元。\n李四，补助1500元。\n`),
    });
    await clickButton(clerk, '上传');
    await Promise.all([clerk.waitForNavigation(), clerk.getByRole('link', { name: /查看附件全文/ }).click()]);

    const mark = clerk.locator('mark.finding-block');
    assert.equal(await mark.count(), 1, 'the number is highlighted');
    assert.equal(await mark.innerText(), ID_NUMBER);
    await screenshot(clerk, 'attachment-text');

    // Select "李四" in the text with the mouse: drag across its two characters.
    const text = clerk.locator('#attachment-text .prewrap');
    const box = await clerk.evaluate(() => {
      const root = document.querySelector('#attachment-text .prewrap');
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf('李四');
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 2);
        const r = range.getBoundingClientRect();
        return { x: r.left, y: r.top, width: r.width, height: r.height };
      }
      return null;
    });
    assert.ok(box, '李四 is in the text');
    assert.ok(await text.count() >= 1);
    await clerk.mouse.move(box.x + 1, box.y + box.height / 2);
    await clerk.mouse.down();
    await clerk.mouse.move(box.x + box.width - 1, box.y + box.height / 2, { steps: 5 });
    await clerk.mouse.up();
    await clerk.getByRole('button', { name: '加入选中的文字' }).click();
    assert.equal(await clerk.getByLabel(/需删除的文字/).inputValue(), '李四');

    await clickButton(clerk, '区分处理并生成新版本附件');
    assert.match(await clerk.getByRole('status').innerText(), /已保存/);
    const link = clerk.getByRole('link', { name: /补助名单（区分处理）\.txt/ });
    assert.equal(await link.count(), 1, 'the new version carries the redacted copy');
    assert.match(await clerk.locator('#checks').innerText(), /区分处理记录/);

    await Promise.all([clerk.waitForNavigation(), clerk.getByRole('link', { name: /查看附件全文/ }).first().click()]);
    const after = await clerk.locator('#attachment-text').innerText();
    assert.ok(!after.includes('李四'), after);
    assert.ok(!after.includes(ID_NUMBER), after);
    assert.ok(after.includes('，补助1500元。'), after);
    assert.ok(after.includes('张三，身份证号'), after);
    await clerk.context().close();
  });
});
