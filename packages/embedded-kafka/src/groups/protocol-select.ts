// Which members may share a group and which assignment protocol a generation uses (Kafka's
// GroupMetadata.supportsProtocols / selectProtocol). Pure functions over protocol lists so the rules
// that make kafkajs (RoundRobinAssigner) and librdkafka (range,roundrobin) unable to share a group
// are tested without a coordinator.

export interface MemberProtocols { protocolType: string; protocols: readonly { name: string }[] }

/** Protocol names every one of the members supports, in the first member's preference order. */
export function candidateProtocols(members: readonly MemberProtocols[]): string[] {
  const [first, ...rest] = members;
  if (!first) return [];
  return first.protocols
    .map((p) => p.name)
    .filter((name) => rest.every((m) => m.protocols.some((p) => p.name === name)));
}

/**
 * Whether `joining` may (re)join a group whose other current members are `others`. An empty group
 * accepts any non-empty protocol type and list (the group adopts them); otherwise the type must be
 * equal and at least one of the joiner's protocols must be supported by every other member.
 */
export function supportsProtocols(others: readonly MemberProtocols[], joining: MemberProtocols): boolean {
  if (joining.protocolType === '' || joining.protocols.length === 0) return false;
  const [first] = others;
  if (!first) return true;
  if (first.protocolType !== joining.protocolType) return false;
  const candidates = new Set(candidateProtocols(others));
  return joining.protocols.some((p) => candidates.has(p.name));
}

/**
 * Among the protocols all members support, each member votes for the first one in its own
 * preference list; most votes wins, ties go to the earlier candidate. Undefined only if the members
 * share nothing, which supportsProtocols prevents.
 */
export function selectProtocol(members: readonly MemberProtocols[]): string | undefined {
  const candidates = candidateProtocols(members);
  const votes = new Map<string, number>(candidates.map((c) => [c, 0]));
  for (const m of members) {
    const choice = m.protocols.find((p) => votes.has(p.name));
    if (choice) votes.set(choice.name, (votes.get(choice.name) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestVotes = -1;
  for (const c of candidates) {
    const v = votes.get(c) ?? 0;
    if (v > bestVotes) [best, bestVotes] = [c, v];
  }
  return best;
}
