import { scenarioSchema, type Scenario } from '../../src/scenario/schema.js';

/** Three examples, small enough to do by hand (see the expectations below). */
export const tiny: Scenario = scenarioSchema.parse({
  title: 'three examples',
  summary: 'by hand',
  data: { u: [1, 2, 6], y: [1, 0, 2] },
  model: { weight: { init: 1, learn: false }, bias: { init: 0.5, learn: true }, normalize: 'center' },
  training: { learningRate: 0.1, steps: 10 },
});
