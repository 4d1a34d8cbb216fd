// Keyboard only, end to end (docs/ui.md): an officer signs in, opens a
// public tip, makes a case of it and refers it to an agency using nothing
// but Tab, Shift+Tab, Enter and Space — the skip link first on every page,
// a visible focus outline on every element reached. Then the tip and the
// case print as documents: no navigation, the whole text, page numbers
// (the @page margin box of site.css), read back with pdftotext.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { startServer, launch, PASSWORD, BIN } from './lib.mjs';

let server, b;
// Long enough to need a second printed page.
const LONG = Array.from({ length: 60 }, (_, i) => `ย่อหน้าที่ ${i + 1}: เจ้าหน้าที่ที่ดินเรียกเงินเพื่อเร่งออกโฉนด มีพยานเห็นการส่งเงินในห้องทำงาน`).join('\n');
const LAST = 'ย่อหน้าที่ 60:';

before(async () => {
  server = await startServer({ users: [{ username: 'kai', role: 'officer', unit: 'moi', name: 'ไก่ เจ้าหน้าที่' }] });
  b = await launch();
  const r = await fetch(server.url + '/api/v1/tips', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ unit: 'moi', category: 'bribery', subject: 'เรียกเงินเร่งออกโฉนดที่ดิน', description: LONG }),
  });
  assert.equal(r.status, 201);
});

after(async () => {
  await b?.close();
  assert.equal(await server?.stop(), 0);
});

async function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    const cs = getComputedStyle(e);
    return { outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
      what: e.outerHTML.slice(0, 100), el: e };
  });
}

// Tab (or Shift+Tab) until sel has focus, checking visible focus each time.
async function tabTo(page, sel, { back = false, max = 150 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const r = await page.evaluate((s) => {
      const e = document.activeElement;
      const cs = getComputedStyle(e);
      return { match: e.matches(s), outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
        what: e.outerHTML.slice(0, 100) };
    }, sel);
    assert.ok(r.outline, 'no visible focus on ' + r.what);
    if (r.match) return;
  }
  assert.fail('Tab never reached ' + sel);
}

// The first Tab on a fresh page is the skip link; Enter moves to <main>.
async function skipToMain(page) {
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  assert.ok((await focused(page)).outline, 'the skip link shows its focus');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
}

async function typeInto(page, sel, text) {
  await tabTo(page, sel);
  await page.keyboard.type(text);
}

test('an officer, keyboard only, opens a tip, makes a case and refers it', async () => {
  const ctx = await b.browser.newContext({ javaScriptEnabled: false, locale: 'th-TH', viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(server.url + '/login');
  await skipToMain(page);
  await typeInto(page, '#username', 'kai');
  await typeInto(page, '#password', PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL(server.url + '/');
  // The officer's first sign-in made their key pair; the unit key is given.
  execFileSync(BIN, ['keys', 'grant', server.dir], { input: readFileSync(join(dirname(server.dir), 'recovery.key')) });

  await page.reload();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  await tabTo(page, 'a[href="/tips"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(server.url + '/tips');
  await skipToMain(page);
  await tabTo(page, '#tips a[href^="/tips/"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/tips\/\d+$/);
  const tipUrl = page.url();
  assert.match(await page.textContent('main'), /เรียกเงินเร่งออกโฉนดที่ดิน/);

  // Make a case: past it and back with Shift+Tab, then Enter.
  await skipToMain(page);
  await typeInto(page, '#case-title', 'คดีเรียกเงินออกโฉนด');
  await tabTo(page, 'form[action="/cases"] button[type=submit]');
  await tabTo(page, '#case-title', { back: true });
  await tabTo(page, 'form[action="/cases"] button[type=submit]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/cases\/\d+\?done=case_created/);
  assert.match(await page.textContent('p.flash[role=status]'), /สร้างเรื่องแล้ว/);
  const caseUrl = page.url().replace(/\?.*/, '');

  // Refer it: the agency by its name (Space opens nothing without a mouse
  // here: the first agency is kept), the letter, the date in BE.
  await skipToMain(page);
  await tabTo(page, '#agency');
  assert.match(await page.$eval('#agency', (s) => s.options[s.selectedIndex].text), /ป\.ป\.ช\./);
  await typeInto(page, '#letter_no', 'มท 0001/2569');
  await typeInto(page, '#sent_on', '8/12/2569');
  await typeInto(page, '#r-note', 'ส่งสำเนาคำร้องและหลักฐาน');
  await tabTo(page, 'form[action$="/referrals"] button[type=submit]');
  await page.keyboard.press('Space');
  await page.waitForURL(/done=referred/);
  assert.match(await page.textContent('p.flash[role=status]'), /ส่งต่อหน่วยงานแล้ว/);
  const refs = await page.textContent('#referrals');
  assert.match(refs, /มท 0001\/2569/);
  assert.match(refs, /2569/);
  await ctx.close();

  // Printed: the tip and the case as documents.
  const pctx = await b.browser.newContext({ javaScriptEnabled: false, locale: 'th-TH' });
  const pp = await pctx.newPage();
  await pp.goto(server.url + '/login');
  await pp.fill('#username', 'kai');
  await pp.fill('#password', PASSWORD);
  await pp.click('button[type=submit]');
  await pp.waitForURL(server.url + '/');
  for (const [url, must] of [[tipUrl, LAST], [caseUrl, 'มท 0001/2569']]) {
    await pp.goto(url);
    await pp.emulateMedia({ media: 'print' });
    const pdf = await pp.pdf({ format: 'A4', preferCSSPageSize: true });
    const txt = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' });
    const pages = txt.split('\f').filter((p) => p.trim() !== '');
    assert.ok(txt.includes(must), url + ': the full text is printed');
    assert.doesNotMatch(txt, /ออกจากระบบ|ข้ามไปยังเนื้อหา/, url + ': no navigation');
    // Each page carries "n / N".
    pages.forEach((p, i) => assert.match(p, new RegExp(`(^|\\s)${i + 1}\\s*/\\s*${pages.length}(\\s|$)`), `${url}: page ${i + 1} numbered`));
    if (url === tipUrl) assert.ok(pages.length >= 2, 'the long tip takes several pages');
    await pp.emulateMedia({ media: 'screen' });
  }
  await pctx.close();
});
