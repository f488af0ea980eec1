#!/usr/bin/env node
// The browser test of interactive use (./glimpse test; alone: ./glimpse check-interactive).
// Starts classic Jupyter Notebook on loopback with the Glimpse kernelspec, drives it with Playwright
// (npm playwright-core) and Debian's Chromium the way a person would: open a notebook, wait until the
// kernel is idle, run cells with Shift+Enter, check that text, an HTML table and a PNG figure render,
// interrupt a running cell and check that the next cell's output appears, restart the kernel.
// Each cycle shuts its kernel down, so every open starts a fresh kernel (a start-up race shows up).
//
// Environment (the CLI sets it): GLIMPSE_PLAYWRIGHT (the playwright-core folder), GLIMPSE_CHROMIUM,
// GLIMPSE_JUPYTER (jupyter-notebook), JUPYTER_PATH (the kernelspec), GLIMPSE_INTERACTIVE_DIR (where the
// test notebook and the screenshots go), GLIMPSE_INTERACTIVE_CYCLES (default 10),
// GLIMPSE_INTERACTIVE_READY_S (the longest a kernel may take to be ready, default 15).
// Last line: "interactive: opens=N ready_max=Xs ready_median=Ys interrupts_ok=A/B restarts_ok=C/D failures=F".
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const net = require('net');

const env = process.env;
const { chromium } = require(env.GLIMPSE_PLAYWRIGHT);
const DIR = env.GLIMPSE_INTERACTIVE_DIR;
const CYCLES = parseInt(env.GLIMPSE_INTERACTIVE_CYCLES || '10', 10);
const READY_S = parseFloat(env.GLIMPSE_INTERACTIVE_READY_S || '15');
const NOTEBOOK = 'interactive-check.ipynb';

// One cell per thing checked; the sources are plain notebook code (show() comes from the startup imports).
const CELLS = [
  'System.out.println("text " + (6 * 7));',
  'show(Table.create("check").addColumns(IntColumn.create("k", 1, 2), StringColumn.create("v", "a", "b")))',
  'Figures.lines("check", "x", "y", List.of(Series.of("s", new double[] {0, 1, 2}, new double[] {1, 0, 2})))',
  'for (int i = 0; i < 600; i++) Thread.sleep(100);',
  'System.out.println("after interrupt " + (6 * 7));',
];

function writeNotebook() {
  fs.mkdirSync(DIR, { recursive: true });
  const nb = {
    cells: CELLS.map((src, i) => ({ cell_type: 'code', id: `check-${i}`, metadata: {}, execution_count: null, outputs: [], source: src })),
    metadata: { kernelspec: { display_name: 'Java (Glimpse)', language: 'java', name: 'glimpse-java' } },
    nbformat: 4, nbformat_minor: 5,
  };
  fs.writeFileSync(path.join(DIR, NOTEBOOK), JSON.stringify(nb, null, 1));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

async function startServer(port, token) {
  const log = fs.openSync(path.join(DIR, 'jupyter-server.log'), 'w');
  const server = spawn(env.GLIMPSE_JUPYTER, ['--no-browser', '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0',
    `--notebook-dir=${DIR}`, ...(process.getuid && process.getuid() === 0 ? ['--allow-root'] : [])], {
    env: { ...env, JUPYTER_TOKEN: token, JUPYTER_CONFIG_DIR: path.join(DIR, '.jupyter-config'),
      JUPYTER_RUNTIME_DIR: path.join(DIR, '.jupyter-runtime'), JUPYTER_DATA_DIR: path.join(DIR, '.jupyter-data') },
    stdio: ['ignore', log, log], detached: true,
  });
  const t0 = Date.now();
  while (Date.now() - t0 < 60000) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/status?token=${token}`);
      if (r.ok) return server;
    } catch (e) { /* not listening yet */ }
    if (server.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the Jupyter server did not answer within 60 s (log: ${path.join(DIR, 'jupyter-server.log')})`);
}

// Ready: the page has a kernel that answered kernel_info and the indicator shows idle.
async function waitReady(page, timeoutMs) {
  await page.waitForFunction(() => {
    const k = window.Jupyter && window.Jupyter.notebook && window.Jupyter.notebook.kernel;
    const icon = document.querySelector('#kernel_indicator_icon');
    return k && k.info_reply && k.info_reply.protocol_version && icon && icon.classList.contains('kernel_idle_icon');
  }, null, { timeout: timeoutMs, polling: 100 });
}

async function runCell(page, i) {
  await page.locator('.cell').nth(i).locator('.CodeMirror').click();
  await page.keyboard.press('Escape'); // command mode, then Shift+Enter runs the selected cell
  await page.keyboard.press('Shift+Enter');
}

function cellText(page, i) { return page.locator('.cell').nth(i).locator('.output_area').allInnerTexts().then((t) => t.join('\n')); }

async function waitOutput(page, i, what, timeoutMs) {
  const cell = `.cell:nth-of-type(${i + 1})`;
  const probes = {
    text: (sel) => { const e = document.querySelector(sel + ' .output_text'); return e && e.innerText.includes('text 42'); },
    table: (sel) => { const t = document.querySelector(sel + ' .output_html table'); return t && t.querySelectorAll('tr').length >= 3; },
    png: (sel) => { const img = document.querySelector(sel + ' .output_png img'); return img && img.complete && img.naturalWidth > 100; },
    interrupted: (sel) => { const p = document.querySelector(sel + ' .input_prompt'); const e = document.querySelector(sel + ' .output_error, ' + sel + ' .output_stderr, ' + sel + ' .output_text');
      return p && !p.innerText.includes('*') && e && /Interrupted/.test(e.innerText); },
    after: (sel) => { const e = document.querySelector(sel + ' .output_text'); return e && e.innerText.includes('after interrupt 42'); },
  };
  await page.waitForFunction(probes[what], cell, { timeout: timeoutMs, polling: 100 });
}

async function cycle(context, base, n, stats) {
  // every open starts from the committed-style notebook without outputs: nothing a previous cycle saved can pass for this one's
  writeNotebook();
  const page = await context.newPage();
  const shot = (name) => page.screenshot({ path: path.join(DIR, `cycle-${String(n).padStart(2, '0')}-${name}.png`), fullPage: true });
  const failures = [];
  try {
    const t0 = Date.now();
    await page.goto(`${base}/notebooks/${NOTEBOOK}`);
    await waitReady(page, READY_S * 1000 * 4);
    const ready = (Date.now() - t0) / 1000;
    await page.evaluate(() => window.Jupyter.notebook.set_autosave_interval(0));
    stats.ready.push(ready);
    if (ready > READY_S) failures.push(`kernel ready after ${ready.toFixed(1)} s (limit ${READY_S} s)`);
    for (const [i, what] of [[0, 'text'], [1, 'table'], [2, 'png']]) {
      await runCell(page, i);
      try { await waitOutput(page, i, what, 60000); } catch (e) { failures.push(`cell ${i + 1}: no ${what} output (${(await cellText(page, i)).slice(0, 200)})`); }
    }
    stats.firstOutputs.push((Date.now() - t0) / 1000);
    const interruptThis = n === 1 || n === CYCLES || n % 3 === 0;
    if (interruptThis) {
      stats.interrupts++;
      await runCell(page, 3);
      await page.waitForTimeout(2000);
      await page.locator('button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]').click();
      let ok = true;
      try { await waitOutput(page, 3, 'interrupted', 20000); } catch (e) { ok = false; failures.push('interrupt: the cell did not end with an Interrupted error'); }
      await runCell(page, 4);
      try { await waitOutput(page, 4, 'after', 20000); } catch (e) { ok = false; failures.push('after the interrupt the next cell showed no output'); }
      if (ok) stats.interruptsOk++;
      await shot('interrupt');
    }
    if (n === 1 || n === CYCLES) {
      stats.restarts++;
      const r0 = Date.now();
      // forget the old kernel's kernel_info, so "ready" below means the restarted kernel answered
      await page.evaluate(() => { const k = window.Jupyter.notebook.kernel; k.info_reply = {}; k.restart(); });
      let ok = true;
      try { await waitReady(page, READY_S * 1000 * 4); } catch (e) { ok = false; failures.push('restart: the kernel did not come back'); }
      stats.restartTimes.push((Date.now() - r0) / 1000);
      await runCell(page, 0);
      try { await waitOutput(page, 0, 'text', 60000); } catch (e) { ok = false; failures.push('restart: the first cell showed no output'); }
      if (ok) stats.restartsOk++;
      await shot('restart');
    } else {
      await shot('cells');
    }
    console.log(`  open ${n}/${CYCLES}: kernel ready ${ready.toFixed(1)} s, three outputs after ${stats.firstOutputs.at(-1).toFixed(1)} s` +
      (interruptThis ? ', interrupt checked' : '') + (failures.length ? `; FAILED: ${failures.join('; ')}` : ''));
  } catch (e) {
    failures.push(String(e.message || e).split('\n')[0]);
    console.log(`  open ${n}/${CYCLES}: FAILED: ${failures.join('; ')}`);
    await shot('failure').catch(() => {});
  } finally {
    // a fresh kernel for the next open: end this notebook's session (and so its kernel), as File > Close and Halt does
    await page.evaluate(() => window.Jupyter && window.Jupyter.notebook && window.Jupyter.notebook.session.delete()).catch(() => {});
    await page.waitForTimeout(1000);
    await page.close();
  }
  return failures;
}

(async () => {
  writeNotebook();
  const port = await freePort();
  const token = crypto.randomBytes(16).toString('hex');
  const server = await startServer(port, token);
  const base = `http://127.0.0.1:${port}`;
  const stats = { ready: [], firstOutputs: [], restartTimes: [], interrupts: 0, interruptsOk: 0, restarts: 0, restartsOk: 0 };
  let failures = 0;
  let browser;
  try {
    browser = await chromium.launch({ executablePath: env.GLIMPSE_CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    const context = await browser.newContext({ viewport: { width: 1200, height: 1400 } });
    // the token as a cookie, as the login page would set it
    const login = await context.newPage();
    await login.goto(`${base}/?token=${token}`);
    await login.close();
    for (let n = 1; n <= CYCLES; n++) if ((await cycle(context, base, n, stats)).length) failures++;
  } catch (e) {
    failures++;
    console.log(`  interactive check aborted: ${String(e.message || e).split('\n')[0]}`);
  } finally {
    if (browser) await browser.close();
    try { process.kill(-server.pid, 'SIGTERM'); } catch (e) { /* already gone */ }
  }
  const sorted = [...stats.ready].sort((a, b) => a - b);
  const median = sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : 0;
  console.log(`  screenshots: ${DIR}`);
  console.log(`interactive: opens=${stats.ready.length}/${CYCLES} ready_max=${(sorted.at(-1) || 0).toFixed(1)}s ready_median=${median.toFixed(1)}s` +
    ` interrupts_ok=${stats.interruptsOk}/${stats.interrupts} restarts_ok=${stats.restartsOk}/${stats.restarts}` +
    ` restart_max=${Math.max(0, ...stats.restartTimes).toFixed(1)}s failures=${failures}`);
  process.exit(failures === 0 && stats.ready.length === CYCLES ? 0 : 1);
})();
