// Custom resource: the image the ECS service runs now, so that a CDK deploy keeps it.
// Inlined (Code.fromInline): at most 4096 bytes. Runtime nodejs24.x.
const MARGIN_MS = 5000; // left to answer after ECS gives up

exports.handler = async (event, context) => {
  const p = event.ResourceProperties || {};
  // Stable: a new id on Update would make CloudFormation delete the "old" one.
  const id = event.PhysicalResourceId || `${p.Cluster}/${p.Service}`;
  const out = { Status: 'SUCCESS', PhysicalResourceId: id };
  let error;
  try {
    if (event.RequestType === 'Delete') console.log(`Delete ${id}: nothing to do`);
    else out.Data = { Image: await withDeadline(context, signal => currentImage(p, signal)) };
  } catch (e) {
    error = e;
    const why = String(e?.message ?? e).slice(0, 2000);
    console.log(`FAILED: ${why}`);
    out.Status = 'FAILED';
    out.Reason = `${why} (log stream ${context.logStreamName})`;
  }
  await answer(event, out);
  if (error && !error.known) console.error(error);
};

async function currentImage({ Cluster, Service, Container, Placeholder }, signal) {
  // Loaded here: a failing require is then answered, not an init error.
  const sdk = require('@aws-sdk/client-ecs');
  const ecs = new sdk.ECSClient({});
  const call = (Command, input) => ecs.send(new Command(input), { abortSignal: signal });
  const where = `service ${Service} in cluster ${Cluster}`;
  const keep = why => (console.log(`${why}: placeholder ${Placeholder}`), Placeholder);
  const found = await call(sdk.DescribeServicesCommand, { cluster: Cluster, services: [Service] })
    .catch(e => { if (e.name !== 'ClusterNotFoundException') throw e; });
  if (!found) return keep(`No cluster ${Cluster}`);
  const failures = found.failures || [];
  if (failures.some(f => f.reason === 'MISSING')) return keep(`No ${where}`);
  const service = found.services?.[0];
  if (!service) throw Error(`No ${where}: ${JSON.stringify(failures)}`);
  if (service.status === 'INACTIVE') return keep(`INACTIVE ${where}`);
  // ACTIVE or DRAINING: it exists, so never the placeholder from here on.
  const td = service.taskDefinition;
  const all = (await call(sdk.DescribeTaskDefinitionCommand, { taskDefinition: td }))
    .taskDefinition.containerDefinitions;
  const named = all.find(c => c.name === Container);
  const chosen = named || (all.length === 1 ? all[0] : null);
  if (!chosen) {
    throw known(`The ${where} runs ${td}, which has no container ${Container}`
      + ` but ${all.map(c => c.name).join(', ') || 'none'}`);
  }
  console.log(`${service.status} ${where} runs ${td}: container ${chosen.name}`
    + `${named ? '' : ' (the only one)'} has image ${chosen.image}`);
  return chosen.image;
}

// Its log line says it all: no stack trace.
const known = message => Object.assign(Error(message), { known: true });

// A hung ECS call must not leave the stack waiting an hour.
function withDeadline(context, work) {
  const ms = Math.max(context.getRemainingTimeInMillis() - MARGIN_MS, 0);
  const signal = AbortSignal.timeout(ms); // aborts the SDK's request too
  const late = new Promise((_, reject) => signal.addEventListener('abort',
    () => reject(known(`ECS did not answer within ${ms} ms`))));
  return Promise.race([late, work(signal)]);
}

// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
// Presigned without a content type, hence the empty one. Body <= 4096 bytes.
function answer(event, fields) {
  const { StackId, RequestId, LogicalResourceId } = event;
  const body = JSON.stringify({ ...fields, StackId, RequestId, LogicalResourceId });
  const url = new URL(event.ResponseURL);
  const http = require(url.protocol === 'http:' ? 'http' : 'https');
  return new Promise((resolve, reject) => http.request(url, {
    method: 'PUT', headers: { 'Content-Type': '', 'Content-Length': Buffer.byteLength(body) },
  }, response => {
    console.log(`Answered ${fields.Status}: HTTP ${response.statusCode}`);
    resolve(response.resume());
  }).on('error', reject).end(body));
}
