import type * as vscode from 'vscode';

/**
 * Runs one pending action per key after `delayMs` of quiet: each `schedule` for a key replaces
 * the previous one and restarts its timer. Owned by the service that uses it (no shared state).
 */
export class KeyedDebouncer<K> implements vscode.Disposable {
  private readonly pending = new Map<K, { timer: NodeJS.Timeout; action: () => void }>();

  constructor(private readonly delayMs: number) {}

  schedule(key: K, action: () => void): void {
    this.cancel(key);
    const timer = setTimeout(() => {
      this.pending.delete(key);
      action();
    }, this.delayMs);
    this.pending.set(key, { timer, action });
  }

  /** Runs the pending action for `key` now, if there is one. Returns whether one ran. */
  flush(key: K): boolean {
    const entry = this.pending.get(key);
    if (!entry) return false;
    this.cancel(key);
    entry.action();
    return true;
  }

  cancel(key: K): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(key);
  }

  dispose(): void {
    for (const entry of this.pending.values()) clearTimeout(entry.timer);
    this.pending.clear();
  }
}
