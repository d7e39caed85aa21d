import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, spawnLive, type Live } from '../e2e/pty.js';

// A shared scenario whose text tries to retitle the window, write the clipboard (OSC 52), clear
// the screen and ring the bell.
const HOSTILE = `title: "Nice demo\\e]0;pwned\\a\\e]52;c;aGVsbG8=\\a"
summary: "Looks harmless.\\e[2J\\e[H"
captions:
  - {at: 0, text: "watch\\e[?25l this\\a"}
`;

function hostileFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'normdrift-hostile-'));
  const path = join(dir, 'hostile.yaml');
  writeFileSync(path, HOSTILE);
  return path;
}

let live: Live | undefined;
afterEach(() => {
  live?.dispose();
  live = undefined;
});

describe('terminal text from scenario files', () => {
  it('never reaches the terminal as escapes in the live view: shown as visible placeholders', async () => {
    live = spawnLive({ args: [hostileFile()], cols: 120, rows: 40 });
    const lines = await live.waitFor((t) => t.includes('backprop') && t.includes('␛]52'), 'placeholders on screen');
    expect(lines[0]).toContain('Nice demo␛]0;pwned␇');
    live.write('q');
    expect((await live.exited).exitCode).toBe(0);
    const raw = live.raw();
    expect(raw).not.toContain('\x1b]52');
    expect(raw).not.toContain('\x1b]0;');
    expect(raw).not.toContain('\x07');
  });

  it('--snapshot --ascii spells them in caret notation, and --validate accepts the file', () => {
    const path = hostileFile();
    const snap = spawnSync(process.execPath, [CLI, path, '--snapshot', '--ascii', '--steps', '5', '--width', '100'], { encoding: 'utf8' });
    expect(snap.status).toBe(0);
    expect(snap.stdout).toContain('Nice demo^[]0;pwned^G^[]52;c;aGVsbG8=^G');
    expect(snap.stdout).toMatch(/^[\n\x20-\x7e]*$/);
    const v = spawnSync(process.execPath, [CLI, '--validate', path], { encoding: 'utf8' });
    expect(v.status).toBe(0);
    expect(v.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});
