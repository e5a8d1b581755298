// startBroker edge cases: a taken port rejects (and leaves nothing open), and a wildcard bind
// hands out a dialable bootstrap address while Metadata advertises what the client dialled.
import { expect, it } from 'vitest';
import { kafka, startTestBroker } from './helpers.js';

it('rejects when the port is taken', async () => {
  const first = await startTestBroker();
  try {
    await expect(startTestBroker({ port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  } finally {
    await first.close();
  }
});

it('binds 0.0.0.0 but advertises the address the client dialled', async () => {
  const broker = await startTestBroker({ host: '0.0.0.0' });
  try {
    expect(broker.brokers).toEqual([`127.0.0.1:${broker.port}`]);
    const admin = kafka(broker).admin();
    await admin.connect();
    expect((await admin.describeCluster()).brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: broker.port }]);
    await admin.disconnect();
  } finally {
    await broker.close();
  }
});
