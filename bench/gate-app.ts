/**
 * Benchmark payload: the policy gate's share of a full synth. Builds the three environments,
 * then times the gate alone (its lazy schema loading included). Usage: node build/bench-gate.js
 */
import { buildEnvironmentApp } from '../main';
import { ENVIRONMENTS } from '../environments';
import { runPolicyGate } from '../lib/policy/gate';
import { chartsOf, renderCharts, validateTree } from '../lib/synth/render';

const started = process.hrtime.bigint();
const apps = ENVIRONMENTS.map((env) => ({ env, app: buildEnvironmentApp(env) }));
const built = process.hrtime.bigint();
for (const { env, app } of apps) {
  validateTree(app);
  runPolicyGate(chartsOf(app), { environment: env.name, k8sVersion: env.cluster.kubernetesVersion });
}
const gated = process.hrtime.bigint();
for (const { app } of apps) renderCharts(app);
const rendered = process.hrtime.bigint();
const ms = (from: bigint, to: bigint) => Number(to - from) / 1e6;
process.stdout.write(`${JSON.stringify({ buildMs: ms(started, built), gateMs: ms(built, gated), renderMs: ms(gated, rendered) })}\n`);
