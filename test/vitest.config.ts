import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Lives under test/ so the top level stays package.json, tsconfig.json, src/, scenarios/, test/.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    benchmark: { include: ['test/bench/**/*.bench.ts'] },
    // Real-terminal tests spawn processes: give them room on a 2-core CI machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: { FORCE_COLOR: '0' },
  },
});
