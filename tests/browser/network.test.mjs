// A coordinator creates a team, adds members, posts an announcement; a
// member signs in and sees it. JavaScript off, a phone-sized window.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, PASSWORD } from './lib.mjs';

let server, b;

before(async () => {
  server = await startServer({
    users: [
      { username: 'ploy', role: 'coordinator', unit: 'kkn-net', name: 'พลอย ผู้ประสานงาน' },
      { username: 'somsak', role: 'monitor', unit: 'kkn-net', name: 'สมศักดิ์ สมาชิก' },
    ],
  });
  b = await launch();
});

after(async () => {
  await b?.close();
  assert.equal(await server?.stop(), 0);
});

async function signIn(username) {
  const ctx = await b.browser.newContext({ javaScriptEnabled: false, locale: 'th-TH', viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  await page.goto(server.url + '/login');
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(server.url + '/');
  return { ctx, page };
}

test('coordinator builds a team and tells its members', async () => {
  const { ctx, page } = await signIn('ploy');
  // From the home page to the network's page.
  await page.click('a[href="/units/kkn-net"]');
  assert.match(await page.textContent('#members-subtree'), /^310$/);
  await page.click('a[href="/units/kkn-zone-2"]');

  // A new team under zone 2.
  await page.fill('#s-code', 'kkn-team-new');
  await page.selectOption('#s-kind', 'team');
  await page.fill('#s-th', 'ทีมเฝ้าระวังใหม่');
  await page.fill('#s-en', 'New monitoring team');
  await page.click('form[action="/units/kkn-zone-2/units"] button[type=submit]');
  await page.waitForURL(/\/units\/kkn-team-new/);
  assert.match(await page.textContent('h1'), /ทีมเฝ้าระวังใหม่/);

  // Two members; the second links the monitor's account later.
  for (const [given, family, phone] of [['สมศักดิ์', 'สมาชิก', '0891112233'], ['อรุณี', 'แสงทอง', '0891112244']]) {
    await page.fill('#given_th', given);
    await page.fill('#family_th', family);
    await page.selectOption('#kind', 'community_leader');
    await page.fill('#phone', phone);
    await page.check('input[name=consent]');
    await page.click('form[action="/units/kkn-team-new/members"] button[type=submit]');
    await page.waitForURL(/\/units\/kkn-team-new\?done=1/);
  }
  assert.match(await page.textContent('#members-direct'), /^2$/);
  assert.match(await page.textContent('body'), /089-111-2233/);

  // Link the first member to the monitor's account.
  await page.click('text=สมศักดิ์ สมาชิก');
  await page.fill('#username', 'somsak');
  await page.click('form[action$="/account"] button[type=submit]');

  // An announcement to the team.
  await page.goto(server.url + '/units/kkn-team-new');
  await page.fill('#a-title', 'นัดลงพื้นที่จุดตรวจที่ 7');
  await page.fill('#a-body', 'พบกันหน้าที่ว่าการอำเภอ เวลา 08.00 น.');
  await page.click('form[action="/units/kkn-team-new/announcements"] button[type=submit]');
  await page.waitForURL(/done=1/);
  assert.match(await page.textContent('.notice'), /บันทึกเรียบร้อย/);
  await ctx.close();

  // The member sees it on their home page, and on their own page.
  const m = await signIn('somsak');
  assert.match(await m.page.textContent('#news'), /นัดลงพื้นที่จุดตรวจที่ 7/);
  await m.page.click('a[href="/me"]');
  const text = await m.page.textContent('main');
  assert.match(text, /นัดลงพื้นที่จุดตรวจที่ 7/);
  assert.match(text, /ทีมเฝ้าระวังใหม่/);
  await m.ctx.close();
});
