import { LocalAccessModule } from '#auth';
import { AppConfig, ConfigModule } from '#config';
import { KubernetesModule, KubernetesToolsModule } from '#kubernetes';
import { McpModule } from '#mcp';
import { ObservabilityModule } from '#observability';
import { Module, type DynamicModule } from '@nestjs/common';

/**
 * The stdio mode: the same tools, resources, prompts and tool policy as the HTTP application,
 * without HTTP (no login, guards, health or metrics routes). The caller is the local user.
 */
@Module({})
export class StdioModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: StdioModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule,
        LocalAccessModule,
        KubernetesModule,
        KubernetesToolsModule.forRoot({ execEnabled: config.kubernetes.execEnabled === true }),
        McpModule,
      ],
    };
  }
}
