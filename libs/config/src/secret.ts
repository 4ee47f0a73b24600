import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * Wraps a secret so that logging, JSON serialisation and string interpolation never show
 * it; only an explicit reveal() does.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
