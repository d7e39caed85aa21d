import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinPath } from '../../src/scenario/builtins.js';
import { LIMITS } from '../../src/scenario/schema.js';
import { loadScenarioFile, loadScenarioFileAsync } from '../../src/scenario/load.js';

// Issue 17, "inputs that never end": /dev/zero, /dev/urandom, a process substitution. What is
// read is limited (stat says 0 for all of them); devices are refused before they are opened;
// a pipe is read up to the limit; a named pipe with no writer is waited for, aloud, and Ctrl+C
// ends the wait.

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const tmp = () => mkdtempSync(join(tmpdir(), 'normdrift-in-'));
const SCENARIO = readFileSync(builtinPath('paper-bias'), 'utf8');

function mkfifo(): string {
  const path = join(tmp(), 'pipe.yaml');
  const r = spawnSync('mkfifo', [path]);
  if (r.status !== 0) throw new Error('mkfifo failed');
  return path;
}

describe('devices', () => {
  it('are refused in one line, at once, without reading them', () => {
    for (const dev of ['/dev/zero', '/dev/urandom', '/dev/null'])
      expect(() => loadScenarioFile(dev)).toThrow(`${dev}: is a device, not a scenario file (give a .yaml file)`);
  });

  it('through the CLI: exit 2, one line, no memory blow-up', () => {
    const r = spawnSync(process.execPath, [CLI, '/dev/zero', '--json'], { encoding: 'utf8', timeout: 10_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('/dev/zero: is a device, not a scenario file (give a .yaml file)\n');
  });
});

describe('pipes (a process substitution, /dev/stdin from a pipe)', () => {
  it('an endless stream is read up to the limit and refused in one line', () => {
    // `normdrift <(cat /dev/zero)`, as the shell does it: the scenario is a pipe's path.
    const r = spawnSync('bash', ['-c', `exec "${process.execPath}" "${CLI}" <(cat /dev/zero) --json`], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(`^/(dev|proc/self)/fd/\\d+: more than ${LIMITS.fileBytes} bytes; scenarios are limited to ${LIMITS.fileBytes} bytes \\(README, "Limits"\\)\\n$`),
    );
    expect(r.stdout).toBe('');
  });

  it('a scenario from a pipe is read and run', () => {
    const r = spawnSync('bash', ['-c', `exec "${process.execPath}" "${CLI}" <(cat "${builtinPath('paper-bias')}") --json --steps 2`], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.split('\n')[0])).toMatchObject({ type: 'scenario', seed: 42 });
  });

  it('a named pipe is read without blocking the program while it waits for its writer', async () => {
    const path = mkfifo();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const reading = loadScenarioFileAsync(path);
    await new Promise((r) => setTimeout(r, 200));
    const writer = spawn('sh', ['-c', `cat "${builtinPath('paper-bias')}" > "${path}"`]);
    const exited = new Promise((r) => writer.on('exit', r));
    expect((await reading).seed).toBe(42);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(3);
    await exited;
  });

  it('/dev/stdin from a pipe, read synchronously (--validate)', () => {
    // Through a shell pipe: Node's own child pipes are sockets, which cannot be opened by path.
    const viaPipe = (source: string) =>
      spawnSync('sh', ['-c', `${source} | "${process.execPath}" "${CLI}" --validate /dev/stdin`], { encoding: 'utf8', timeout: 10_000 });
    const r = viaPipe(`cat "${builtinPath('paper-bias')}"`);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`/dev/stdin: ok (The paper's example (Ioffe & Szegedy 2015, §2))\n`);
    const big = viaPipe('yes');
    expect(big.status).toBe(2);
    expect(big.stderr).toBe(`/dev/stdin: more than ${LIMITS.fileBytes} bytes; scenarios are limited to ${LIMITS.fileBytes} bytes (README, "Limits")\n`);
  });
});

describe('a named pipe nobody writes to', () => {
  it('is waited for with a notice on stderr, and Ctrl+C (SIGINT) ends the wait with 130', async () => {
    const path = mkfifo();
    const child = spawn(process.execPath, [CLI, path, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const said = new Promise<void>((resolve) => child.stderr.on('data', () => stderr.includes('waiting') && resolve()));
    await said;
    expect(stderr).toBe(`normdrift: waiting for something to write to ${path} (a named pipe); Ctrl+C stops\n`);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c, sig) => resolve(c ?? (sig === 'SIGINT' ? 130 : null))));
    expect(code).toBe(130);
  });

  it('--validate (a synchronous read) says so too, and reads a slow writer to its end', async () => {
    const path = mkfifo();
    const child = spawn(process.execPath, [CLI, '--validate', path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    await new Promise<void>((resolve) => child.stderr.on('data', () => stderr.includes('waiting') && resolve()));
    expect(stderr).toBe(`normdrift: waiting for something to write to ${path} (a named pipe); Ctrl+C stops\n`);
    // A writer that pauses between its lines: the reader waits for the end, not the first pause.
    const writer = spawn('sh', ['-c', `(printf 'title: slow\\n'; sleep 0.4; printf 'summary: s\\n') > "${path}"`]);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise((r) => (writer.exitCode === null ? writer.on('exit', r) : r(null)));
    expect(code).toBe(0);
    expect(stdout).toBe(`${path}: ok (slow)\n`);
  });

  it('and one that gets a writer later runs normally', async () => {
    const path = mkfifo();
    const child = spawn(process.execPath, [CLI, path, '--json', '--steps', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    await new Promise((r) => setTimeout(r, 300));
    writeFileSync(path, SCENARIO);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^\{"type":"summary"/);
  });
});

describe('regular files whose size stat does not tell', () => {
  it('a socket (a child process’s stdin from Node) is refused in one line', () => {
    const r = spawnSync(process.execPath, [CLI, '--validate', '/dev/stdin'], { input: SCENARIO, encoding: 'utf8', timeout: 10_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('/dev/stdin: is a socket, not a scenario file (give a .yaml file)\n');
  });

  it('a /proc file (size 0 by stat) is read, and judged by what it holds', () => {
    expect(() => loadScenarioFile('/proc/self/status')).toThrow(/^\/proc\/self\/status:\d+:\d+: /);
  });
});
