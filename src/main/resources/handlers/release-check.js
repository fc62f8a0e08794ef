// ECS lifecycle hook at POST_TEST_TRAFFIC_SHIFT: asks the new revision for its health check
// through the test route and lets production traffic move only on a 200. Anything else, and
// any error, answers FAILED, and ECS rolls the deployment back.
// Inlined (Code.fromInline): at most 4096 bytes. Runtime nodejs24.x.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-how-it-works.html
const env = process.env;
// Kept back to answer ECS before Lambda stops the function.
const MARGIN_MS = Number(env.ANSWER_MARGIN_MS || 5000);
const ATTEMPT_MS = Number(env.ATTEMPT_TIMEOUT_MS || 5000);
const PAUSE_MS = Number(env.RETRY_PAUSE_MS || 2000);

exports.handler = async (event, context) => {
  const { TEST_URL: url, SERVER_NAME: name, HEADER_NAME: header, SECRET_ARN: arn } = env;
  const of = `${event?.lifecycleStage || 'no stage'} of ${event?.resourceArn || 'no deployment'}`;
  try {
    if (!url || !header || !arn) throw known('TEST_URL, HEADER_NAME and SECRET_ARN must be set');
    const value = await secret(arn);
    const end = Date.now() + Math.max(context.getRemainingTimeInMillis() - MARGIN_MS, 0);
    let last = 'no attempt: no time left';
    for (let n = 1; end - Date.now() > 0; n++) {
      last = await ask(url, name, header, value, Math.min(ATTEMPT_MS, end - Date.now()));
      console.log(`Attempt ${n}: ${last}`);
      if (last === 'HTTP 200') {
        console.log(`SUCCEEDED: ${url} answered 200 through the test route (${of})`);
        return { hookStatus: 'SUCCEEDED' };
      }
      if (end - Date.now() <= PAUSE_MS) break;
      await new Promise(resolve => setTimeout(resolve, PAUSE_MS));
    }
    throw known(`${url} did not answer 200 through the test route in time; last: ${last}`);
  } catch (e) {
    console.log(`FAILED: ${String(e?.message ?? e).slice(0, 2000)} (${of})`);
    if (!e?.known) console.error(e);
    return { hookStatus: 'FAILED' };
  }
};

async function secret(arn) {
  try {
    // Loaded here: a failing require is then a FAILED answer, not an init error.
    const sdk = require('@aws-sdk/client-secrets-manager');
    const got = await new sdk.SecretsManagerClient({}).send(new sdk.GetSecretValueCommand({ SecretId: arn }));
    if (!got?.SecretString) throw Error('it holds no string');
    return got.SecretString;
  } catch (e) {
    throw known(`cannot read the test route's secret ${arn}: ${e.name || 'Error'}: ${e.message}`);
  }
}

// One GET: "HTTP <status>", or why there was none. With a server name (https), the request asks
// the load balancer for that name and verifies the certificate against it, as Verify does.
function ask(url, name, header, value, ms) {
  const target = new URL(url);
  const http = require(target.protocol === 'https:' ? 'https' : 'http');
  const headers = { [header]: value };
  const options = { method: 'GET', headers, signal: AbortSignal.timeout(ms) };
  if (name && target.protocol === 'https:') {
    options.servername = name;
    headers.Host = name;
  }
  return new Promise(resolve => {
    const request = http.request(target, options, response => {
      response.resume();
      resolve(`HTTP ${response.statusCode}`);
    });
    request.on('error', e => resolve(e.name === 'AbortError' || e.name === 'TimeoutError'
      ? `no answer within ${ms} ms` : `no answer: ${e.code || e.name} (${e.message})`));
    request.end();
  });
}

// Its log line says it all: no stack trace.
function known(message) {
  return Object.assign(Error(message), { known: true });
}
