// Jest's globalSetup: every test run gets a temporary root of its own, which
// temp-root-teardown.mjs (its globalTeardown) removes when the run ends. A full run leaves about
// a thousand folders and 450 MB behind in the machine's temporary folder otherwise (each bundle
// run's runner files and workspace, the built sites, the registries' storage, PostgreSQL's data).
// The root's name carries the run's process id: a run stopped with Ctrl-C or killed gets no
// teardown, and the next run removes its root once that process is gone.
//
// TMPDIR is what Node's os.tmpdir(), Python's tempfile, docker and the package managers all read,
// and jest's workers are started after globalSetup, with its environment. What is meant to outlive
// a run (the bundles' compiled code, the registry seed, the Django base image's lock) is kept in
// TANDEM_CACHE_DIR, the temporary folder the run started with (see cache.ts).
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startZygote } from './zygote-start.mjs';

/** Whether a process with this id runs (EPERM: it does, as another user). */
function running(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Removes the roots of earlier runs whose process is gone; a running run's root is left alone. */
function removeAbandonedRoots(parent) {
  for (const name of readdirSync(parent)) {
    const pid = Number(/^tandem-test-(\d+)-/.exec(name)?.[1]);
    if (!pid || running(pid)) continue;
    try {
      rmSync(join(parent, name), { recursive: true, force: true, maxRetries: 2 });
    } catch (error) {
      console.warn(`could not remove an earlier run's temporary folder ${join(parent, name)}: ${error.message}`);
    }
  }
}

export default function setup() {
  // A run inside a run (a test that starts jest) keeps the outer run's cache folder.
  process.env.TANDEM_CACHE_DIR ??= tmpdir();
  removeAbandonedRoots(process.env.TANDEM_CACHE_DIR);
  const root = mkdtempSync(join(process.env.TANDEM_CACHE_DIR, `tandem-test-${process.pid}-`));
  // Open as /tmp is (mkdtemp makes it the owner's alone): stand-ins that drop to a user of their
  // own, such as squid as `proxy`, write in folders the tests make here.
  chmodSync(root, 0o1777);
  process.env.TANDEM_TEST_ROOT = root;
  // What outlives every worker: the run's moto zygote ends with this process (moto.ts).
  process.env.TANDEM_TEST_RUN_PID = String(process.pid);
  process.env.TMPDIR = root;
  // The run's moto zygote, loading moto while the workers start and load their first files, when
  // the sequencer found files that use moto (TANDEM_RUN_USES_MOTO): otherwise the first of them
  // started it, and every worker whose first file needs moto waited for it with a core idle.
  if (process.env.TANDEM_RUN_USES_MOTO === '1') {
    const dir = join(root, 'moto-zygote');
    mkdirSync(dir);
    void startZygote(process.env.MOTO_PYTHON ?? 'python3', dir, String(process.pid));
  }
}
