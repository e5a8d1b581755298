// Delivery's own series on the app's registry (HTTP latency comes from platform's http-metrics,
// consumer series from streams' consumerMetrics).
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

export interface DeliveryMetrics {
  readonly opened: Counter<'resume'>;
  readonly closed: Counter<'reason'>;
  readonly refused: Counter<'code'>;
  readonly frames: Counter<'type'>;
  readonly superseded: Counter<never>;
  readonly slowClients: Counter<never>;
  readonly feeds: Counter<'outcome'>;
  readonly forwarded: Counter<never>;
  readonly forwardsReceived: Counter<never>;
  readonly takedowns: Counter<never>;
  readonly pushLatency: Histogram<never>;
}

export function createDeliveryMetrics(registry: Registry, connections: () => number): DeliveryMetrics {
  new Gauge({ name: 'tessera_delivery_connections', help: 'Open WebSocket connections on this node', registers: [registry], collect() { this.set(connections()); } });
  return {
    opened: new Counter({ name: 'tessera_delivery_connections_opened_total', help: 'Sockets opened, by how the first state was sent (fresh, resumed, reset)', labelNames: ['resume'], registers: [registry] }),
    closed: new Counter({ name: 'tessera_delivery_connections_closed_total', help: 'Sockets closed by this node, by close reason', labelNames: ['reason'], registers: [registry] }),
    refused: new Counter({ name: 'tessera_delivery_upgrades_refused_total', help: 'Upgrade requests refused before the upgrade, by error code', labelNames: ['code'], registers: [registry] }),
    frames: new Counter({ name: 'tessera_delivery_frames_sent_total', help: 'Frames written to sockets, by message type', labelNames: ['type'], registers: [registry] }),
    superseded: new Counter({ name: 'tessera_delivery_superseded_total', help: 'Changes never written to a socket because a newer one replaced them while it was blocked (latest wins)', registers: [registry] }),
    slowClients: new Counter({ name: 'tessera_delivery_slow_client_disconnects_total', help: 'Sockets closed because they stayed over the buffer cap', registers: [registry] }),
    feeds: new Counter({ name: 'tessera_delivery_feeds_consumed_total', help: 'Feeds consumed from recommendations.v2, by outcome (new, dup = replay, stale = older than the current feed)', labelNames: ['outcome'], registers: [registry] }),
    forwarded: new Counter({ name: 'tessera_delivery_feeds_forwarded_total', help: 'Changes published to another node holding the user (Redis pub/sub)', registers: [registry] }),
    forwardsReceived: new Counter({ name: 'tessera_delivery_forwards_received_total', help: 'Changes received from other nodes for sockets held here', registers: [registry] }),
    takedowns: new Counter({ name: 'tessera_delivery_takedowns_total', help: 'Takedowns (content.v1 tombstones) seen by this node', registers: [registry] }),
    pushLatency: new Histogram({
      name: 'tessera_delivery_push_latency_seconds', help: 'From consuming a feed on this node to its frame written to a socket on this node',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry],
    }),
  };
}
