import { expect, it } from 'vitest';
import { beatsOf } from '../../src/session/beats.js';
import { eventsOfRun } from '../../src/session/events.js';
import { Pair } from '../../src/session/pair.js';
import { builtin } from '../scenarios/helpers.js';
import { session, source } from './helpers.js';

// The charts mark the beats and the events (issue 14, part 2): checked against a plain run's
// events and the scenario's captions, not against the session's own list.
it("scale-blowup at step 200: the charts' markers are its beats and the steps of its events", () => {
  const sc = builtin('scale-blowup');
  const s = session({ scenario: sc, source: source({ 'paper-bias': sc }) });
  s.dispatch('togglePause');
  for (let i = 0; i < 200; i++) s.dispatch('step');
  expect(s.step).toBe(200);
  // Step 0 is where the axis starts: a beat there is not marked.
  const want = new Set<number>(beatsOf(sc.captions).map((b) => b.at).filter((t) => t > 0));
  for (const e of eventsOfRun(new Pair(sc), 200)) want.add(e.step);
  const markers = s.getSnapshot().markers;
  expect(markers).toEqual([...want].sort((a, b) => a - b));
  expect(markers).toContain(39); // the first sign flip of w
});
