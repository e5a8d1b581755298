// Where the local stack's device-facing apps answer, from its settings: one place for the URLs the
// launcher prints, the demo page calls and the simulated devices use (and the origins beacon and
// clicks-tracker must allow for the demo page).
import type { StackSettings } from './config.js';

export function beaconUrl(stack: StackSettings): string {
  return `http://127.0.0.1:${stack.BEACON_PORT}`;
}

export function clicksUrl(stack: StackSettings): string {
  return `http://127.0.0.1:${stack.CLICKS_PORT}`;
}

export function deliveryUrl(stack: StackSettings): string {
  return `http://127.0.0.1:${stack.DELIVERY_PORT}`;
}

/** The origins the demo page is loaded from (what beacon and clicks-tracker must allow). */
export function demoPageOrigins(stack: StackSettings): string[] {
  return [deliveryUrl(stack), `http://localhost:${stack.DELIVERY_PORT}`];
}
