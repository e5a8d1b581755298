// Where the embedded broker's own messages go in the local stack: every line (group state
// changes, one per join and leave) to <logs>/embedded-kafka.log like the apps' logs, so the
// terminal keeps the summary; warnings also to the launcher's log.
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface BrokerLog {
  info(message: string): void;
  warn(message: string): void;
  close(): void;
}

export function brokerLog(logDir: string, warn: (message: string) => void): BrokerLog {
  mkdirSync(logDir, { recursive: true });
  const file = createWriteStream(join(logDir, 'embedded-kafka.log'), { flags: 'a' });
  const write = (level: string, message: string) => file.write(`${new Date().toISOString()} ${level} ${message}\n`);
  return {
    info: (message) => { write('info', message); },
    warn: (message) => { write('warn', message); warn(message); },
    close: () => { file.end(); },
  };
}
