// Messages between the Scorer (main thread) and its worker threads. Loading a model is two-phase
// (prepare on every worker, then commit or abort), so a file that one worker cannot run never
// replaces the model that is serving.

export interface ModelDims {
  readonly dense: number;
  readonly fields: number;
}

export type ToWorker =
  | { type: 'prepare'; id: number; bytes: Uint8Array; version: string; dims: ModelDims }
  | { type: 'commit'; id: number }
  | { type: 'abort'; id: number }
  | { type: 'score'; id: number; rows: number; dense: Float32Array; cats: Int32Array }
  | { type: 'stats'; id: number };

export type FromWorker =
  | { type: 'prepared'; id: number; ok: true }
  | { type: 'prepared'; id: number; ok: false; message: string }
  | { type: 'committed'; id: number }
  | { type: 'scored'; id: number; scores: Float32Array; version: string }
  | { type: 'failed'; id: number; code: 'no_model' | 'run_failed'; message: string }
  /** Sessions created and not yet released: the serving one, plus any still finishing runs or prepared. */
  | { type: 'stats'; id: number; sessions: number };
