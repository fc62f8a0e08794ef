// Runs an ECS lifecycle hook handler once per scenario, the way Lambda and ECS surround it, all
// scenarios in this one Node process and one after another, and prints one JSON record per
// scenario on stdout, in the order given.
//
//   NODE_PATH=<this directory>/fake-sdk node run-hook.js <handler.js> < scenarios.json
//
// scenarios.json: [ {
//   "name": what the record repeats, so that a test finds its own,
//   "event": the lifecycle hook's event, as ECS sends it,
//   "env": the function's environment, without TEST_URL (this harness serves that),
//   "path": the path of TEST_URL,
//   "service": { "answers": ["<status>" | "hang", ...], "header": "<name>", "value": "<value>" }
//              | { "refused": true } -- answers in turn, the last repeated; with header and
//              value, a request without them gets 404, as the listener's default route would,
//   "secret": { "value": "..." } | { "error": { "name", "message" } },
//   "remainingMs": the time the fake Lambda context gives the invocation
// }, ... ]
// record: { "name", "outcome": "returned" | "threw: <error>" | "timed out", "result",
//           "requests": [ { method, path, headers } ], "secretCalls": [ ... ], "logs": [ "<line>" ],
//           "url": TEST_URL, "atMs" }
//
// Nothing carries over from one scenario to the next: each loads the handler and the fake SDK
// anew, has its own fake service on a port of its own and its own environment.
'use strict';

const http = require('http');
const path = require('path');
const { readScenarios, fakeSdk, forgetModules, inScenario, exitWhen } = require('./harness');

async function main() {
  const handlerPath = path.resolve(process.argv[2]);
  const scenarios = await readScenarios();
  const fakePath = fakeSdk(handlerPath, '@aws-sdk/client-secrets-manager');
  const original = { ...process.env };
  for (const scenario of scenarios) {
    const run = { name: scenario.name, logs: [], done: false };
    const record = await inScenario(run, () => runOne(handlerPath, fakePath, scenario, run, original));
    run.done = true;
    process.stdout.write(JSON.stringify({ name: scenario.name, ...record }) + '\n');
  }
}

async function runOne(handlerPath, fakePath, scenario, run, original) {
  forgetModules(__filename);
  const { fake } = require(fakePath);
  fake.play(scenario.secret);

  const requests = [];
  const service = await serve(scenario.service || { refused: true }, requests);
  const url = `http://127.0.0.1:${service.port}${scenario.path || '/health'}`;
  process.env = { ...original, ...scenario.env, TEST_URL: url };

  const started = Date.now();
  const deadline = started + scenario.remainingMs;
  const context = {
    functionName: 'release-check',
    awsRequestId: 'c0ffee00-0000-4000-8000-000000000002',
    logStreamName: '2026/01/01/[$LATEST]00000000000000000000000000000002',
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
  };
  const { handler } = require(handlerPath);
  let timer;
  const lambdaTimeout = new Promise(resolve => {
    timer = setTimeout(() => resolve({ outcome: 'timed out' }), scenario.remainingMs);
  });
  const ended = await Promise.race([
    Promise.resolve()
      .then(() => handler(scenario.event, context))
      .then(result => ({ outcome: 'returned', result }), error => ({ outcome: `threw: ${error && error.stack || error}` })),
    lambdaTimeout,
  ]);
  clearTimeout(timer);
  const atMs = Date.now() - started;
  process.env = { ...original };
  service.close();
  return { ...ended, atMs, url, requests, secretCalls: fake.calls, logs: run.logs };
}

// A fake of the new revision behind the test route; or a port nothing listens on.
function serve(spec, requests) {
  const sockets = new Set();
  const server = http.createServer((request, response) => {
    requests.push({ method: request.method, path: request.url, headers: request.headers });
    if (spec.header && request.headers[spec.header.toLowerCase()] !== spec.value) {
      response.statusCode = 404;
      response.end('default route');
      return;
    }
    const answers = spec.answers || ['200'];
    const answer = answers[Math.min(requests.length - 1, answers.length - 1)];
    if (answer === 'hang') {
      return; // never answers; the socket is destroyed with the server
    }
    response.statusCode = Number(answer);
    response.end('ok');
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    const close = () => {
      sockets.forEach(socket => socket.destroy());
      server.close();
    };
    if (spec.refused) {
      close();
    }
    resolve({ port, close });
  }));
}

exitWhen('run-hook', main);
