import { createHash } from 'node:crypto';

/**
 * The fields of each NDJSON line type as of the build with the hand-written ARC4 (commit 9efb5c5):
 * a line is compared on these, in this order, so a field added later (the contract may grow
 * compatibly) does not change its fingerprint, while any changed number does.
 */
export const FIELDS: Record<string, string[]> = {
  scenario: 'type,name,title,seed,learningRate,n,dims,steps,every,batch,sampling,activation,normalize,epsilon,affine,learn,runningMomentum,models'.split(','),
  step: 'type,step,model,loss,w,b,gradW,gradB,meanX,varX,gamma,beta,gradGamma,gradBeta,diverged,runningMean,runningVar,evalLoss'.split(','),
  summary: 'type,steps,models'.split(','),
};

/** sha256 of the run's lines, each reduced to FIELDS of its type. */
export function fingerprint(ndjson: string): string {
  const h = createHash('sha256');
  for (const line of ndjson.trim().split('\n')) {
    const o = JSON.parse(line) as Record<string, unknown>;
    // Line types added since (events) are not part of what the fingerprint covers: consumers
    // ignore types they do not know, and the generator's draws are in the step lines.
    const keys = FIELDS[o.type as string];
    if (keys === undefined) continue;
    h.update(JSON.stringify(keys.filter((k) => k in o).map((k) => [k, o[k]])) + '\n');
  }
  return h.digest('hex');
}
