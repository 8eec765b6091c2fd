// Jest's globalTeardown: removes the run's temporary root that temp-root-setup.mjs made.
import { rmSync } from 'node:fs';

export default function teardown() {
  const root = process.env.TANDEM_TEST_ROOT;
  if (!root) return;
  try {
    // Retries: a stand-in the last test stopped may still be writing its last file.
    rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  } catch (error) {
    // Files a container wrote as root, when the tests run as another user: say so, do not fail the run.
    console.warn(`could not remove the run's temporary folder ${root}: ${error.message}`);
  }
}
