import { Global, Module, type DynamicModule } from '@nestjs/common';

import { AppConfig } from './app-config.js';

/**
 * Provides the validated AppConfig to every module. The application builds the config once
 * before Nest starts (so an invalid environment stops start-up before anything listens) and
 * hands it in here.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}
