// A citizen files a tip with JavaScript off on a phone and reads the
// receipt; an officer signs in, finds it by a Thai word, and replies; the
// citizen reads the reply with the receipt.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { startServer, launch, PASSWORD, BIN } from './lib.mjs';

let server, b;

before(async () => {
  server = await startServer({ users: [{ username: 'nok', role: 'officer', name: 'นก เจ้าหน้าที่' }] });
  b = await launch();
});

after(async () => {
  await b?.close();
  assert.equal(await server?.stop(), 0);
});

async function phone() {
  return b.browser.newContext({ javaScriptEnabled: false, locale: 'th-TH', viewport: { width: 360, height: 740 } });
}

test('file a tip, an officer answers, the reporter reads it', async () => {
  const citizen = await phone();
  const page = await citizen.newPage();
  const outside = [];
  page.on('request', (req) => { if (!req.url().startsWith(server.url)) outside.push(req.url()); });
  await page.goto(server.url + '/');
  await page.click('a.button[href="/report"]');
  await page.selectOption('#category', 'bribery');
  await page.fill('#subject', 'เจ้าหน้าที่เรียกเงินค่าต่อใบอนุญาต');
  await page.fill('#description', 'ที่สำนักงานจัดหางาน มีการเรียกเงินใต้โต๊ะ 2,000 บาท ต่อราย');
  await page.selectOption('#province', '74');
  await page.click('button[type=submit]');
  const receipt = (await page.textContent('#receipt')).replace(/\s/g, '');
  assert.match(receipt, /^\d{16}$/);
  assert.deepEqual(outside, []);

  // The officer: signs in once (key pair), the operator grants the keys.
  const office = await b.browser.newContext({ javaScriptEnabled: false, locale: 'th-TH' });
  const o = await office.newPage();
  const signIn = async () => {
    await o.goto(server.url + '/login');
    await o.fill('#username', 'nok');
    await o.fill('#password', PASSWORD);
    await o.click('button[type=submit]');
    await o.waitForURL(server.url + '/');
  };
  await signIn();
  execFileSync(BIN, ['keys', 'grant', server.dir], { input: readFileSync(join(dirname(server.dir), 'recovery.key')) });
  await o.goto(server.url + '/tips');
  await o.fill('#q', 'ใต้โต๊ะ');
  await o.click('form.filters button[type=submit]');
  await o.click('#tips a');
  assert.match(await o.textContent('#description'), /2,000 บาท/);
  await o.fill('#body', 'ขอบคุณครับ ขอทราบชื่อสำนักงานสาขาด้วยครับ');
  await o.click('form[action$="/messages"] button[type=submit]');
  assert.match(await o.textContent('main'), /ขอทราบชื่อสำนักงานสาขา/);
  await office.close();

  // The reporter comes back with the receipt, typed with spaces.
  await page.goto(server.url + '/follow');
  await page.fill('#receipt', receipt.replace(/(\d{4})(?=\d)/g, '$1 '));
  await page.click('button[type=submit]');
  await page.waitForURL(server.url + '/follow/tip');
  assert.match(await page.textContent('main'), /ขอทราบชื่อสำนักงานสาขา/);
  await page.fill('#body', 'สาขาสมุทรสาครครับ');
  await page.click('button[type=submit]');
  assert.match(await page.textContent('main'), /สาขาสมุทรสาครครับ/);
  await citizen.close();
});
