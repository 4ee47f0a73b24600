import { ConfigurationError, validateEnvironment } from '#config';

/** The problems validateEnvironment lists for `env`; throws when it accepts the environment. */
export function configurationProblems(env: Record<string, string>): string[] {
  try {
    validateEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}
