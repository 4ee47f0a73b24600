import { AuthModule } from '#auth';
import { AppConfig, ConfigModule } from '#config';
import { ConsoleModule } from '#console';
import { HealthModule } from '#health';
import { KubernetesModule, KubernetesToolsModule } from '#kubernetes';
import { McpModule } from '#mcp';
import { ObservabilityModule } from '#observability';
import { Module, type DynamicModule } from '@nestjs/common';

/** The HTTP application: configuration first, then the feature modules. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule,
        AuthModule.forRoot(config),
        KubernetesModule,
        KubernetesToolsModule.forRoot({ execEnabled: config.kubernetes.execEnabled === true }),
        HealthModule,
        McpModule,
        ...(config.clients.consoleEnabled ? [ConsoleModule] : []),
      ],
    };
  }
}
