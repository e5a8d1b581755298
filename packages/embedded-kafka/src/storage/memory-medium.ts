// Owns: the in-memory Medium used when no data directory is given (tests). Files live as long as
// the Medium, so closing and reopening a log inside one store behaves like a restart on disk.
import type { LogFile, Medium, PartitionDir } from './medium.js';

class MemoryFile implements LogFile {
  private buf = Buffer.alloc(0);
  private used = 0;

  get size(): number {
    return this.used;
  }

  append(data: Buffer): void {
    if (this.used + data.length > this.buf.length) {
      // Doubling keeps appends amortised O(1) without a list of chunks to search on read.
      const next = Buffer.alloc(Math.max(this.buf.length * 2, this.used + data.length, 4096));
      this.buf.copy(next, 0, 0, this.used);
      this.buf = next;
    }
    data.copy(this.buf, this.used);
    this.used += data.length;
  }

  read(position: number, length: number): Buffer {
    const end = Math.min(this.used, position + length);
    return Buffer.from(this.buf.subarray(position, Math.max(position, end)));
  }

  readAll(): Buffer {
    return this.read(0, this.used);
  }

  truncate(size: number): void {
    this.used = Math.min(this.used, size);
  }

  replace(content: Buffer): void {
    this.buf = Buffer.from(content);
    this.used = content.length;
  }

  sync(): void {}
  close(): void {}
}

class MemoryDir implements PartitionDir {
  private readonly files = new Map<number, MemoryFile>();
  private state: string | null = null;

  segments(): number[] {
    return [...this.files.keys()].sort((a, b) => a - b);
  }

  openSegment(baseOffset: number): LogFile {
    let f = this.files.get(baseOffset);
    if (!f) {
      f = new MemoryFile();
      this.files.set(baseOffset, f);
    }
    return f;
  }

  removeSegment(baseOffset: number): void {
    this.files.delete(baseOffset);
  }

  readState(): string | null {
    return this.state;
  }

  writeState(text: string): void {
    this.state = text;
  }

  removeAll(): void {
    this.files.clear();
    this.state = null;
  }
}

export function memoryMedium(): Medium {
  const dirs = new Map<string, MemoryDir>();
  const journal = new MemoryFile();
  return {
    partitionDir(topic, partition) {
      const key = `${topic}-${partition}`;
      let d = dirs.get(key);
      if (!d) {
        d = new MemoryDir();
        dirs.set(key, d);
      }
      return d;
    },
    journalFile: () => journal,
  };
}

export { MemoryFile };
