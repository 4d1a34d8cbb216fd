// A Samut Sakhon agency asks the governance clinic a procurement question
// on a phone with JavaScript off and gets a reference; a clinic officer
// signs in, reads who asked, schedules it and records the advice; the
// agency reads the advice back with the reference. Nothing is loaded from
// outside the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch } from './lib.mjs';

let server, b;

before(async () => {
  server = await startServer({ users: [{ username: 'clinic7', role: 'clinic', unit: 'pacc-r7', name: 'ที่ปรึกษา คลินิก' }] });
  b = await launch();
});

after(async () => {
  await b?.close();
  assert.equal(await server?.stop(), 0);
});

async function phone() {
  return b.browser.newContext({ javaScriptEnabled: false, locale: 'th-TH', viewport: { width: 360, height: 740 } });
}

test('ask on a phone without script, get advice, read it back', async () => {
  const agency = await phone();
  const page = await agency.newPage();
  const outside = [];
  page.on('request', (req) => { if (!req.url().startsWith(server.url)) outside.push(req.url()); });
  await page.goto(server.url + '/');
  await page.click('a[href="/clinic"]');
  // The promise is on the form, before any field.
  assert.match(await page.textContent('#clinic-promise'), /ไม่ใช่การกล่าวหา/);
  await page.selectOption('#to', 'pacc-r7');
  await page.fill('#agency', 'องค์การบริหารส่วนตำบลบางน้ำจืด');
  await page.fill('#contact', 'นางสาวสุดา พัสดุ 034-111-222');
  await page.selectOption('#topic', 'procurement');
  await page.fill('#question', 'จ้างเหมารถรับส่งนักเรียนทั้งปี ต้องใช้วิธีใด <b>ด่วน</b>');
  await page.selectOption('#way', 'mobile_clinic');
  await page.selectOption('#district', '7401');
  // Nothing on the phone scrolls sideways.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
  await page.click('form[action="/clinic"] button[type=submit]');
  const ref = (await page.textContent('#reference')).trim();
  assert.match(ref, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

  // An empty form comes back with its errors, what was typed kept.
  await page.goto(server.url + '/clinic?to=pacc-r7');
  await page.fill('#agency', 'เทศบาลที่พิมพ์ไว้');
  await page.click('form[action="/clinic"] button[type=submit]');   // required fields: the browser stops it
  assert.equal(new URL(page.url()).pathname, '/clinic');

  // The clinic officer.
  const office = await b.browser.newContext({ locale: 'th-TH' });
  const o = await office.newPage();
  await o.goto(server.url + '/login');
  await o.fill('#username', 'clinic7');
  await o.fill('#password', 'correct horse battery');
  await o.click('button[type=submit]');
  await o.waitForURL(server.url + '/');
  await o.click('a[href="/clinic/requests"]');
  await o.selectOption('#status', 'new');
  await o.click('form[role=search] button[type=submit]');
  await o.click('#requests a >> nth=0');
  assert.equal(await o.textContent('#agency'), 'องค์การบริหารส่วนตำบลบางน้ำจืด');
  assert.match(await o.textContent('#question'), /<b>ด่วน<\/b>/);   // shown as text
  await o.fill('#on', '10/12/2569');
  await o.click('form[action$="/schedule"] button[type=submit]');
  assert.match(await o.textContent('#status'), /นัดหมายแล้ว/);
  await o.fill('#advice', 'ใช้วิธีประกาศเชิญชวนทั่วไป เพราะวงเงินทั้งปีเกิน 500,000 บาท');
  await o.fill('#documents', 'ระเบียบกระทรวงการคลังฯ พ.ศ. 2560');
  await o.click('form[action$="/advice"] button[type=submit]');
  assert.match(await o.textContent('#status'), /ให้คำแนะนำแล้ว/);

  // Back on the phone: the advice, with the reference typed in lower case.
  await page.goto(server.url + '/clinic/answer');
  await page.fill('#reference', ref.toLowerCase());
  await page.click('form[action="/clinic/answer"] button[type=submit]');
  assert.match(await page.textContent('#advice'), /ประกาศเชิญชวนทั่วไป/);
  assert.match(await page.textContent('#status'), /ให้คำแนะนำแล้ว/);
  assert.doesNotMatch(await page.content(), /บางน้ำจืด/);   // who asked is not on the requester's page
  assert.deepEqual(outside, []);
  await agency.close();
  await office.close();
});
