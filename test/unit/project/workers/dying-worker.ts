/**
 * A worker for the pool tests: the real analysis worker, except that a file named `die.py` makes
 * the thread exit (code 3) before it answers, as a crash of the engine would.
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerRequest } from '../../../../src/core/project/worker';

parentPort!.on('message', (request: WorkerRequest) => {
  if (request.file.endsWith('die.py')) process.exit(3);
});
// Loaded after the listener above, so that it runs first (an import would be hoisted).
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../../../../src/core/project/worker');
