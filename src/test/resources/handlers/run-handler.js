// Runs a custom resource handler once per scenario, the way Lambda and CloudFormation surround
// it, all scenarios in this one Node process and one after another, and prints one JSON record
// per scenario on stdout, in the order given.
//
//   NODE_PATH=<this directory>/fake-sdk node run-handler.js <handler.js> < scenarios.json
//
// scenarios.json: [ {
//   "name": what the record repeats, so that a test finds its own,
//   "event": the custom resource request, without ResponseURL (this harness serves that),
//   "ecs": { "<Command name>": { "response": {...} } | { "error": { "name", "message" } }
//                              | { "hang": true } },
//   "remainingMs": the time the fake Lambda context gives the invocation
// }, ... ]
// record: { "name", "outcome": "returned" | "threw: <error>" | "timed out",
//           "answers": [ { method, path, contentType, contentLength, bodyBytes, atMs, body } ],
//           "ecsCalls": [ { command, input, abortSignal, aborted } ], "logs": [ "<line>" ] }
//
// Nothing carries over from one scenario to the next: each loads the handler and the fake SDK
// anew (a cold start, not a warm Lambda that keeps module state), has its own response URL, and
// keeps only the answers and log lines its own invocation sends and writes. Only a hung ECS call
// makes a scenario wait, for the handler's own timer, and no longer than it would alone.
'use strict';

const http = require('http');
const path = require('path');
const { readScenarios, fakeSdk, forgetModules, inScenario, exitWhen } = require('./harness');

async function main() {
  const handlerPath = path.resolve(process.argv[2]);
  const scenarios = await readScenarios();
  const fakePath = fakeSdk(handlerPath, '@aws-sdk/client-ecs');

  // One response server for the batch, a path per scenario: a scenario's answers are those
  // sent to its own path, and nothing closes a connection a later scenario might reuse.
  const runs = [];
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', chunk => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const run = runs[Number(/^\/cloudformation-response\/(\d+)\?/.exec(request.url)?.[1])];
      if (!run || run.done) {
        const whose = run ? `${run.name}, after its record` : 'harness';
        process.stderr.write(`[${whose}] answer to ${request.url}: ${text}\n`);
      } else {
        let body;
        try {
          body = JSON.parse(text);
        } catch (e) {
          body = text;
        }
        run.answers.push({
          method: request.method,
          path: request.url,
          contentType: request.headers['content-type'],
          contentLength: request.headers['content-length'],
          bodyBytes: Buffer.byteLength(text),
          atMs: Date.now() - run.started,
          body,
        });
      }
      response.end(); // S3 answers a presigned PUT with 200 and an empty body
    });
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const responseUrl = n =>
    `http://127.0.0.1:${server.address().port}/cloudformation-response/${n}?X-Amz-Signature=fake`;

  for (const scenario of scenarios) {
    const run = { name: scenario.name, started: Date.now(), answers: [], logs: [], done: false };
    const event = { ...scenario.event, ResponseURL: responseUrl(runs.length) };
    runs.push(run);
    const record = await inScenario(run, () => runOne(handlerPath, fakePath, scenario, event, run));
    run.done = true;
    process.stdout.write(JSON.stringify({ name: scenario.name, ...record }) + '\n');
  }
}

async function runOne(handlerPath, fakePath, scenario, event, run) {
  // A fresh load of everything but this harness: the handler, the fake SDK it requires (a new
  // script and a new list of calls) and whatever else either may have loaded.
  forgetModules(__filename);
  const { fake } = require(fakePath);
  fake.play(scenario.ecs);

  const deadline = run.started + scenario.remainingMs;
  const context = {
    functionName: 'current-image',
    awsRequestId: 'c0ffee00-0000-4000-8000-000000000001',
    logGroupName: '/aws/lambda/current-image',
    logStreamName: '2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef',
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
  };

  const { handler } = require(handlerPath);
  let timer;
  // Lambda stops the invocation when its time is up, whatever the handler is waiting for.
  const lambdaTimeout = new Promise(resolve => {
    timer = setTimeout(() => resolve('timed out'), scenario.remainingMs);
  });
  const outcome = await Promise.race([
    Promise.resolve()
      .then(() => handler(event, context))
      .then(() => 'returned', error => `threw: ${error && error.stack || error}`),
    lambdaTimeout,
  ]);
  clearTimeout(timer);

  return { outcome, answers: run.answers, ecsCalls: fake.calls, logs: run.logs };
}

// Exits when the last scenario ends: a hung fake call must not keep the process alive.
exitWhen('run-handler', main);
