import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs the CLI with stdout sent to /dev/full, where every write fails with ENOSPC. `exec`, so
 * that the timeout's signal reaches node itself and does not leave it running without the shell.
 */
function toFullDevice(args: string, timeout = 30_000) {
  const started = Date.now();
  const r = spawnSync('/bin/sh', ['-c', `exec "${process.execPath}" "${CLI}" ${args} > /dev/full`], { encoding: 'utf8', timeout, cwd: ROOT });
  return { code: r.status, stderr: r.stderr, seconds: (Date.now() - started) / 1000 };
}

const NO_SPACE = 'normdrift: cannot write to standard output: no space left on the device\n';

describe.runIf(existsSync('/dev/full'))('standard output that cannot be written', () => {
  it('ends every mode with one line on stderr and exit 1, never a stack trace', () => {
    for (const args of ['--json', '--json --steps 10 --debug', '--snapshot --steps 5', '--list', '--validate scenarios/paper-bias.yaml', '--help']) {
      const r = toFullDevice(args);
      expect(r.stderr, args).toBe(NO_SPACE);
      expect(r.code, args).toBe(1);
    }
  });

  it('stops a long headless run at the first failed write instead of computing output nobody gets', () => {
    // 10⁸ steps take about a minute; the first 64 KB of NDJSON fail within a fraction of a second.
    const r = toFullDevice('--json --steps 100000000', 20_000);
    expect(r.stderr).toBe(NO_SPACE);
    expect(r.code).toBe(1);
    expect(r.seconds).toBeLessThan(15);
  });
});

describe('a reader that stops early', () => {
  it('still ends normdrift quietly with exit 0 (EPIPE is not an error)', () => {
    for (const args of ['--json --steps 20000', '--snapshot --steps 5', '--help']) {
      const r = spawnSync('/bin/bash', ['-c', `"${process.execPath}" "${CLI}" ${args} | head -c 1 > /dev/null; echo "status=\${PIPESTATUS[0]}" >&2`], {
        encoding: 'utf8',
      });
      expect(r.stderr, args).toBe('status=0\n');
    }
  });
});

describe('a pipe to a reader that is slow or gone', () => {
  it('a long run into `| head` ends when head does, not after training to the end', () => {
    // 10⁸ steps with every step recorded would take minutes and ~40 GB of NDJSON.
    const started = Date.now();
    const r = spawnSync(
      '/bin/bash',
      // `timeout` ends node itself should it run on (a shell killed by spawnSync would leave it).
      ['-c', `timeout -s KILL 25 "${process.execPath}" "${CLI}" --json --steps 100000000 | head -c 100 > /dev/null; echo "status=\${PIPESTATUS[0]}" >&2`],
      { encoding: 'utf8', timeout: 30_000, cwd: ROOT },
    );
    expect(r.stderr).toBe('status=0\n');
    expect((Date.now() - started) / 1000).toBeLessThan(20);
  });

  it('a reader that pauses holds normdrift back: its memory stays flat instead of buffering the output', async () => {
    // 3·10⁶ steps are ~1.2 GB of NDJSON; the reader takes nothing for two seconds.
    const child = spawn('/bin/bash', ['-c', `exec "${process.execPath}" "${CLI}" --json --steps 3000000 | (sleep 2; cat > /dev/null)`], {
      cwd: ROOT,
    });
    await new Promise((r) => setTimeout(r, 1500));
    const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ');
    const node = children.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('cli.js'));
    if (node === undefined) throw new Error('normdrift is not among the shell\'s children');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${node}/status`, 'utf8'))?.[1]);
    child.kill('SIGKILL');
    process.kill(Number(node), 'SIGKILL');
    expect(rssKb / 1024).toBeLessThan(150);
  });
});
