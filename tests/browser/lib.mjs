// Browser-test support: a fresh data folder, the real server on 127.0.0.1,
// and Debian's chromium driven by playwright-core (no browser download).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const BIN = process.env.SODSONG_BIN || '../../build/asan/sodsong';
export const PASSWORD = 'correct horse battery';

export function cli(args, input) {
  return execFileSync(BIN, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

export async function startServer({ demo = true, users = [] } = {}) {
  const tmp = mkdtempSync(join(tmpdir(), 'sodsong-browser-'));
  const dir = join(tmp, 'data');
  cli(['init', dir, '--recovery-key-file', join(tmp, 'recovery.key')]);
  if (demo) cli(['demo', dir]);
  for (const u of users) {
    const args = ['user', 'add', dir, '--username', u.username, '--role', u.role];
    if (u.unit) args.push('--unit', u.unit);
    if (u.name) args.push('--name', u.name);
    cli(args, (u.password || PASSWORD) + '\n');
  }
  const proc = spawn(BIN, ['serve', dir, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start: ' + log)), 60000);
    proc.stderr.on('data', (d) => {
      log += d.toString();
      const m = log.match(/listening on http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    proc.on('exit', (code) => reject(new Error('server exited ' + code + ': ' + log)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    log: () => log,
    async stop() {
      const exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
      proc.kill('SIGTERM');
      const code = await exited;
      rmSync(tmp, { recursive: true, force: true });
      // A server that did not end cleanly shows why (ASan, the sandbox…).
      if (code !== 0) process.stderr.write('server log:\n' + log.slice(-6000) + '\n');
      return code;
    },
  };
}

// Playwright gives each launch a fresh empty profile of its own.
export async function launch() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return { browser, async close() { await browser.close(); } };
}

// ---- accessibility -------------------------------------------------------

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Every route of the route tables under src/web (routes.c and any file
// added beside it): {method, pattern, handler, access, role, api}.
export function routeTable(dir = '../../src/web') {
  const row = /\{\s*HTTP_(GET|POST|PUT|PATCH|DELETE)\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*,\s*(\w+)\s*,\s*(\w+)\s*,\s*(\w+)\s*,\s*(\w+)\s*,\s*(\w+)\s*,/g;
  const out = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.c'))) {
    const src = readFileSync(join(dir, f), 'utf8');
    for (const m of src.matchAll(row))
      out.push({ method: m[1], pattern: m[2], handler: m[3], access: m[4], role: m[5], api: m[8] === 'true', file: f });
  }
  return out;
}

// axe-core on the page as it is now (the source is evaluated over the
// DevTools protocol, so the page's strict CSP needs no exception). The
// violations of impact serious or critical, one line each. rules: only
// these axe rules (for a second size of a page already scanned whole: the
// rules whose outcome depends on the layout).
export const LAYOUT_RULES = ['color-contrast', 'target-size', 'scrollable-region-focusable',
  'meta-viewport', 'nested-interactive', 'frame-focusable-content'];
export async function axeSerious(page, rules) {
  if (!(await page.evaluate(() => typeof window.axe === 'object')))
    await page.evaluate(AXE_SOURCE);
  const opts = { resultTypes: ['violations'] };
  if (rules) opts.runOnly = { type: 'rule', values: rules };
  const res = await page.evaluate((o) => window.axe.run(document, o), opts);
  return res.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}
