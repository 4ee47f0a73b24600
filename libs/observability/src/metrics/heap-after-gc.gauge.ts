import {
  PerformanceObserver,
  constants,
  type NodeGCPerformanceDetail,
  type PerformanceEntry,
} from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

import { Gauge, type Registry } from 'prom-client';

// Every minor collection empties the young generation, so its fill level is only noise here.
const YOUNG_SPACES = new Set(['new_space', 'new_large_object_space']);

/**
 * `nodejs_heap_used_after_gc_bytes`: the V8 heap in use right after the last full (mark-compact)
 * collection, which is what the process really retains. Heap used and resident memory rise and
 * fall with the load: V8 lets the heap grow to several times what is live before it collects,
 * and keeps the pages it grew into for the next burst. A floor that keeps rising is a leak.
 * 0 until the first full collection.
 */
export class HeapAfterGcGauge {
  private readonly observer: PerformanceObserver;

  constructor(registry: Registry) {
    const gauge = new Gauge({
      name: 'nodejs_heap_used_after_gc_bytes',
      help: 'V8 heap in use (young generation excluded) right after the last full garbage collection.',
      registers: [registry],
    });
    this.observer = new PerformanceObserver((list) => {
      // Delivered just after the collection (minor ones in between promote little, if anything).
      if (list.getEntries().some(isFullCollection)) gauge.set(retainedHeapBytes());
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }

  stop(): void {
    this.observer.disconnect();
  }
}

function isFullCollection(entry: PerformanceEntry): boolean {
  // Entries of type 'gc' carry their kind in `detail`, which @types/node leaves off the base class.
  const { detail } = entry as PerformanceEntry & { detail?: NodeGCPerformanceDetail };
  return detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR;
}

function retainedHeapBytes(): number {
  return getHeapSpaceStatistics()
    .filter((space) => !YOUNG_SPACES.has(space.space_name))
    .reduce((sum, space) => sum + space.space_used_size, 0);
}
