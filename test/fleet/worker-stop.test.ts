// A worker asked to stop (SIGTERM) after its queue and store went away: it does not wait for them
// forever, but says so and ends once its own sessions are over.
import { strict as assert } from 'node:assert';
import { TempDir } from '../cli/cli-harness';
import { booksWorkspace } from '../cli/runtime-harness';
import { startFleetServices, startWorkerProcess, until } from '../support/fleet-services';

describe('a worker stopping while its servers are gone', function () {
  this.timeout(90_000);

  it('ends after SIGTERM, saying the queue does not answer', async () => {
    const services = startFleetServices();
    const dir = new TempDir().write(booksWorkspace('http://127.0.0.1:9'));
    const w = await startWorkerProcess(services, dir.path, 'lonely', 1, { RPA_CLI_TEST_PASSWORD: 'fleet-test-password' });
    try {
      services.stop();
      await until('the worker noticed the queue is gone', () => /ECONNREFUSED/.test(w.output()), 30_000);
      w.child.kill('SIGTERM');
      await until('the worker ended', () => w.child.exitCode !== null || w.child.signalCode !== null, 45_000).catch((e: Error) => assert.fail(`${e.message}\n${w.output()}`));
      assert.match(w.output(), /the queue does not answer: stopping without recording the last jobs there/);
      assert.match(w.output(), /worker lonely stopped\./);
    } finally {
      if (w.child.exitCode === null) w.child.kill('SIGKILL');
      dir.dispose();
    }
  });
});
