// A/B arms by a stable hash of the user id: the same user is always in the same arm, across
// processes and restarts. "model" ranks with the current ONNX model; "popularity" (the control)
// ranks by windowed popularity with no model.
import { fnv1a } from '@tessera/features/hash';

export type Arm = 'model' | 'popularity';

/** `modelPercent` of users (0..100) are in the model arm. */
export function armOf(userId: string, modelPercent: number): Arm {
  return fnv1a(`arm:${userId}`) % 100 < modelPercent ? 'model' : 'popularity';
}
