// Accessibility of every page a role can reach: axe-core over each GET
// page of the route table (src/web), for the public, a reporter with a
// receipt and each staff role, in Thai and English, at phone (390×844)
// and desktop (1280×900) sizes. No violation of impact serious or
// critical is allowed. The desktop size runs every rule; the phone size
// the rules that depend on layout (LAYOUT_RULES: contrast, target size,
// scrolling regions) — the rest read the same DOM. The page list comes from the route table: a GET
// route that is neither visited with a 200 by some role nor listed in
// SKIPPED (with its reason) fails the test, so a new page cannot be left
// out silently. One browser; one context per role, reused for both
// languages and sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { startServer, launch, PASSWORD, BIN, routeTable, axeSerious, LAYOUT_RULES } from './lib.mjs';

// GET routes that are not pages, with the reason.
const SKIPPED = {
  '/healthz': 'plain text for monitors, not a page',
  '/static/{*}': 'style sheet, icon, fonts and scripts',
  '/tips/{id}/files/{file}': 'evidence download (attachment)',
  '/cases/export.csv': 'download (CSV)',
  '/cases/export.xlsx': 'download (workbook)',
  '/procurements/export.csv': 'download (CSV)',
  '/procurements/export.xlsx': 'download (workbook)',
  '/people/{id}/export': 'download (JSON, PDPA export)',
  '/login/totp': 'needs an account with TOTP; the same field partial as /login, scanned there',
  '/units/{code}/reports/{file}': 'download (quarterly report, PDF or XLSX)',
  '/units/{code}/poster.pdf': 'download (the unit\'s poster, PDF)',
  '/public/{code}/data.json': 'open data (JSON)',
  '/public/{code}/data.csv': 'open data (CSV)',
  '/public/{code}/feed.atom': 'Atom feed',
  '/rounds/{id}/export.csv': 'download (CSV)',
  '/rounds/{id}/export.xlsx': 'download (workbook)',
  '/visits/{id}/photos/{photo}': 'a visit photo (image)',
  '/units/{code}/budget.xlsx': 'download (workbook)',
  '/units/{code}/ethics/{file}': 'download (acknowledgements or signatories, XLSX or CSV)',
  '/guides/{id}': 'download (a document of the guides library)',
  '/guides/{id}/versions/{n}': 'download (one version of a document)',
};

const SIZES = [{ width: 1280, height: 900 }, { width: 390, height: 844, rules: LAYOUT_RULES }];
const STAFF = [
  { username: 'adm', role: 'admin', name: 'ผู้ดูแล ระบบ' },
  { username: 'sup', role: 'supervisor', name: 'หัวหน้า ศูนย์' },
  { username: 'off', role: 'officer', name: 'นก เจ้าหน้าที่' },
  { username: 'cus', role: 'custodian', name: 'ผู้พิทักษ์ ข้อมูล' },
  { username: 'coo', role: 'coordinator', unit: 'kkn-net', name: 'พลอย ผู้ประสานงาน' },
  { username: 'mon', role: 'monitor', unit: 'kkn-net', name: 'สมศักดิ์ สมาชิก' },
  { username: 'cli', role: 'clinic', unit: 'pacc-r7', name: 'ที่ปรึกษา คลินิก' },
];

let server, b, fx = {};

async function api(path, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = 'Bearer ' + token;
  const r = await fetch(server.url + path, { method: body ? 'POST' : 'GET', headers, body: body && JSON.stringify(body) });
  const j = await r.json();
  assert.ok(r.status < 300, path + ' ' + r.status + ' ' + JSON.stringify(j));
  return j;
}

before(async () => {
  server = await startServer({ users: STAFF });
  b = await launch();
  // A tip with a receipt, readable by the tip staff, in a case.
  fx.receipt = (await api('/api/v1/tips', {
    category: 'bribery', subject: 'เรียกรับเงินค่าต่อใบอนุญาต', province: '40',
    description: 'ที่สำนักงาน มีการเรียกเงิน 2,000 บาท ต่อราย\nบรรทัดที่สอง', amount_baht: 2000,
  })).receipt;
  const tokens = {};
  for (const u of ['off', 'sup', 'cus']) tokens[u] = (await api('/api/v1/login', { username: u, password: PASSWORD })).token;
  execFileSync(BIN, ['keys', 'grant', server.dir], { input: readFileSync(join(dirname(server.dir), 'recovery.key')) });
  const tips = await api('/api/v1/tips', null, tokens.off);
  fx.tip = tips.items[0].id;
  fx.case = (await api('/api/v1/cases', { tip_ids: [fx.tip], title: 'เรื่องทดสอบ' }, tokens.off)).id;
  // A flagged procurement of the demo, its buyer and its winner.
  const procs = await api('/api/v1/procurements?min_score=1&limit=1', null, tokens.off);
  fx.ocid = procs.items[0].ocid;
  const proc = await api('/api/v1/procurements/' + encodeURIComponent(fx.ocid), null, tokens.off);
  fx.buyer = proc.buyer.id;
  fx.supplier = proc.awards.find((a) => a.supplier && a.supplier.id).supplier.id;
  fx.training = 1;
  fx.person = 1;
  fx.unit = 'kkn-net';
});

after(async () => {
  await b?.close();
  assert.equal(await server?.stop(), 0);
});

// The URL of a route's page for the fixtures, or null if unknown.
function urlOf(pattern) {
  const fill = {
    '/tips/{id}': `/tips/${fx.tip}`,
    '/cases/{id}': `/cases/${fx.case}`,
    '/trainings/{id}': `/trainings/${fx.training}`,
    '/people/{id}': `/people/${fx.person}`,
    '/units/{code}': `/units/${fx.unit}`,
    '/units/{code}/import': `/units/${fx.unit}/import`,
    '/units/{code}/webhook': `/units/${fx.unit}/webhook`,
    '/audit': `/audit?object=tip:${fx.tip}`,
    '/procurements/{ocid}': `/procurements/${encodeURIComponent(fx.ocid)}`,
    '/buyers/{key}': `/buyers/${encodeURIComponent(fx.buyer)}`,
    '/suppliers/{key}': `/suppliers/${encodeURIComponent(fx.supplier)}`,
    '/units/{code}/results': `/units/${fx.unit}/results?year=2569`,
    '/units/{code}/meetings/{id}': '/units/mol-eyes/meetings/1',  // the demo's quarterly meeting
    '/public/{code}': '/public/mol-eyes',
    '/units/{code}/points': `/units/${fx.unit}/points`,
    '/points/{code}': '/points/kkn-p01-01',
    '/points/{code}/visit': '/points/kkn-p01-01/visit?round=1',
    '/rounds/{id}': '/rounds/1',
    '/visits/{id}': '/visits/1',
    '/clinic/requests/{id}': '/clinic/requests/1',
    '/clinic/{code}/faq': '/clinic/pacc-r7/faq',
    '/units/{code}/budget': '/units/moj/budget?year=2569',
    '/units/{code}/ethics': '/units/moi-p40/ethics',
    '/units/{code}/guides': `/units/${fx.unit}/guides`,
    '/public/{code}/guides': '/public/kkn-net/guides',
  };
  if (fill[pattern]) return fill[pattern];
  return pattern.includes('{') ? null : pattern;
}

// Extra views of some pages: results, empty states, errors.
const EXTRA = ['/report?to=moi-p40', '/report?to=kkn-zone-1', '/people?q=สม', '/tips?q=ไม่มีคำนี้แน่นอน', '/tips?province=40', '/admin/units?parent=kkn-net', '/no-such-page'];

async function signIn(ctx, username) {
  const p = await ctx.newPage();
  await p.goto(server.url + '/login');
  await p.fill('#username', username);
  await p.fill('#password', PASSWORD);
  await p.click('button[type=submit]');
  await p.waitForURL(server.url + '/');
  return p;
}

test('axe-core: no serious or critical violation on any page of any role', async () => {
  const routes = routeTable().filter((r) => r.method === 'GET' && !r.api);
  assert.ok(routes.length >= 20, 'route table parsed');
  const reached = new Set();
  const problems = [];
  let scans = 0;

  const visitAll = async (who, page, urls) => {
    for (const lang of ['th', 'en']) {
      await page.goto(server.url + '/?lang=' + lang);
      for (const { url, pattern } of urls) {
        const resp = await page.goto(server.url + url);
        const status = resp.status();
        if (status === 200 && pattern) reached.add(pattern);
        if (status !== 200 && !(pattern === null && status >= 400)) continue;
        assert.equal(await page.getAttribute('html', 'lang'), lang, url);
        for (const size of SIZES) {
          await page.setViewportSize({ width: size.width, height: size.height });
          scans++;
          for (const v of await axeSerious(page, size.rules))
            problems.push(`${who} ${lang} ${size.width}px ${url}: ${v}`);
        }
      }
    }
  };

  const pages = routes.filter((r) => !SKIPPED[r.pattern]).map((r) => ({ url: urlOf(r.pattern), pattern: r.pattern }));
  const unknown = pages.filter((p) => p.url === null).map((p) => p.pattern);
  assert.deepEqual(unknown, [], 'GET routes with no URL in urlOf() and not in SKIPPED');
  const all = pages.concat(EXTRA.map((url) => ({ url, pattern: null })));

  // The public (no session).
  {
    const ctx = await b.browser.newContext({ locale: 'th-TH' });
    await visitAll('public', await ctx.newPage(), all.filter((p) => !p.pattern || ['/', '/report', '/follow', '/login', '/clinic', '/clinic/answer', '/clinic/{code}/faq'].includes(p.pattern)));
    // A form sent empty: the error summary and the fields in error.
    const page = await ctx.newPage();
    await page.goto(server.url + '/report?lang=th');
    await page.fill('#subject', ' ');
    await page.evaluate(() => document.querySelectorAll('[required]').forEach((e) => e.removeAttribute('required')));
    await page.click('form[action="/report"] button[type=submit]');
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      for (const v of await axeSerious(page, size.rules)) problems.push(`public report-errors ${size.width}px: ${v}`);
    }
    // The clinic: a form sent empty, and an answer read with a reference (the demo's).
    await page.goto(server.url + '/clinic?to=pacc-r7&lang=th');
    await page.evaluate(() => document.querySelectorAll('[required]').forEach((e) => e.removeAttribute('required')));
    await page.click('form[action="/clinic"] button[type=submit]');
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      for (const v of await axeSerious(page, size.rules)) problems.push(`public clinic-errors ${size.width}px: ${v}`);
    }
    await page.goto(server.url + '/clinic/answer');
    await page.fill('#reference', 'SKSA-0000-0001');
    await page.click('form[action="/clinic/answer"] button[type=submit]');
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      for (const v of await axeSerious(page, size.rules)) problems.push(`public clinic-answer ${size.width}px: ${v}`);
    }
    await ctx.close();
  }
  // The reporter, signed in with the receipt.
  {
    const ctx = await b.browser.newContext({ locale: 'th-TH' });
    const page = await ctx.newPage();
    await page.goto(server.url + '/follow');
    await page.fill('#receipt', fx.receipt);
    await page.click('form[action="/follow"] button[type=submit]');
    await page.waitForURL(server.url + '/follow/tip');
    await visitAll('reporter', page, all.filter((p) => ['/follow/tip'].includes(p.pattern)));
    await ctx.close();
  }
  // Each staff role: every page of the table; the ones it may not open
  // answer 403/404 and are not scanned again.
  for (const u of STAFF) {
    const ctx = await b.browser.newContext({ locale: 'th-TH' });
    const page = await signIn(ctx, u.username);
    await visitAll(u.role, page, all.filter((p) => p.pattern && !['/login', '/follow/tip'].includes(p.pattern)));
    await ctx.close();
  }

  const missed = pages.map((p) => p.pattern).filter((p) => !reached.has(p));
  assert.deepEqual(missed, [], 'GET pages no role reached with a 200');
  assert.deepEqual(problems, []);
  console.log(`# axe-core: ${scans} page views scanned`);
});
