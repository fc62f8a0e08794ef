// DORA metrics per target from a pipeline's action events, as embedded metric format lines.
// Inline: <= 4096 bytes. Never throws (a retry would count twice); logs what it skips.
const { PIPELINE, NAMESPACE, SOURCE_ARTIFACT } = process.env;
const PAGES = 10; // of action history, 100 each
const log = line => void console.log(line);
let cp; // a missing SDK costs only the metrics that need it
async function call(C, i) {
  const sdk = require('@aws-sdk/client-codepipeline');
  return (cp ??= new sdk.CodePipelineClient({})).send(new sdk[C]({ pipelineName: PIPELINE, ...i }));
}

exports.handler = e => handle(e).catch(x => log(`Skipped: ${x?.name}: ${x?.message}`));

async function handle(e) {
  const d = e?.detail ?? {};
  const what = `${d.pipeline} ${d.stage} ${d.state}`;
  const [, kind, target] = /^(Deploy|Verify)-(.+)$/.exec(d.stage) ?? [];
  const at = Date.parse(e?.time);
  if (e?.source !== 'aws.codepipeline' || d.pipeline !== PIPELINE) return log(`Not ${PIPELINE}'s: ${what}`);
  if (!JSON.parse(process.env.TARGETS).includes(target) || !['SUCCEEDED', 'FAILED'].includes(d.state)
    || !(at > 0)) return log(`Not a deployment outcome: ${what}`);
  if (d.state === 'FAILED') return emit(target, at, d, { FailedDeployments: 1 });
  if (kind === 'Deploy') return log(`${what}: counted when Verify-${target} succeeds`);
  const m = { Deployments: 1 };
  await part(m, 'LeadTimeSeconds', () => leadTime(call, d, at));
  await part(m, 'TimeToRestoreSeconds', () => timeToRestore(call, target, d, at));
  emit(target, at, d, m);
}

// Commit time: GetPipelineExecution's artifactRevisions[].created, "when the most recent revision
// of the artifact was created" (codepipeline/latest/APIReference/API_ArtifactRevision.html).
// Missing: no lead time rather than a guess, and the log says why.
async function leadTime(call, d, at) {
  const x = await call('GetPipelineExecutionCommand', { pipelineExecutionId: d['execution-id'] });
  const r = x?.pipelineExecution?.artifactRevisions?.find(a => a.name === SOURCE_ARTIFACT);
  const t = new Date(r?.created ?? NaN).getTime();
  if (t <= at) return (at - t) / 1000;
  log(`No lead time: artifact ${SOURCE_ARTIFACT} of ${d['execution-id']} has no revision time`);
}

// First failure since the last success, to this success, from ListActionExecutions. Its order is
// undocumented; read newest first (as the console shows) until an earlier Verify-<target> success.
async function timeToRestore(call, target, d, at) {
  const mine = [`Deploy-${target}`, `Verify-${target}`];
  let fails = [], last, nextToken, n = 0;
  do {
    const p = await call('ListActionExecutionsCommand', { nextToken });
    for (const a of p?.actionExecutionDetails ?? []) {
      const t = new Date(a.lastUpdateTime).getTime();
      if (!mine.includes(a.stageName) || !(t <= at)) continue;
      if (a.status === 'Failed') fails.push(t);
      else if (a.status === 'Succeeded' && a.stageName === mine[1]
        && a.pipelineExecutionId !== d['execution-id']) last = Math.max(last ?? 0, t);
    }
    nextToken = p?.nextToken;
  } while (nextToken && last === undefined && ++n < PAGES);
  fails = fails.filter(t => t > (last ?? 0));
  if (!fails.length) return; // not a restore
  if (last !== undefined) return (at - Math.min(...fails)) / 1000;
  log(`No time to restore: ${nextToken ? `no ${mine[1]} success in ${PAGES} pages`
    : `${target} never succeeded before`}`);
}

async function part(m, name, work) {
  try {
    const v = await work();
    if (v !== undefined) m[name] = v;
  } catch (x) { log(`No ${name}: ${x?.name}: ${x?.message}`); }
}

// Raw to stdout: console.log's prefix would hide the JSON from CloudWatch's EMF extraction.
function emit(target, at, d, m) {
  process.stdout.write(JSON.stringify({
    _aws: { Timestamp: at, CloudWatchMetrics: [{ Namespace: NAMESPACE, Dimensions: [['Pipeline', 'Target']],
      Metrics: Object.keys(m).map(Name => ({ Name, Unit: /Seconds$/.test(Name) ? 'Seconds' : 'Count' })) }] },
    Pipeline: PIPELINE, Target: target, ExecutionId: d['execution-id'], ...m,
  }) + '\n');
}
