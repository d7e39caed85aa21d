import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/): a JSON header line, then one
 * `[seconds, "o", data]` line per write to the terminal. Every line is written synchronously as
 * it happens, so a recording cut short by a signal or a crash is still valid up to its last event.
 */
export interface CastHeader {
  width: number;
  height: number;
  title?: string;
  command?: string;
}

export class AsciicastWriter {
  private readonly fd: number;
  private readonly start: bigint;
  private readonly now: () => bigint;
  private closed = false;

  constructor(path: string, header: CastHeader, now: () => bigint = process.hrtime.bigint) {
    this.now = now;
    this.fd = openSync(path, 'w');
    this.start = now();
    const env: Record<string, string> = {};
    if (process.env.TERM) env.TERM = process.env.TERM;
    if (process.env.SHELL) env.SHELL = process.env.SHELL;
    const line = {
      version: 2,
      width: header.width,
      height: header.height,
      timestamp: Math.floor(Date.now() / 1000),
      ...(header.title ? { title: header.title } : {}),
      ...(header.command ? { command: header.command } : {}),
      env,
    };
    writeSync(this.fd, JSON.stringify(line) + '\n');
  }

  private seconds(): number {
    // Microsecond resolution, as asciinema itself writes.
    return Math.round(Number(this.now() - this.start) / 1e3) / 1e6;
  }

  /** Output written to the terminal, byte for byte. */
  output(data: string): void {
    if (this.closed || data.length === 0) return;
    writeSync(this.fd, JSON.stringify([this.seconds(), 'o', data]) + '\n');
  }

  /** The terminal was resized. */
  resize(width: number, height: number): void {
    if (this.closed) return;
    writeSync(this.fd, JSON.stringify([this.seconds(), 'r', `${width}x${height}`]) + '\n');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/**
 * Tees everything written to a stream (the terminal) into the recording, so the cast holds
 * exactly the bytes the viewer saw. Returns a function that undoes it.
 */
export function teeStream(stream: NodeJS.WriteStream, cast: AsciicastWriter): () => void {
  const original = stream.write.bind(stream);
  const patched = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    // The terminal receives "\r\n" for every "\n": the tty driver's ONLCR does it, and Node's
    // raw mode keeps it on. The recording holds what the terminal received, as asciinema's own
    // recorder (which reads the other end of the pty) would.
    cast.output(text.replace(/(?<!\r)\n/g, '\r\n'));
    return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof stream.write;
  stream.write = patched;
  return () => {
    if (stream.write === patched) stream.write = original;
  };
}
