import { check } from 'k6';
export const options = { vus: 1, iterations: 3, thresholds: { checks: ['rate>0.9'], never_recorded: ['count>0'] } };
export default function () {
  check(__ITER, { 'even iteration': (i) => i % 2 === 0 });
  if (__ITER === 1) throw new Error('boom in iteration 1');
}
