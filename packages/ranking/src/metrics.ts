// Offline metrics. AUC by ranking (ties get the average rank, so a constant scorer gets 0.5), mean
// log loss with clamped probabilities, and the top-K metrics of a full ranking with one held-out
// item per user: hit rate and NDCG (1 / log2(rank + 2) for a hit at zero-based rank).

export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j += 1;
    const averageRank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t += 1) {
      if (labels[order[t]!]! > 0.5) {
        positives += 1;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  const eps = 1e-7;
  let sum = 0;
  for (let i = 0; i < probabilities.length; i += 1) {
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i]!));
    const y = labels[i]!;
    sum -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
  }
  return probabilities.length > 0 ? sum / probabilities.length : 0;
}

/** Contribution of one user to HR@K and NDCG@K given the held-out item's zero-based rank (-1 = not ranked). */
export function topKGain(rank: number, k: number): { hit: number; ndcg: number } {
  if (rank < 0 || rank >= k) return { hit: 0, ndcg: 0 };
  return { hit: 1, ndcg: 1 / Math.log2(rank + 2) };
}
