// A supervisor who holds the unit's key finds, from the home page, the
// officer waiting for it and approves them with one button (JavaScript off);
// only then the officer reads the unit's tips.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { startServer, launch, cli, PASSWORD } from './lib.mjs';

let server, b;

before(async () => {
  server = await startServer({
    demo: false,
    users: [
      { username: 'hua', role: 'supervisor', name: 'หัวหน้า ศูนย์' },
      { username: 'nok', role: 'officer', name: 'นก เจ้าหน้าที่' },
    ],
  });
  b = await launch();
});

after(async () => {
  await b?.close();
  assert.equal(await server?.stop(), 0);
});

async function signedIn(username) {
  const ctx = await b.browser.newContext({ javaScriptEnabled: false, locale: 'th-TH' });
  const page = await ctx.newPage();
  await page.goto(server.url + '/login');
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(server.url + '/');
  return { ctx, page };
}

test('a supervisor approves a waiting officer from the readers page', async () => {
  const r = await fetch(server.url + '/api/v1/tips', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ category: 'bribery', subject: 'เรียกเงินค่าต่อใบอนุญาต', description: 'เรียกเงินใต้โต๊ะ 2,000 บาท' }),
  });
  assert.equal(r.status, 201);
  const sup = await signedIn('hua');
  const off = await signedIn('nok');
  // Only the supervisor gets the key from the operator.
  cli(['keys', 'grant', server.dir, '--username', 'hua'], readFileSync(join(dirname(server.dir), 'recovery.key')));
  await off.page.goto(server.url + '/tips');
  await off.page.click('#tips a');
  assert.doesNotMatch(await off.page.textContent('main'), /ใต้โต๊ะ/);

  await sup.page.goto(server.url + '/');
  await sup.page.click('#readers-card a[href="/readers"]');
  const row = sup.page.locator('#readers tr', { hasText: 'nok' });
  assert.match(await row.textContent(), /รอการอนุมัติ/);
  await row.locator('button[type=submit]').click();
  await sup.page.waitForURL(server.url + '/readers');
  assert.match(await sup.page.locator('#readers tr', { hasText: 'nok' }).textContent(), /ถือกุญแจแล้ว/);

  await off.page.goto(server.url + '/tips');
  await off.page.click('#tips a');
  assert.match(await off.page.textContent('main'), /ใต้โต๊ะ/);
  await sup.ctx.close();
  await off.ctx.close();
});
