// Usable without a mouse, a manual or a code (docs/ui.md): a citizen files
// a tip with the keyboard alone on a phone; an officer, keyboard only,
// records a phone tip choosing the unit and district by name and the date
// in the Buddhist Era, finds it, and acknowledges it; a coordinator adds a
// training attendee by name. JavaScript off except where said.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { startServer, launch, PASSWORD, BIN } from './lib.mjs';

let server, b;

before(async () => {
  server = await startServer({
    users: [
      { username: 'nok', role: 'officer', unit: 'moi', name: 'นก เจ้าหน้าที่' },
      { username: 'ploy', role: 'coordinator', unit: 'kkn-net', name: 'พลอย ผู้ประสานงาน' },
    ],
  });
  b = await launch();
});

after(async () => {
  await b?.close();
  assert.equal(await server?.stop(), 0);
});

// Press Tab until the focused element matches sel; every element focused
// on the way must show a visible focus outline. Fails after max presses.
async function tabTo(page, sel, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const r = await page.evaluate((s) => {
      const e = document.activeElement;
      const cs = getComputedStyle(e);
      return { match: e.matches(s), outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
        what: e.outerHTML.slice(0, 80) };
    }, sel);
    assert.ok(r.outline, 'no visible focus on ' + r.what);
    if (r.match) return;
  }
  assert.fail('Tab never reached ' + sel);
}

test('a citizen files a tip with the keyboard alone', async () => {
  const ctx = await b.browser.newContext({ javaScriptEnabled: false, locale: 'th-TH', viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  await page.goto(server.url + '/');
  // The first stop is the skip link.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  await tabTo(page, 'a[href="/report"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(server.url + '/report');
  // Every control of the form has a label tied to it.
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('form[action="/report"] input:not([type=hidden]), form[action="/report"] select, form[action="/report"] textarea')]
    .filter((e) => !e.labels || e.labels.length === 0).map((e) => e.name));
  assert.deepEqual(unlabelled, []);
  // Sent empty (the browser's own check off): the summary is an alert, each
  // field in error says so and is described by its message.
  await page.evaluate(() => document.querySelector('form[action="/report"]').setAttribute('novalidate', ''));
  await tabTo(page, 'form[action="/report"] button[type=submit]', 120);
  await page.keyboard.press('Enter');
  await page.waitForLoadState();
  assert.equal(await page.getAttribute('#errors', 'role'), 'alert');
  assert.equal(await page.getAttribute('#subject', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#subject', 'aria-describedby'), /subject-error/);
  assert.ok((await page.textContent('#subject-error')).length > 3);
  // The summary links to the field.
  assert.equal(await page.getAttribute('#errors a[href="#subject"]', 'href'), '#subject');

  await tabTo(page, '#category', 120);
  await page.keyboard.press('ArrowDown');
  await tabTo(page, '#subject');
  await page.keyboard.type('เรียกรับเงินค่าตรวจรับงาน');
  await tabTo(page, '#description');
  await page.keyboard.type('เจ้าหน้าที่เรียกเงินก่อนเซ็นตรวจรับงาน 5,000 บาท');
  await tabTo(page, '#incident_date', 200);
  await page.keyboard.type('๑/๑๑/๒๕๖๙');
  await tabTo(page, 'form[action="/report"] button[type=submit]', 120);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#receipt');
  assert.match((await page.textContent('#receipt')).replace(/\s/g, ''), /^\d{16}$/);
  await ctx.close();
});

test('an officer records a phone tip by names and a BE date, finds it and acknowledges it, keyboard only', async () => {
  const ctx = await b.browser.newContext({ javaScriptEnabled: false, locale: 'th-TH', viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(server.url + '/login');
  await tabTo(page, '#username');
  await page.keyboard.type('nok');
  await tabTo(page, '#password');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL(server.url + '/');
  execFileSync(BIN, ['keys', 'grant', server.dir], { input: readFileSync(join(dirname(server.dir), 'recovery.key')) });

  await page.goto(server.url + '/tips/new');
  // The receiving unit: a grouped choice of the officer's centres by name,
  // their own unit first chosen; no code to type.
  assert.equal(await page.evaluate(() => document.querySelector('#unit').tagName), 'SELECT');
  assert.equal(await page.inputValue('#unit'), 'moi');
  const groups = await page.$$eval('#unit optgroup', (g) => g.map((x) => x.label));
  assert.ok(groups.length >= 1 && groups.every((l) => l && !/^[a-z0-9-]+$/.test(l)), groups.join(','));
  const kkn = await page.$eval('#unit', (s) => [...s.options].find((o) => /ขอนแก่น/.test(o.text))?.value);
  assert.ok(kkn, 'the Khon Kaen centre is offered by name');
  // Only the officer's line: nothing of another ministry.
  assert.equal(await page.$eval('#unit', (s) => [...s.options].some((o) => o.value === 'mol')), false);
  // The district: grouped by province, chosen by name.
  const muang = await page.$eval('#district', (s) => [...s.querySelectorAll('optgroup')].find((g) => g.label === 'ขอนแก่น')
    .querySelector('option').value);
  assert.equal(muang, '4001');
  // The date field says which form it takes and is text, not a date picker.
  assert.equal(await page.getAttribute('#incident_date', 'type'), 'text');
  assert.match(await page.textContent('#incident_date-hint'), /2569/);

  await tabTo(page, '#channel');
  await tabTo(page, '#unit');
  await page.selectOption('#unit', kkn);   // what arrow keys do, without counting them
  await tabTo(page, '#subject');
  await page.keyboard.type('โทรแจ้งเรื่องฮั้วประมูลถนนในตำบล');
  await tabTo(page, '#description');
  await page.keyboard.type('ผู้แจ้งโทรมาเล่าว่ามีการฮั้วประมูล');
  await tabTo(page, '#district');
  await page.selectOption('#district', '4001');
  await tabTo(page, '#incident_date');
  await page.keyboard.type('31/4/2569');   // no such day: refused, kept as typed
  await tabTo(page, 'form[action="/tips/new"] button[type=submit]', 60);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#errors');
  assert.equal(await page.inputValue('#incident_date'), '31/4/2569');
  assert.equal(await page.getAttribute('#incident_date', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#unit'), kkn);              // the rest kept
  assert.equal(await page.inputValue('#district'), '4001');
  await page.fill('#incident_date', '8/11/2569');
  await page.click('form[action="/tips/new"] button[type=submit]');
  await page.waitForSelector('#receipt');

  // Found, and its date is the BE date typed.
  await page.goto(server.url + '/tips');
  await tabTo(page, '#q', 40);
  await page.keyboard.type('ฮั้วประมูลถนน');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/tips\?/);
  await tabTo(page, '#tips a');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/tips\/\d+$/);
  const main = await page.textContent('main');
  assert.match(main, /8 พ\.ย\. 2569/);   // the BE date typed, shown back
  await tabTo(page, 'form[action$="/status"] button', 120);
  await page.keyboard.press('Enter');
  await page.waitForURL(/done=tip_acknowledged/);
  assert.match(await page.textContent('p.flash[role=status]'), /รับเรื่องแล้ว/);

  // Printed: no navigation, no forms, the full text.
  await page.emulateMedia({ media: 'print' });
  const shown = await page.evaluate(() => ({
    nav: getComputedStyle(document.querySelector('header.top')).display,
    forms: [...document.querySelectorAll('form')].filter((f) => getComputedStyle(f).display !== 'none').length,
    text: getComputedStyle(document.querySelector('#description')).display,
  }));
  assert.deepEqual(shown, { nav: 'none', forms: 0, text: shown.text === 'none' ? 'shown' : shown.text });
  const pdf = await page.pdf({ format: 'A4', margin: { top: '18mm', bottom: '18mm', left: '15mm', right: '15mm' } });
  const txt = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' });
  assert.match(txt, /ผู้แจ้งโทรมาเล่าว่ามีการฮั้วประมูล/);
  // (Page numbers: keyboard.test.mjs prints a longer tip and reads them.)
  assert.doesNotMatch(txt, /ออกจากระบบ/);   // the menu is not printed
  await ctx.close();
});

test('a coordinator adds a training attendee by name, without JavaScript', async () => {
  const ctx = await b.browser.newContext({ javaScriptEnabled: false, locale: 'th-TH', viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  await page.goto(server.url + '/login');
  await page.fill('#username', 'ploy');
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(server.url + '/');
  await page.goto(server.url + '/units/kkn-net');
  const href = await page.getAttribute('a[href^="/trainings/"]', 'href');
  await page.goto(server.url + href);
  // No number to know: search by a name, then pick.
  assert.equal(await page.$('input[name=person]:not([type=hidden])'), null);
  await page.fill('#person-q', 'ส');
  await page.click('form[role=search] button[type=submit]');
  assert.match(await page.textContent('#person-results'), /2/);   // at least 2 letters
  await page.fill('#person-q', 'สม');
  await page.click('form[role=search] button[type=submit]');
  const first = await page.textContent('#person-results li strong');
  assert.ok(first && first.length > 2);
  await page.click('#person-results li button[type=submit]');
  await page.waitForURL(/\/people\/\d+\?done=attendance_saved/);
  assert.match(await page.textContent('p.flash'), /บันทึกการเข้าร่วมแล้ว/);
  assert.match(await page.textContent('main'), new RegExp(first.trim().split(' ').pop()));
  // Nobody: an empty state that says what to do.
  await page.goto(server.url + href + '?q=' + encodeURIComponent('ไม่มีชื่อนี้แน่นอนxyz'));
  assert.match(await page.textContent('#person-results .empty'), /ไม่พบ/);
  await ctx.close();
});
