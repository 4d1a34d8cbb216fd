// The public results page on a phone with JavaScript off, and a supervisor
// publishing a quarter that then appears there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, PASSWORD } from './lib.mjs';

let server, b;

before(async () => {
  server = await startServer({
    users: [{ username: 'sup', role: 'supervisor', unit: 'kkn-net', name: 'หัวหน้าเครือข่าย' }],
  });
  b = await launch();
});

after(async () => {
  await b?.close();
  assert.equal(await server?.stop(), 0);
});

function phone() {
  return b.browser.newContext({ javaScriptEnabled: false, locale: 'th-TH',
    viewport: { width: 360, height: 740 } });
}

test('anyone reads a unit\'s results on a phone, without JavaScript', async () => {
  const ctx = await phone();
  const page = await ctx.newPage();
  await page.goto(server.url + '/');
  await page.click('a[href="/public/mol-eyes"]');
  await page.waitForURL(server.url + '/public/mol-eyes');
  assert.match(await page.textContent('h1'), /ดวงตาแรงงาน/);
  assert.equal(await page.locator('#quarters tbody tr').count(), 4);
  assert.ok(await page.locator('#kpis tbody tr').count() >= 4);
  // Nothing wider than the phone: wide tables scroll in their own box.
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, 'page is ' + wide + 'px wide');
  const csv = await page.locator('a[href="/public/mol-eyes/data.csv"]').count();
  assert.equal(csv, 1);
  await ctx.close();
});

test('a supervisor publishes a quarter and the public sees it', async () => {
  const ctx = await phone();
  const page = await ctx.newPage();
  let r = await page.goto(server.url + '/public/kkn-net');
  assert.equal(r.status(), 404);
  await page.goto(server.url + '/login');
  await page.fill('#username', 'sup');
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(server.url + '/');
  await page.goto(server.url + '/units/kkn-net/results?year=2569');
  await page.click('#publish button:has-text("2569-q3")');
  await page.waitForURL(/\/units\/kkn-net\/results/);
  assert.match(await page.textContent('#publish'), /2569-q3: เผยแพร่แล้ว/);
  // The next year's first quarter has not ended: no button for it.
  await page.goto(server.url + '/units/kkn-net/results?year=2570');
  assert.equal(await page.locator('#publish button').count(), 0);
  r = await page.goto(server.url + '/public/kkn-net');
  assert.equal(r.status(), 200);
  assert.match(await page.textContent('#quarters'), /2569-q3/);
  assert.doesNotMatch(await page.textContent('#quarters'), /2569-q2/);
  await ctx.close();
});
