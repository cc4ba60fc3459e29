// The real collector's metrics file passes `promtool check metrics` (the Prometheus exposition
// format and its naming lint) after a publish, an unchanged run and a failed run, under dash.
// Needs promtool: skipped with a summary where it is missing (a failure under CI=true).
import * as fs from 'node:fs';
import { describeWithTools, tool } from '../../helpers/system-tools';
import { checkMetrics } from '../../lib/observability/promtool';
import { Keys, SCENARIO_TIMEOUT_MS, nowEpoch, withWorld } from './helpers';
import { metricsFile, readMetrics } from './metrics-scenarios';
import { csv } from './scenarios';

describeWithTools('electoral collector metrics file (real promtool)', [tool.promtool, tool.openssl], () => {
  const keys = Keys.create();
  afterAll(() => keys.dispose());

  test('after a publish, an unchanged run and a failed run the file passes promtool check metrics without a finding', () =>
    withWorld('dash', keys, undefined, async (w) => {
      const env = { FEED_METRICS_FILE: metricsFile(w) };
      const data = csv(1);
      w.server.serve(data, w.keys.sign(data, { at: nowEpoch() - 60 }));
      const results: string[] = [];
      for (const expected of [0, 0]) {
        expect((await w.run(env)).code).toBe(expected);
        results.push(...readMetrics(w).stages.filter((s) => s.stage === 'run').map((s) => s.result));
        expect(checkMetrics(fs.readFileSync(metricsFile(w), 'utf8'))).toBe('');
      }
      w.server.serve(csv(2), w.keys.sign(csv(3)));
      expect((await w.run(env)).code).toBe(2);
      results.push(...readMetrics(w).stages.filter((s) => s.stage === 'run').map((s) => s.result));
      expect(checkMetrics(fs.readFileSync(metricsFile(w), 'utf8'))).toBe('');
      expect(results).toEqual(['success', 'unchanged', 'failure']);
    }), SCENARIO_TIMEOUT_MS);
});
