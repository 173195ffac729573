// Configuration every request reads (its tenant, credential, settings, signing keys), cached per
// configuration version: migration 009's counter, moved by triggers on every change made by anyone. A
// server reads the counter once per request (Store.refresh); when it moved, the cache starts over, so a
// token revoked or a setting changed by the CLI or another instance takes effect on the next request.
//
// Entries are promises kept in the generation (map) that was current when their load began: a load that
// finishes after the generation changed lands in the discarded map, never in the new one. So every entry
// of the generation labelled V began loading after a read of the counter returned V: when a later read
// (one after a request arrived) still returns V, the counter did not move in between (it only grows),
// and those entries are the configuration as it stood when that read ran. A hot read relies on this
// (`held`, http/hot-read.ts): it authenticates from the cache as it stands and reads the counter in its
// own statement instead of first.

/** Beyond this many entries the generation starts over (bounds memory against random hosts or ids). */
const MAX_ENTRIES = 10_000

export class ConfigCache {
  private version: number | undefined
  private entries = new Map<string, Promise<unknown>>()

  constructor(private readonly readVersion: () => Promise<number>) {}

  /** Reads the configuration version and returns it; a new one empties the cache. */
  async refresh(): Promise<number> {
    const version = await this.readVersion()
    if (version !== this.version) {
      this.version = version
      this.clear()
    }
    return version
  }

  /** The version the cached entries were loaded at or after, or undefined before the first refresh. */
  get held(): number | undefined {
    return this.version
  }

  /** Forgets everything (after a configuration change made through this process). */
  clear(): void {
    this.entries = new Map()
  }

  /** The cached value of `key`, loaded once per generation; a failed load is not kept. */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const generation = this.entries
    const found = generation.get(key) as Promise<T> | undefined
    if (found) return found
    if (generation.size >= MAX_ENTRIES) generation.clear()
    const loading = load()
    generation.set(key, loading)
    loading.catch(() => {
      if (generation.get(key) === loading) generation.delete(key)
    })
    return loading
  }
}
