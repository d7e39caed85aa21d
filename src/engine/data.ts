import { normal, stream } from './rng.js';

/** Training set: u is row-major N×dims, y has N targets. */
export interface Dataset {
  n: number;
  dims: number;
  u: Float64Array;
  y: Float64Array;
}

export type InputSpec =
  | { dist: 'normal'; mean: number; std: number }
  | { dist: 'uniform'; low: number; high: number }
  | Array<number | number[]>;

export type TargetSpec = { slope: number | number[]; intercept: number; noise: number } | number[];

export interface DataSpec {
  n: number;
  dims: number;
  u: InputSpec;
  y: TargetSpec;
}

/** Builds the data set a scenario describes; generated parts come from the seed's data stream. */
export function makeDataset(spec: DataSpec, seed: number): Dataset {
  const rand = stream(seed, 'data');
  const dims = spec.dims;
  let n: number;
  let u: Float64Array;
  if (Array.isArray(spec.u)) {
    n = spec.u.length;
    u = new Float64Array(n * dims);
    spec.u.forEach((row, i) => {
      const values = Array.isArray(row) ? row : [row];
      for (let k = 0; k < dims; k++) u[i * dims + k] = values[k];
    });
  } else {
    n = Array.isArray(spec.y) ? spec.y.length : spec.n;
    u = new Float64Array(n * dims);
    const dist = spec.u;
    for (let i = 0; i < n * dims; i++) {
      u[i] =
        dist.dist === 'normal'
          ? dist.mean + dist.std * normal(rand)
          : dist.low + (dist.high - dist.low) * rand();
    }
  }
  let y: Float64Array;
  if (Array.isArray(spec.y)) {
    y = Float64Array.from(spec.y);
  } else {
    const { slope, intercept, noise } = spec.y;
    y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = intercept;
      for (let k = 0; k < dims; k++) {
        const a = Array.isArray(slope) ? slope[k] : slope;
        s += a * u[i * dims + k];
      }
      y[i] = noise === 0 ? s : s + noise * normal(rand);
    }
  }
  return { n, dims, u, y };
}
