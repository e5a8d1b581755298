// The simulated, archived history the trainer's tests run on (the same one the baseline model in
// models/ is trained on), with the ground truth of every impression.
export { archiveHistory } from '../src/baseline/simulated-history.js';
export type { History } from '../src/baseline/simulated-history.js';
