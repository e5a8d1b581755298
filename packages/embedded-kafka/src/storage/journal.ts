// Owns: the on-disk broker metadata journal — the cluster id, topics with configs and partition
// counts, committed offsets, the producer-id counter. Format: JSON lines, one operation each, appended and synced
// per the flush policy; on open the lines are replayed and the file is rewritten as one snapshot
// line (atomic replace), which also drops a torn last line left by kill -9 (a cut JSON object
// never parses). The same rewrite happens after SNAPSHOT_EVERY appended lines.
import { randomBytes } from 'node:crypto';
import { guard } from './errors.js';
import type { LogFile } from './medium.js';
import type { CommittedOffset, Journal, TopicRecord } from './types.js';

const SNAPSHOT_EVERY = 5000;

interface State {
  /** Absent in journals written before cluster ids were kept; one is then made on open. */
  clusterId?: string;
  topics: TopicRecord[];
  nextProducerId: number;
  offsets: CommittedOffset[];
}

type Op =
  | { op: 'snapshot'; state: State }
  | { op: 'topic'; topic: TopicRecord }
  | { op: 'deleteTopic'; name: string }
  | { op: 'pid'; next: number }
  | { op: 'commit'; offsets: CommittedOffset[] }
  | { op: 'deleteOffsets'; group: string; topic?: string; partition?: number };

const offsetKey = (o: { group: string; topic: string; partition: number }): string =>
  JSON.stringify([o.group, o.topic, o.partition]);

export class FileJournal implements Journal {
  private readonly topicMap = new Map<string, TopicRecord>();
  private readonly offsetMap = new Map<string, CommittedOffset>();
  private nextPid = 1;
  private cluster: string | undefined;
  private lines = 0;
  private dirty = false;

  private constructor(
    private readonly file: LogFile,
    private readonly syncEachWrite: boolean,
  ) {}

  /** Replays `file` (ignoring a torn tail) and compacts it into a snapshot. */
  static open(file: LogFile, syncEachWrite: boolean): FileJournal {
    const j = new FileJournal(file, syncEachWrite);
    for (const line of file.readAll().toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      let op: Op;
      try {
        op = JSON.parse(line) as Op;
      } catch {
        break; // torn write: the last line was still being written, nothing after it exists
      }
      j.apply(op);
    }
    // Like Kafka's cluster.id (22 characters of URL-safe base64 of 16 random bytes): made once per
    // data directory, so a client can tell a fresh broker from the one it knew (a deleted data
    // directory means a new cluster id), and persisted by the rewrite below.
    j.cluster ??= randomBytes(16).toString('base64url');
    j.rewrite();
    return j;
  }

  clusterId(): string {
    return this.cluster!;
  }

  topics(): TopicRecord[] {
    return [...this.topicMap.values()];
  }

  async putTopic(topic: TopicRecord): Promise<void> {
    this.write({ op: 'topic', topic });
  }

  /** Also forgets the topic's committed offsets, as Kafka does on DeleteTopics. */
  async deleteTopic(name: string): Promise<void> {
    this.write({ op: 'deleteTopic', name });
  }

  async nextProducerId(): Promise<number> {
    const id = this.nextPid;
    this.write({ op: 'pid', next: id + 1 });
    return id;
  }

  offsets(group?: string): CommittedOffset[] {
    const all = [...this.offsetMap.values()];
    return group === undefined ? all : all.filter((o) => o.group === group);
  }

  async commitOffsets(offsets: readonly CommittedOffset[]): Promise<void> {
    if (offsets.length > 0) this.write({ op: 'commit', offsets: [...offsets] });
  }

  async deleteOffsets(group: string, topic?: string, partition?: number): Promise<void> {
    this.write({ op: 'deleteOffsets', group, ...(topic === undefined ? {} : { topic }), ...(partition === undefined ? {} : { partition }) });
  }

  sync(): void {
    if (!this.dirty) return;
    this.file.sync();
    this.dirty = false;
  }

  close(): void {
    this.sync();
    this.file.close();
  }

  private write(op: Op): void {
    // Written before applied: a failed write must not leave state the file does not have.
    guard('journal write', () => {
      this.file.append(Buffer.from(`${JSON.stringify(op)}\n`));
      this.dirty = true;
      if (this.syncEachWrite) this.sync();
    });
    this.apply(op);
    if (++this.lines >= SNAPSHOT_EVERY) guard('journal snapshot', () => this.rewrite());
  }

  private rewrite(): void {
    const state: State = { ...(this.cluster === undefined ? {} : { clusterId: this.cluster }), topics: this.topics(), nextProducerId: this.nextPid, offsets: this.offsets() };
    this.file.replace(Buffer.from(`${JSON.stringify({ op: 'snapshot', state } satisfies Op)}\n`));
    this.lines = 0;
    this.dirty = false;
  }

  private apply(op: Op): void {
    switch (op.op) {
      case 'snapshot':
        this.topicMap.clear();
        this.offsetMap.clear();
        for (const t of op.state.topics) this.topicMap.set(t.name, t);
        for (const o of op.state.offsets) this.offsetMap.set(offsetKey(o), o);
        this.nextPid = op.state.nextProducerId;
        if (op.state.clusterId !== undefined) this.cluster = op.state.clusterId;
        break;
      case 'topic':
        this.topicMap.set(op.topic.name, op.topic);
        break;
      case 'deleteTopic':
        this.topicMap.delete(op.name);
        for (const [k, o] of this.offsetMap) if (o.topic === op.name) this.offsetMap.delete(k);
        break;
      case 'pid':
        this.nextPid = Math.max(this.nextPid, op.next);
        break;
      case 'commit':
        for (const o of op.offsets) this.offsetMap.set(offsetKey(o), o);
        break;
      case 'deleteOffsets':
        for (const [k, o] of this.offsetMap) {
          if (o.group !== op.group) continue;
          if (op.topic !== undefined && o.topic !== op.topic) continue;
          if (op.partition !== undefined && o.partition !== op.partition) continue;
          this.offsetMap.delete(k);
        }
        break;
    }
  }
}
