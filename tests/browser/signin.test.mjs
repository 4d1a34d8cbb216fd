// A person signs in with the form, sees the Thai home page, switches to
// English; with JavaScript off, as on a cheap phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, PASSWORD } from './lib.mjs';

let server, b;

before(async () => {
  server = await startServer({ users: [{ username: 'somchai', role: 'officer', unit: 'moj', name: 'สมชาย ใจดี' }] });
  b = await launch();
});

after(async () => {
  await b?.close();
  const code = await server?.stop();
  assert.equal(code, 0);
});

test('sign in with the form and see the Thai home page', async () => {
  const ctx = await b.browser.newContext({ javaScriptEnabled: false, locale: 'th-TH', viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  const outside = [];
  page.on('request', (req) => { if (!req.url().startsWith(server.url)) outside.push(req.url()); });
  await page.goto(server.url + '/login');
  assert.equal(await page.getAttribute('html', 'lang'), 'th');
  await page.fill('#username', 'somchai');
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(server.url + '/');
  const h1 = await page.textContent('h1');
  assert.match(h1, /สมชาย ใจดี/);
  assert.match(await page.textContent('body'), /ศูนย์ปฏิบัติการต่อต้านการทุจริต กระทรวงยุติธรรม/);
  assert.match(await page.textContent('footer'), /ปีงบประมาณ/);
  // The Thai font came from this server.
  const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  assert.match(font, /Laksaman/);
  assert.deepEqual(outside, []);
  await ctx.close();
});

test('a wrong password says so in Thai, on the same page', async () => {
  const ctx = await b.browser.newContext({ javaScriptEnabled: false, locale: 'th-TH' });
  const page = await ctx.newPage();
  await page.goto(server.url + '/login');
  await page.fill('#username', 'somchai');
  await page.fill('#password', 'not the password');
  await page.click('button[type=submit]');
  const err = await page.textContent('.error');
  assert.match(err, /ไม่ถูกต้อง/);
  assert.equal(await page.inputValue('#username'), 'somchai');
  await ctx.close();
});

test('switch to English and back', async () => {
  const ctx = await b.browser.newContext({ javaScriptEnabled: false, locale: 'th-TH' });
  const page = await ctx.newPage();
  await page.goto(server.url + '/login');
  await page.click('a.lang');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('h1'), /Sign in/i);
  await page.goto(server.url + '/login');          // remembered in a cookie
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.click('a.lang');
  assert.equal(await page.getAttribute('html', 'lang'), 'th');
  await ctx.close();
});

test('a browser that asks for English gets English first', async () => {
  const ctx = await b.browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
  const page = await ctx.newPage();
  await page.goto(server.url + '/login');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await ctx.close();
});
