// @ts-check
/**
 * The peer of the start-up figure in live-startup.bench.ts: Ink's own "hello world", started the
 * way the live view starts (the same node, flags and environment; NODE_ENV=production, which
 * the live view sets before it loads Ink), drawing one line and waiting for q like the dashboard.
 * Everything before its text appears is Node starting and Ink (with React) loading.
 */
process.env.NODE_ENV ??= 'production';
const React = (await import('react')).default;
const { render, Text, useApp, useInput } = await import('ink');

function Hello() {
  const { exit } = useApp();
  useInput((input) => {
    if (input === 'q') exit();
  });
  return React.createElement(Text, null, 'Hello, world');
}

render(React.createElement(Hello));
