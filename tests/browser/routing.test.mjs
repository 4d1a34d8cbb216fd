// A citizen on a phone with JavaScript off sends a tip to a ministry about
// a province, choosing by name (ministry, then province and district from
// grouped lists), and the receipt names the province centre the tip went
// to (domain/tip_route.h); a poster's link opens the form with its unit
// chosen and named; a wrong link says so in Thai and chooses nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch } from './lib.mjs';

let server, b;

before(async () => {
  server = await startServer();
  b = await launch();
});

after(async () => {
  await b?.close();
  assert.equal(await server?.stop(), 0);
});

const phone = () => b.browser.newContext({ javaScriptEnabled: false, locale: 'th-TH', viewport: { width: 390, height: 844 } });

test('a tip to a ministry about Khon Kaen reaches its Khon Kaen centre, by names only', async () => {
  const ctx = await phone();
  const page = await ctx.newPage();
  await page.goto(server.url + '/report');
  // The choice is a select of names grouped by ministry: no code to type.
  assert.equal(await page.evaluate(() => document.querySelector('#unit').tagName), 'SELECT');
  const labels = await page.$$eval('#unit optgroup', (g) => g.map((x) => x.label));
  assert.ok(labels.includes('กระทรวงและหน่วยงาน'), labels.join('|'));
  assert.ok(labels.every((l) => !/^[a-z0-9-]+$/.test(l)));
  assert.equal(await page.inputValue('#unit'), '');   // nobody chosen for the reporter
  // Ministry, then province and district, each by its Thai name.
  const moi = await page.$eval('#unit', (s) => [...s.options].find((o) => o.text === 'ศูนย์ปฏิบัติการต่อต้านการทุจริต กระทรวงมหาดไทย').value);
  await page.selectOption('#unit', moi);
  await page.selectOption('#category', { label: 'การเรียกรับสินบน' });
  await page.fill('#subject', 'เรียกเงินเร่งออกโฉนด');
  await page.fill('#description', 'เจ้าหน้าที่ที่ดินอำเภอเมืองขอนแก่นเรียกเงินสามหมื่นบาท');
  await page.selectOption('#province', { label: 'ขอนแก่น' });
  const district = await page.$eval('#district', (s) => [...s.querySelectorAll('optgroup')].find((g) => g.label === 'ขอนแก่น')
    .querySelector('option').value);
  await page.selectOption('#district', district);
  await page.click('form[action="/report"] button[type=submit]');
  await page.waitForSelector('#receipt');
  assert.match((await page.textContent('#receipt')).replace(/\s/g, ''), /^\d{16}$/);
  const to = await page.textContent('#receipt-unit');
  assert.match(to, /ขอนแก่น/);
  assert.doesNotMatch(to, /moi/);
  // The page fits the phone: nothing scrolls sideways.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
  await ctx.close();
});

test('a poster link opens the form with its unit chosen; a wrong one is said plainly', async () => {
  const ctx = await phone();
  const page = await ctx.newPage();
  let r = await page.goto(server.url + '/report?to=moi-p40');
  assert.equal(r.status(), 200);
  assert.match(await page.textContent('#report-to'), /ขอนแก่น/);
  assert.equal(await page.inputValue('#unit'), 'moi-p40');
  await page.selectOption('#category', 'other');
  await page.fill('#subject', 'ร้องเรียนจากโปสเตอร์');
  await page.fill('#description', 'สแกนคิวอาร์โค้ดจากป้ายประกาศแล้วแจ้งเรื่อง');
  await page.click('form[action="/report"] button[type=submit]');
  await page.waitForSelector('#receipt');
  assert.match(await page.textContent('#receipt-unit'), /ขอนแก่น/);

  r = await page.goto(server.url + '/report?to=kkn-zone-1');
  assert.equal(r.status(), 400);
  assert.match(await page.textContent('#errors'), /ไม่รับเรื่องร้องเรียนจากประชาชน/);
  assert.equal(await page.getAttribute('#unit', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#unit'), '');
  assert.equal(await page.$('#report-to'), null);
  r = await page.goto(server.url + '/report?to=' + encodeURIComponent('<img src=x onerror=alert(1)>'));
  assert.equal(r.status(), 404);
  assert.match(await page.textContent('#errors'), /ไม่พบหน่วยงานนี้/);
  assert.equal(await page.$('img[src=x]'), null);
  await ctx.close();
});
