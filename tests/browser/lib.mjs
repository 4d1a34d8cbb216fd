// Browser-test support: a fresh data folder, the real server on 127.0.0.1,
// and Debian's chromium driven by playwright-core (no browser download).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
    async stop() {
      const exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
      proc.kill('SIGTERM');
      const code = await exited;
      rmSync(tmp, { recursive: true, force: true });
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
