export interface InstallationRepositories {
  installationId: number;
  repositories: ReadonlyArray<{ owner: string; repo: string; defaultBranch?: string }>;
}

export interface ReconcileSlot {
  /** Ms after the round's start. */
  at: number;
  installationId: number;
  owner: string;
  repo: string;
  defaultBranch?: string;
}

/**
 * When each repository of a round is reconciled: installations interleaved in proportion to
 * their sizes (the k-th of n repositories sits at (k + ½)/n of the round, so a large
 * installation never holds up a small one, and no installation's requests come in a burst),
 * one slot per repository across `spreadMs`, each at a random point of its slot — jitter that
 * keeps the order and keeps every start inside the round.
 */
export function planReconcileRound(installations: readonly InstallationRepositories[], spreadMs: number, random: () => number = Math.random): ReconcileSlot[] {
  const ordered = installations
    .flatMap((installation, index) =>
      installation.repositories.map((repository, k) => ({
        key: (k + 0.5) / installation.repositories.length,
        index,
        installationId: installation.installationId,
        ...repository,
      })),
    )
    .sort((a, b) => a.key - b.key || a.index - b.index);
  const slot = ordered.length === 0 ? 0 : spreadMs / ordered.length;
  return ordered.map(({ key: _key, index: _index, ...repository }, position) => ({
    ...repository,
    at: Math.min(spreadMs - 1, Math.floor((position + Math.min(random(), 1 - Number.EPSILON)) * slot)),
  }));
}
