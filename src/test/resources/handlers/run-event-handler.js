// Runs an EventBridge-invoked Lambda handler once per scenario, the way Lambda calls it, all
// scenarios in this one Node process, one after another, and prints one JSON record per scenario
// on stdout, in the order given.
//
//   NODE_PATH=<this directory>/fake-sdk node run-event-handler.js <handler.js> <sdk module> < scenarios.json
//
// scenarios.json: [ {
//   "name": what the record repeats, so that a test finds its own,
//   "event": what EventBridge delivers (anything: the handler must survive any shape),
//   "env": { the function's environment variables },
//   "sdk": { "<Command name>": { "response": {...} } | { "pages": [ {...}, ... ] }
//                             | { "error": { "name", "message" } } }
// }, ... ]
// record: { "name", "outcome": "returned" | "threw: <error>" | "timed out", "result",
//           "stdout": [ "<line the handler wrote to stdout>" ], "emitted": [ <each stdout line
//           that is JSON, parsed> ], "calls": [ { command, input } ], "logs": [ "<console line>" ] }
//
// As in run-handler.js, nothing carries over from one scenario to the next: the handler, the fake
// SDK and the environment are loaded anew for each (a cold start), and a scenario keeps only the
// lines its own invocation writes. The handler's stdout is captured, not printed: on stdout, this
// harness writes only its records.
'use strict';

const path = require('path');
const { current, readScenarios, fakeSdk, forgetModules, inScenario, exitWhen } = require('./harness');

const TIMEOUT_MS = 10_000;
const write = process.stdout.write.bind(process.stdout);

// What the handler writes to stdout itself (Lambda sends it to the function's log group as is).
process.stdout.write = (chunk, ...rest) => {
  const run = current.getStore();
  if (!run || run.done) {
    process.stderr.write(`[${run ? `${run.name}, after its record` : 'harness'}] stdout: ${chunk}`);
    return true;
  }
  run.stdout.push(String(chunk));
  const callback = rest.find(r => typeof r === 'function');
  if (callback) {
    callback();
  }
  return true;
};

async function main() {
  const handlerPath = path.resolve(process.argv[2]);
  const sdkModule = process.argv[3];
  const scenarios = await readScenarios();
  const fakePath = fakeSdk(handlerPath, sdkModule);

  const setEnv = [];
  for (const scenario of scenarios) {
    setEnv.splice(0).forEach(key => delete process.env[key]);
    Object.entries(scenario.env || {}).forEach(([key, value]) => {
      process.env[key] = value;
      setEnv.push(key);
    });
    const run = { name: scenario.name, stdout: [], logs: [], done: false };
    const record = await inScenario(run, () => runOne(handlerPath, fakePath, scenario, run));
    run.done = true;
    write(JSON.stringify({ name: scenario.name, ...record }) + '\n');
  }
}

async function runOne(handlerPath, fakePath, scenario, run) {
  forgetModules(__filename);
  let fake = { calls: [], play() {} };
  try {
    fake = require(fakePath).fake;
  } catch (e) {
    // A scenario whose SDK is missing: the handler's own require fails the same way.
  }
  fake.play(scenario.sdk);
  const context = {
    functionName: 'delivery-metrics',
    awsRequestId: 'c0ffee00-0000-4000-8000-000000000002',
    getRemainingTimeInMillis: () => TIMEOUT_MS,
  };
  let timer;
  const lambdaTimeout = new Promise(resolve => {
    timer = setTimeout(() => resolve({ outcome: 'timed out' }), TIMEOUT_MS);
  });
  const ended = await Promise.race([
    Promise.resolve()
      .then(() => require(handlerPath).handler(scenario.event, context))
      .then(result => ({ outcome: 'returned', result }), error => ({ outcome: `threw: ${error && error.stack || error}` })),
    lambdaTimeout,
  ]);
  clearTimeout(timer);
  const lines = run.stdout.join('').split('\n').filter(line => line.length > 0);
  const emitted = lines.flatMap(line => {
    try {
      return [JSON.parse(line)];
    } catch (e) {
      return [];
    }
  });
  return { ...ended, stdout: lines, emitted, calls: fake.calls, logs: run.logs };
}

exitWhen('run-event-handler', main);
