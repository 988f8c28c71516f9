/**
 * How big one upload request should be, from the speed measured on this registry. A request that
 * breaks loses what it carried (and, on registries that drop the whole session after a broken
 * request, more), so a request should take a few seconds, not minutes: chunks are sized to about
 * `targetSeconds` of transfer at the measured speed, within [minChunk, maxChunk]. Until something
 * has been measured the smallest size is used. A request that breaks also lowers the ceiling (a
 * proxy that cuts bodies above some size, or after some time, then stops cutting ours).
 */
export interface UploadPolicy {
  readonly minChunk: number;
  readonly maxChunk: number;
  /** Seconds of transfer one request should carry at the measured speed. */
  readonly targetSeconds: number;
  /**
   * After a cancel, how long a request already in flight may take to finish, so that what it
   * carries is kept and the upload can continue later (distribution drops a session whose
   * request broke mid-body).
   */
  readonly graceMs: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_UPLOAD: UploadPolicy = { minChunk: 8 * MiB, maxChunk: 64 * MiB, targetSeconds: 8, graceMs: 15_000 };

/** Requests shorter than this (or than the smallest chunk) say more about latency than speed and are not measured. */
const MIN_MEASURED_BYTES = 256 * 1024;

export class UploadTuner {
  readonly policy: UploadPolicy;
  private bytesPerSecond: number | undefined;
  private ceiling: number;

  constructor(policy: Partial<UploadPolicy> = {}) {
    const p = { ...DEFAULT_UPLOAD, ...policy };
    const minChunk = Math.max(1, Math.floor(p.minChunk));
    this.policy = { ...p, minChunk, maxChunk: Math.max(minChunk, Math.floor(p.maxChunk)) };
    this.ceiling = this.policy.maxChunk;
  }

  /** The measured speed of one upload request, in bytes per second (undefined before any). */
  get speed(): number | undefined {
    return this.bytesPerSecond;
  }

  /** Bytes the next upload request should carry (also the largest blob sent in one PUT). */
  get chunkSize(): number {
    const { minChunk, targetSeconds } = this.policy;
    const wanted = this.bytesPerSecond === undefined ? minChunk : this.bytesPerSecond * targetSeconds;
    // Whole multiples of the smallest chunk: sizes stay round and do not jitter with every sample.
    const rounded = Math.floor(wanted / minChunk) * minChunk;
    return Math.max(minChunk, Math.min(this.ceiling, rounded));
  }

  /** A request carried `bytes` in `ms` (from sending the headers to the registry's answer). */
  measured(bytes: number, ms: number): void {
    if (bytes < Math.min(MIN_MEASURED_BYTES, this.policy.minChunk) || ms <= 0) return;
    const sample = (bytes * 1000) / ms;
    this.bytesPerSecond = this.bytesPerSecond === undefined ? sample : (this.bytesPerSecond + sample) / 2;
  }

  /** A request carrying `bytes` broke: later requests carry at most half as much (not below the minimum). */
  broke(bytes: number): void {
    const { minChunk } = this.policy;
    if (bytes <= minChunk) return;
    this.ceiling = Math.max(minChunk, Math.min(this.ceiling, Math.floor(bytes / 2 / minChunk) * minChunk));
  }
}
