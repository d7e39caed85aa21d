import { useStdout } from 'ink';
import { useCallback, useSyncExternalStore } from 'react';

/**
 * The size of the terminal Ink renders to, kept current: read from Ink's own stdout and its
 * 'resize' event, so a view needs no handle on what that stream is (the live view's is
 * src/ui/screen.ts's TerminalScreen, which emits 'resize' once it has repainted at the new size).
 */
export function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const subscribe = useCallback(
    (onChange: () => void) => {
      stdout.on('resize', onChange);
      return () => {
        stdout.off('resize', onChange);
      };
    },
    [stdout],
  );
  const columns = useSyncExternalStore(subscribe, () => stdout.columns || 80);
  const rows = useSyncExternalStore(subscribe, () => stdout.rows || 24);
  return { columns, rows };
}
