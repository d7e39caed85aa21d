import { describe, expect, it } from 'vitest';
import { fasterSpeed, MAX_SPEED, niceFloor, RateMeter, sampleStride, slowerSpeed, SPEEDS } from '../../src/session/clock.js';

describe('speed ladder', () => {
  it('walks up from 1 to the maximum and back down to 1', () => {
    let s = 1;
    const up = [s];
    while (s !== MAX_SPEED) up.push((s = fasterSpeed(s, Infinity)));
    expect(up.slice(0, -1)).toEqual([...SPEEDS]);
    expect(up[up.length - 1]).toBe(MAX_SPEED);
    const down = [s];
    while (s !== 1) down.push((s = slowerSpeed(s, Infinity)));
    expect(down.slice(1)).toEqual([...SPEEDS].reverse());
    expect(slowerSpeed(1, Infinity)).toBe(1);
    expect(fasterSpeed(MAX_SPEED, 10)).toBe(MAX_SPEED);
  });

  it('goes to the maximum once the next rung is beyond what the engine manages', () => {
    expect(fasterSpeed(1000, 1800)).toBe(MAX_SPEED);
    expect(fasterSpeed(1000, 3000)).toBe(2500);
    expect(slowerSpeed(MAX_SPEED, 3000)).toBe(2500);
    expect(slowerSpeed(MAX_SPEED, 0.5)).toBe(1);
  });

  it('a speed between rungs (from --speed) moves to the neighbouring rungs', () => {
    expect(fasterSpeed(70, Infinity)).toBe(120);
    expect(slowerSpeed(70, Infinity)).toBe(60);
  });
});

describe('sampling stride', () => {
  it('is 1-2-5 valued, at least 1, and about speed / 6', () => {
    expect(niceFloor(0.3)).toBe(1);
    expect(niceFloor(1)).toBe(1);
    expect(niceFloor(4.9)).toBe(2);
    expect(niceFloor(7)).toBe(5);
    expect(niceFloor(10)).toBe(10);
    expect(niceFloor(999)).toBe(500);
    expect(sampleStride(5)).toBe(1);
    expect(sampleStride(60)).toBe(10);
    expect(sampleStride(1_000_000)).toBe(100_000);
    expect(sampleStride(Infinity)).toBe(1);
  });
});

describe('RateMeter', () => {
  it('starts at the first measurement and follows a steady rate', () => {
    const m = new RateMeter();
    m.add(10, 100);
    expect(m.rate).toBe(100);
    for (let i = 0; i < 200; i++) m.add(50, 100);
    expect(m.rate).toBeCloseTo(500, 3);
    m.add(5, 0); // no time passed: ignored
    expect(m.rate).toBeCloseTo(500, 3);
    m.reset();
    expect(m.rate).toBe(0);
  });
});
