// The users-table role's own counter (consumer metrics come from streams).
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';

export interface UsersTableMetrics {
  readonly forgotten: Counter<never>;
}

export function createUsersTableMetrics(registry: Registry): UsersTableMetrics {
  return {
    forgotten: new Counter({ name: 'tessera_users_forgotten_total', help: 'Users removed from Redis after a users.v1 tombstone', registers: [registry] }),
  };
}
