import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';

/** Debian's chromium (.ci/run installs it), or undefined when this machine has none. */
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** What the page shows: the player's terminal, line by line, and the document's HTML. */
export interface Seen {
  lines: string[];
  html: string;
}

// Read in the page: the text of the player's terminal rows (elements of class ap-line).
const SEEN = `JSON.stringify({
  lines: [...document.querySelectorAll('.ap-line')].map((l) => l.textContent.replace(/\\u00a0/g, ' ')),
  html: document.documentElement.outerHTML,
})`;

/**
 * Opens a local page in headless Chromium — a fresh profile, no network at all (every host name
 * fails to resolve) — and watches it in real time, through the DevTools protocol over a pipe,
 * until `until` holds (resolves with what the page shows) or `ms` pass (rejects, with the last
 * screen). Real time, not --virtual-time-budget: the player's start does not keep to virtual time.
 */
export async function watchPage(file: string, until: (seen: Seen) => boolean, o: { hash?: string; ms?: number } = {}): Promise<Seen> {
  if (!CHROMIUM) throw new Error('no chromium');
  const profile = mkdtempSync(join(tmpdir(), 'normdrift-chromium-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--host-resolver-rules=MAP * ~NOTFOUND',
    `--user-data-dir=${profile}`,
    '--remote-debugging-pipe',
    'about:blank',
  ];
  // --remote-debugging-pipe: Chromium reads commands on fd 3 and writes on fd 4, NUL-separated JSON.
  const browser = spawn(CHROMIUM, args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
  const toBrowser = browser.stdio[3] as Writable;
  const fromBrowser = browser.stdio[4] as Readable;
  const pending = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  let buffered = '';
  fromBrowser.setEncoding('utf8');
  fromBrowser.on('data', (chunk: string) => {
    buffered += chunk;
    let end: number;
    while ((end = buffered.indexOf('\0')) >= 0) {
      const msg = JSON.parse(buffered.slice(0, end)) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
      buffered = buffered.slice(end + 1);
      const p = msg.id === undefined ? undefined : pending.get(msg.id);
      if (!p) continue;
      pending.delete(msg.id!);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result ?? {});
    }
  });
  const exited = new Promise<void>((r) => browser.on('exit', () => r()));
  let nextId = 1;
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      toBrowser.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });

  const deadline = Date.now() + (o.ms ?? 30_000);
  let seen: Seen = { lines: [], html: '' };
  try {
    const { targetId } = (await send('Target.createTarget', { url: pathToFileURL(file).href + (o.hash ?? '') })) as { targetId: string };
    const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    for (;;) {
      const r = (await send('Runtime.evaluate', { expression: SEEN, returnByValue: true }, sessionId)) as { result: { value?: string } };
      if (typeof r.result.value === 'string') seen = JSON.parse(r.result.value) as Seen;
      if (until(seen)) return seen;
      if (Date.now() > deadline)
        throw new Error(`the page did not show what was expected within ${o.ms ?? 30_000} ms; its terminal:\n${seen.lines.join('\n').replace(/ +\n/g, '\n')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    browser.kill();
    await exited;
    // Chromium's helper processes can still be writing to the profile after the browser exits:
    // a temporary profile left behind is not the page's failure.
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
    } catch {
      // Left in the system's temporary directory.
    }
  }
}
