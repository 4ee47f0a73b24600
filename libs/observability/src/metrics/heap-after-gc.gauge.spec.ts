import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { Registry } from 'prom-client';

import { HeapAfterGcGauge } from './heap-after-gc.gauge.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 2 ** 20;

/** 2^21 doubles: 16 MB, built outside the async test so no suspended frame keeps a copy. */
function sixteenMegabytes(): number[] {
  return Array.from({ length: 2 ** 21 }, (_, i) => i + 0.5);
}

/** A full collection, resolved once every gc observer (registered earlier ones first) saw it. */
function fullCollection(): Promise<void> {
  return new Promise((resolve) => {
    const observer = new PerformanceObserver(() => {
      observer.disconnect();
      resolve();
    });
    observer.observe({ entryTypes: ['gc'] });
    gc();
  });
}

describe('HeapAfterGcGauge', () => {
  let registry: Registry;
  let sut: HeapAfterGcGauge;
  beforeEach(() => {
    registry = new Registry();
    sut = new HeapAfterGcGauge(registry);
  });
  afterEach(() => sut.stop());

  const retained = async (): Promise<number> => {
    const metric = await registry.getSingleMetric('nodejs_heap_used_after_gc_bytes')!.get();
    return metric.values[0]!.value;
  };

  it('reports the heap still in use after a full collection: up with what is kept, down once it is let go', async () => {
    await fullCollection();
    const before = await retained();
    expect(before).toBeGreaterThan(0);

    const holder: { kept?: number[] } = { kept: sixteenMegabytes() };
    await fullCollection();
    const holding = await retained();
    // Half the 16 MB: in a test process that shares its heap with other suites, what else is
    // live may shrink between two collections, never by as much as what is kept here.
    expect(holding - before).toBeGreaterThan(8 * MB);

    delete holder.kept;
    await fullCollection();
    expect(holding - (await retained())).toBeGreaterThan(8 * MB);
  });

  it('stops following collections once stopped', async () => {
    await fullCollection();
    const last = await retained();
    sut.stop();
    const holder = { kept: sixteenMegabytes() };
    await fullCollection();
    expect(await retained()).toBe(last);
    expect(holder.kept).toHaveLength(2 ** 21);
  });
});
