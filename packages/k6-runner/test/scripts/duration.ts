import { sleep } from 'k6';
export const options = { scenarios: { hold: { executor: 'constant-vus', vus: 2, duration: '1s', gracefulStop: '0s' } } };
export default function () { sleep(0.2); }
