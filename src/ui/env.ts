/**
 * Environment fixes that must happen before Ink (and its chalk) are first imported: both read
 * the environment once, at import time. src/cli.ts calls this, then imports the live view
 * dynamically. No Ink, React or chalk import may appear in this file.
 */
import { SAMPLES_PER_SECOND } from '../session/clock.js';

export interface LiveEnvOptions {
  /** false for --no-color */
  color: boolean;
}

function isSet(v: string | undefined): boolean {
  return v !== undefined && v !== '';
}

/** is-in-ci's rule (Ink paints nothing while running when it says yes). */
export function looksLikeCi(env: NodeJS.ProcessEnv): boolean {
  const on = (v: string | undefined) => v !== undefined && v !== '0' && v !== 'false';
  return on(env.CI) || on(env.CONTINUOUS_INTEGRATION);
}

export function prepareLiveEnv(o: LiveEnvOptions, env: NodeJS.ProcessEnv = process.env): void {
  // chalk ignores NO_COLOR (https://no-color.org); FORCE_COLOR=0 is the switch it obeys. An
  // explicit FORCE_COLOR from the user wins over NO_COLOR, as in Node's own tty.getColorDepth;
  // --no-color wins over both.
  if (!o.color) env.FORCE_COLOR = '0';
  else if (isSet(env.NO_COLOR) && env.FORCE_COLOR === undefined) env.FORCE_COLOR = '0';

  // Under CI=true Ink writes nothing until exit: a person looking at a terminal would see a blank
  // screen. We only get here with a TTY on stdout, so someone is watching: drop the CI markers for
  // this process (deleting rather than setting "false" keeps chalk's colour detection normal).
  if (looksLikeCi(env)) {
    delete env.CI;
    delete env.CONTINUOUS_INTEGRATION;
  }

  // React's development build checks and warns on every render; a dashboard redrawing several times a
  // second should run the production build, and warnings would print over the frame.
  if (env.NODE_ENV === undefined) env.NODE_ENV = 'production';
}

/**
 * The default frame rate: the history's sample rate. Sparklines move when a sample lands, about
 * 6 times a second, so 6 frames a second show each sample as it lands; each frame is a full
 * Ink render, so frames beyond that would cost CPU to show nothing but the counter a little
 * further on. Over SSH every frame crosses the network: half that.
 */
export function defaultFps(env: NodeJS.ProcessEnv = process.env): number {
  return isSet(env.SSH_CONNECTION) ? SAMPLES_PER_SECOND / 2 : SAMPLES_PER_SECOND;
}

/**
 * What the view says once when it lowered its own frame rate (over SSH, with no --fps): a
 * slower picture should not look like a slow program. Null when there is nothing to say.
 */
export function frameRateNotice(fpsFlag: number | undefined, env: NodeJS.ProcessEnv = process.env): string | null {
  if (fpsFlag !== undefined || !isSet(env.SSH_CONNECTION)) return null;
  return `over SSH: ${defaultFps(env)} frames/s to spare the connection (--fps ${SAMPLES_PER_SECOND} for the usual ${SAMPLES_PER_SECOND})`;
}

/**
 * Before --snapshot loads Ink: colour only when stdout is a terminal (a snapshot piped into a
 * file or a Markdown block must be plain text, whatever FORCE_COLOR says) and colour is allowed
 * there (no --no-color, no NO_COLOR), exactly as for the live view.
 */
export function prepareStillEnv(o: LiveEnvOptions & { tty: boolean }, env: NodeJS.ProcessEnv = process.env): void {
  prepareLiveEnv({ color: o.color && o.tty }, env);
}
