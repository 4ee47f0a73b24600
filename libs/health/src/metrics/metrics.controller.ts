import { Public } from '#auth';
import { AppConfig } from '#config';
import { Controller, Get, NotFoundException, Res } from '@nestjs/common';
import type { Response } from 'express';

import { MetricsService } from '#observability';

/** Prometheus scrape endpoint on the main port (when METRICS_PORT is unset). */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(@Res() res: Response): Promise<void> {
    const port = this.config.runtime.metricsPort;
    if (port !== undefined) {
      throw new NotFoundException(`Metrics are served on port ${port} (METRICS_PORT), not here`);
    }
    const { contentType, body } = await this.metrics.exposition();
    res.type(contentType).send(body);
  }
}
