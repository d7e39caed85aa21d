/**
 * Issue #15, "recordings for the web": --record demo.html writes one page that plays the
 * recording offline. The page is checked in headless Chromium (Debian's chromium; .ci/run
 * installs it) loaded from file:// with every host name unresolvable: the player starts, draws
 * the recording's text, plays to its end, and lists the recording's markers as chapters.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { castMarkers, castToHtml, HtmlRecording } from '../../src/output/html.js';
import { openRecording } from '../../src/output/recorders.js';
import { AsciicastWriter } from '../../src/output/asciicast.js';
import { spawnLive, type Live } from '../e2e/pty.js';
import { CHROMIUM, watchPage } from './chromium.js';
import { BUNDLE, tempDir } from './helpers.js';

let dir: string;
let live: Live | undefined;
beforeAll(() => {
  dir = tempDir('html');
});
afterEach(() => live?.dispose());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A cast of two frames and two markers, with text that must not end the page's script. */
function sampleCast(): string {
  const header = JSON.stringify({ version: 2, width: 40, height: 5, title: 'A <b>title</b> & more' });
  const events: unknown[] = [
    [0.1, 'o', 'first frame: naive </script><script>window.hacked=1</script>\r\n'],
    [1.0, 'm', 'b starts to climb'],
    [2.0, 'o', '\x1b[2J\x1b[Hsecond frame: backprop\r\n'],
    [2.5, 'm', ''],
    [3.0, 'o', 'the end\r\n'],
  ];
  return [header, ...events.map((e) => JSON.stringify(e))].join('\n') + '\n';
}

describe('the page, as text', () => {
  it('takes the markers of the cast as chapters, in order, skipping a line cut short', () => {
    expect(castMarkers(sampleCast() + '[3.5, "m", "cut')).toEqual([
      { time: 1, label: 'b starts to climb' },
      { time: 2.5, label: '' },
    ]);
  });

  it('inlines the player with its licence and the cast, and nothing in the cast can close its script', () => {
    const page = castToHtml(sampleCast(), { title: 'A <b>title</b>' });
    expect(page.includes('<title>A &#60;b&#62;title&#60;/b&#62;</title>'), 'the title, escaped').toBe(true);
    expect(/asciinema-player 3\.\d+\.\d+, https:\/\/github\.com\/asciinema\/asciinema-player/.test(page), 'the player notice').toBe(true);
    expect(page.includes('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION'), 'the Apache licence').toBe(true);
    // Three scripts in the page (player, licence comment inside it, the recording): exactly two closing tags.
    expect(page.match(/<\/script>/g)).toHaveLength(2);
    expect(/<(script|link)[^>]+(src|href)=/.test(page), 'anything loaded from elsewhere').toBe(false);
    expect(page.includes('0:01 b starts to climb'), 'the first chapter').toBe(true);
    expect(page.includes('0:02 Marker 2'), 'the second chapter, unnamed').toBe(true);
  });
});

describe('HtmlRecording: the page is written at the end, a cut-short run says so', () => {
  it('records to a cast beside the page, leaves a placeholder page until closed, then writes the page and removes the cast', () => {
    const page = join(dir, 'unit.html');
    const rec = new HtmlRecording(page, { width: 40, height: 5, title: 'unit' });
    rec.output('hello from the recording\r\n');
    // As a SIGKILL would leave it: the page says it is not finished and names the cast.
    expect(readFileSync(page, 'utf8')).toContain('This recording was not finished');
    expect(readFileSync(page, 'utf8')).toContain('unit.html.cast');
    expect(readFileSync(rec.castPath, 'utf8')).toContain('hello from the recording');
    rec.close();
    rec.close();
    expect(existsSync(rec.castPath)).toBe(false);
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('hello from the recording');
    expect(html).not.toContain('was not finished');
  });

  it('never overwrites an existing file for its cast', () => {
    const page = join(dir, 'taken.html');
    writeFileSync(`${page}.cast`, 'a file of the user\n');
    const rec = new HtmlRecording(page, { width: 40, height: 5 });
    expect(rec.castPath).toBe(`${page}.2.cast`);
    rec.close();
    expect(readFileSync(`${page}.cast`, 'utf8')).toBe('a file of the user\n');
  });

  it('openRecording picks the page for .html and .htm, the asciicast otherwise', () => {
    const a = openRecording(join(dir, 'x.HTM'), { width: 10, height: 2 });
    const b = openRecording(join(dir, 'x.cast'), { width: 10, height: 2 });
    expect(a).toBeInstanceOf(HtmlRecording);
    expect(b).not.toBeInstanceOf(HtmlRecording);
    expect(b).toBeInstanceOf(AsciicastWriter);
    a.close();
    b.close();
    expect(readFileSync(join(dir, 'x.cast'), 'utf8')).toMatch(/^\{"version":2/);
  });
});

describe.skipIf(!CHROMIUM)('the page in headless Chromium, from file://, with no network', () => {
  if (!CHROMIUM) console.warn('test/ship/html.test.ts: no chromium (apt-get install chromium): the browser checks are skipped');

  it('a live session recorded with normdrift.mjs --record demo.html shows the dashboard, and plays to its end', async () => {
    const work = join(dir, 'live');
    mkdirSync(work);
    copyFileSync(BUNDLE, join(work, 'normdrift.mjs'));
    live = spawnLive({
      cols: 100,
      rows: 30,
      cwd: work,
      shell: '"$NODE" normdrift.mjs --record demo.html --duration 2 --exit-at-end 2>stderr.txt',
      env: { NODE: process.execPath },
    });
    expect((await live.exited).exitCode).toBe(0);
    expect(readFileSync(join(work, 'stderr.txt'), 'utf8')).toMatch(/recorded [\d.]+ s to demo\.html \(open it in a web browser/);
    expect(readdirSync(work).sort()).toEqual(['demo.html', 'normdrift.mjs', 'stderr.txt']);

    // At rest the player shows its poster, the recording at 1 s: the dashboard, both panels.
    const text = (l: string[]) => l.join('\n');
    await watchPage(join(work, 'demo.html'), (s) => /naive/.test(text(s.lines)) && /backprop/.test(text(s.lines)));
    // Played (#autoplay), it reaches the end: the line the session prints after the dashboard is gone.
    await watchPage(join(work, 'demo.html'), (s) => /# stopped at step \d+/.test(text(s.lines)), { hash: '#autoplay' });
  }, 120_000);

  it("a cast's markers are chapters: listed under the player and marked on its progress bar", async () => {
    const page = join(dir, 'chapters.html');
    writeFileSync(page, castToHtml(sampleCast(), { title: 'chapters' }));
    const seen = await watchPage(page, (s) => s.lines.some((l) => l.includes('the end')), { hash: '#autoplay' });
    expect(/<button[^>]*data-marker="0"[^>]*>0:01 b starts to climb<\/button>/.test(seen.html), 'the first chapter').toBe(true);
    // The player's own markers on its progress bar (elements placed along it, with their labels).
    const marks = [...seen.html.matchAll(/class="ap-marker-container[^"]*" style="left: ([\d.]+)%;">.*?<span class="ap-tooltip">([^<]*)<\/span>/g)];
    expect(marks.map((m) => m[2])).toEqual(['00:01 - b starts to climb', '00:02']);
    // The recording's text stayed data: no script element of its own.
    expect(/<script>window\.hacked/.test(seen.html), 'a script from the recording').toBe(false);
  }, 60_000);
});
