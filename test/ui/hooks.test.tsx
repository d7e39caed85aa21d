import { render, Text } from 'ink';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { useTerminalSize } from '../../src/ui/hooks/useTerminalSize.js';

/** A stdout whose size the test changes, keeping what Ink wrote last. */
class SizedStdout extends EventEmitter {
  columns = 100;
  rows = 30;
  last = '';
  write(s: string) {
    if (s.includes('size')) this.last = s;
    return true;
  }
}

function Size() {
  const { columns, rows } = useTerminalSize();
  return <Text>size {columns}×{rows}</Text>;
}

describe('useTerminalSize', () => {
  it('reads the size of the stream Ink renders to, and follows its resize events', async () => {
    const stdout = new SizedStdout();
    const inst = render(<Size />, { stdout: stdout as unknown as NodeJS.WriteStream, debug: true, patchConsole: false, exitOnCtrlC: false });
    await new Promise((r) => setTimeout(r, 10));
    expect(stdout.last).toContain('size 100×30');
    stdout.columns = 60;
    stdout.rows = 20;
    stdout.emit('resize');
    await new Promise((r) => setTimeout(r, 10));
    expect(stdout.last).toContain('size 60×20');
    inst.unmount();
  });
});
