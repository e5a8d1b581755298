// The archiver's Prometheus series, on the app's registry: records archived and objects/bytes
// uploaded per topic, refused records sent to dlq.v1, failed uploads and commits (each makes the
// partition re-read from its last safe offset), consumers replaced after losing their group
// membership, and the offsets committed per partition.
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';

export interface ArchiverMetrics {
  /** Records handed to the core (uploaded later, or again after a rewind). */
  readonly consumed: Counter<'topic'>;
  readonly records: Counter<'topic'>;
  readonly objects: Counter<'topic'>;
  readonly bytes: Counter<'topic' | 'encoding'>;
  readonly rejected: Counter<'topic' | 'code'>;
  readonly uploadFailures: Counter<'topic' | 'code'>;
  readonly commitFailures: Counter<never>;
  readonly deadLetterFailures: Counter<never>;
  readonly consumerRestarts: Counter<never>;
  readonly committedOffset: Gauge<'topic' | 'partition'>;
}

export function createArchiverMetrics(registry: Registry): ArchiverMetrics {
  const registers = [registry];
  return {
    consumed: new Counter({ name: 'tessera_archiver_records_consumed_total', help: 'Records consumed and placed in a file (again after a rewind)', labelNames: ['topic'], registers }),
    records: new Counter({ name: 'tessera_archiver_records_total', help: 'Records in uploaded objects', labelNames: ['topic'], registers }),
    objects: new Counter({ name: 'tessera_archiver_objects_total', help: 'Objects uploaded', labelNames: ['topic'], registers }),
    bytes: new Counter({ name: 'tessera_archiver_bytes_total', help: 'Bytes uploaded: ndjson (uncompressed lines) and gzip (object size)', labelNames: ['topic', 'encoding'], registers }),
    rejected: new Counter({ name: 'tessera_archiver_rejected_total', help: 'Records archived raw and dead-lettered to dlq.v1', labelNames: ['topic', 'code'], registers }),
    uploadFailures: new Counter({ name: 'tessera_archiver_upload_failures_total', help: 'Failed uploads (the partition is re-read)', labelNames: ['topic', 'code'], registers }),
    commitFailures: new Counter({ name: 'tessera_archiver_commit_failures_total', help: 'Failed offset commits (the partitions are re-read)', registers }),
    deadLetterFailures: new Counter({ name: 'tessera_archiver_dead_letter_failures_total', help: 'Failed dlq.v1 sends (the partitions are re-read)', registers }),
    consumerRestarts: new Counter({ name: 'tessera_archiver_consumer_restarts_total', help: 'Kafka consumers replaced after losing their group membership', registers }),
    committedOffset: new Gauge({ name: 'tessera_archiver_committed_offset', help: 'Last offset committed by this member', labelNames: ['topic', 'partition'], registers }),
  };
}
