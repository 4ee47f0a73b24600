import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import { ToolInputError } from '../api/kubernetes-api.error.js';
import { parseYaml, type ParsedYamlDocument } from './manifest-parser.worker.js';

// YAML parsing costs about a microsecond per byte: a 1 MiB manifest would hold up every other
// request for a second or more, so larger texts are parsed in a worker thread, stopped after this long.
// Smaller ones (nearly every manifest) take milliseconds and are parsed in place.
const IN_PLACE_LIMIT = 16 * 1024;
const PARSE_BUDGET_MS = 10_000;
const WORKER_HEAP_MB = 256;
// The worker is the compiled .js in dist/ and the .ts source when run from source.
const WORKER_FILE = new URL(
  `./manifest-parser.worker${extname(fileURLToPath(import.meta.url))}`,
  import.meta.url,
);

export type { ParsedYamlDocument };

/** The documents of a YAML (or JSON) text as plain values, parsed off the event loop. */
export async function parseYamlDocuments(source: string): Promise<ParsedYamlDocument[]> {
  if (source.length <= IN_PLACE_LIMIT) return parseYaml(source);
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, {
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      void worker.terminate();
      settle();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new ToolInputError(
              `The manifest took more than ${PARSE_BUDGET_MS / 1000} s to parse; send fewer or smaller documents`,
            ),
          ),
        ),
      PARSE_BUDGET_MS,
    );
    worker.once('message', (documents: ParsedYamlDocument[]) => finish(() => resolve(documents)));
    worker.once('error', (error) =>
      finish(() =>
        reject(new ToolInputError(`The manifest could not be parsed: ${error.message}`)),
      ),
    );
    worker.postMessage(source);
  });
}
