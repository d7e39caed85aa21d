import { sanitize } from '../text/sanitize.js';

/**
 * A file the user named (--record, --csv) that cannot be written. Bad input, like a usage error
 * (exit 2), but the message is about the file, not the flags: no "see --help".
 */
export class FileError extends Error {
  override readonly name = 'FileError';
}

const WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'no such directory',
  ENOTDIR: 'no such directory',
  EISDIR: 'it is a directory',
};

/** Why a file operation failed, in words (the errno code's meaning, or the message's first line). */
export function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && WORDS[code]) return WORDS[code];
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

/** Opens an output the user asked for, turning a failure into a one-line FileError. */
export function openOutput<T>(flag: string, path: string, open: () => T): T {
  try {
    return open();
  } catch (err) {
    throw new FileError(`cannot write ${flag} ${sanitize(path)}: ${fsReason(err)}`);
  }
}
