import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';

import { ShutdownState } from './shutdown/shutdown-state.js';

/** Down once SIGTERM has been received, so Kubernetes stops routing new requests here. */
@Injectable()
export class ShutdownHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly state: ShutdownState,
  ) {}

  check(key = 'shutdown'): HealthIndicatorResult {
    const indicator = this.health.check(key);
    const details = this.state.details;
    if (!details) return indicator.up();
    return indicator.down({
      message: `shutting down since ${details.since} (${details.reason}); finishing ${this.state.inFlight} request(s) in flight`,
    });
  }
}
