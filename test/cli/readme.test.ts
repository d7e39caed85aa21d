import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BINDINGS } from '../../src/ui/keys.js';

/** What README promises a new user, checked against what the program does. */

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The first column of README's "### Keys" table, one string per row. */
function keyCells(): string[] {
  const section = README.slice(README.indexOf('### Keys'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| key |')));
  return table
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| key |'))
    .map((l) => l.split('|')[1].trim());
}

/** How README spells a key that useInput reports as `key`. */
function spelled(key: string): string {
  if (key === 'space') return 'space';
  if (key === 'escape') return 'Esc';
  if (key.startsWith('ctrl+')) return `Ctrl+${key.slice(5).toUpperCase()}`;
  const named: Record<string, string> = { up: '↑', down: '↓', pageup: 'PgUp', pagedown: 'PgDn' };
  if (named[key]) return named[key];
  return `\`${key}\``;
}

describe('README', () => {
  it('lists every key of the binding table (src/ui/keys.ts), each in a row about what that key does', () => {
    const cells = keyCells();
    expect(cells.length).toBeGreaterThan(5);
    for (const b of BINDINGS)
      for (const key of b.keys) {
        const row = cells.find((c) => c.split(/,(?!`)| or | \/ /).map((k) => k.trim()).includes(spelled(key)));
        expect(row, `README keys table has no row for ${key} (${b.does})`).toBeDefined();
      }
  });

  it('says FORCE_COLOR cannot put colour into a --snapshot sent to a pipe, and that is what happens', () => {
    expect(README).toMatch(/FORCE_COLOR=1 normdrift --snapshot > frame\.txt`\s+has no escape codes/);
    const r = spawnSync(process.execPath, [CLI, '--snapshot', '--steps', '5', '--width', '100'], {
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '1', NO_COLOR: '' },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('naive');
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('does not promise that npm start behaves like the command over a pipe', () => {
    expect(README).not.toContain('`npm start -- ARGS` works the same');
    expect(README).toContain('npm start --silent -- ARGS');
  });
});
