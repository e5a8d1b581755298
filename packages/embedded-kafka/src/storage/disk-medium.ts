// Owns: the on-disk Medium. Layout under the data directory:
//   logs/<topic>-<partition>/<20-digit base offset>.log   segment files (raw record batches)
//   logs/<topic>-<partition>/state.json                    log start offset + producer snapshot
//   meta.journal                                           JSON-lines broker metadata
// Synchronous fs calls on purpose: the broker's append path is synchronous and ordered, and a
// test broker's segments are small. Atomic replacement = write temp, fsync, rename, fsync dir.
import fs from 'node:fs';
import path from 'node:path';
import type { LogFile, Medium, PartitionDir } from './medium.js';
import { segmentName } from './medium.js';

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function writeAtomic(file: string, content: Buffer | string): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

class DiskFile implements LogFile {
  private fd: number;
  private used: number;

  constructor(private readonly file: string) {
    this.fd = fs.openSync(file, 'a+');
    this.used = fs.fstatSync(this.fd).size;
  }

  get size(): number {
    return this.used;
  }

  append(data: Buffer): void {
    let done = 0;
    while (done < data.length) done += fs.writeSync(this.fd, data, done, data.length - done);
    this.used += data.length;
  }

  read(position: number, length: number): Buffer {
    const len = Math.max(0, Math.min(length, this.used - position));
    const out = Buffer.alloc(len);
    let done = 0;
    while (done < len) {
      const n = fs.readSync(this.fd, out, done, len - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return done === len ? out : out.subarray(0, done);
  }

  readAll(): Buffer {
    return this.read(0, this.used);
  }

  truncate(size: number): void {
    fs.ftruncateSync(this.fd, size);
    fs.fsyncSync(this.fd);
    this.used = Math.min(this.used, size);
  }

  replace(content: Buffer): void {
    writeAtomic(this.file, content);
    fs.closeSync(this.fd);
    this.fd = fs.openSync(this.file, 'a+');
    this.used = content.length;
  }

  sync(): void {
    fs.fdatasyncSync(this.fd);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

class DiskDir implements PartitionDir {
  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  segments(): number[] {
    return fs
      .readdirSync(this.dir)
      .filter((n) => /^\d{20}\.log$/.test(n))
      .map((n) => Number(n.slice(0, 20)))
      .sort((a, b) => a - b);
  }

  openSegment(baseOffset: number): LogFile {
    return new DiskFile(path.join(this.dir, segmentName(baseOffset)));
  }

  removeSegment(baseOffset: number): void {
    fs.rmSync(path.join(this.dir, segmentName(baseOffset)), { force: true });
  }

  readState(): string | null {
    try {
      return fs.readFileSync(path.join(this.dir, 'state.json'), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  writeState(text: string): void {
    writeAtomic(path.join(this.dir, 'state.json'), text);
  }

  removeAll(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export function diskMedium(dataDir: string): Medium {
  fs.mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
  return {
    partitionDir: (topic, partition) => new DiskDir(path.join(dataDir, 'logs', `${topic}-${partition}`)),
    journalFile: () => new DiskFile(path.join(dataDir, 'meta.journal')),
  };
}
