// Runs a custom resource handler once, the way Lambda and CloudFormation surround it, and
// prints one JSON record of what happened on stdout.
//
//   NODE_PATH=<this directory>/fake-sdk node run-handler.js <handler.js> < scenario.json
//
// scenario.json: {
//   "event": the custom resource request, without ResponseURL (this harness serves that),
//   "ecs": { "<Command name>": { "response": {...} } | { "error": { "name", "message" } }
//                              | { "hang": true } },
//   "remainingMs": the time the fake Lambda context gives the invocation
// }
// record: { "outcome": "returned" | "threw: <error>" | "timed out",
//           "answers": [ { method, path, contentType, contentLength, bodyBytes, atMs, body } ],
//           "ecsCalls": [ { command, input, abortSignal, aborted } ], "logs": [ "<line>" ] }
'use strict';

const http = require('http');
const path = require('path');
const { createRequire } = require('module');
const { format } = require('util');

const FAKE_SDK = path.join(__dirname, 'fake-sdk', '@aws-sdk', 'client-ecs', 'index.js');

async function main() {
  const handlerPath = path.resolve(process.argv[2]);
  const scenario = JSON.parse(await readStdin());

  // The handler must find the fake, never a real SDK that would call AWS.
  let resolved;
  try {
    resolved = createRequire(handlerPath).resolve('@aws-sdk/client-ecs');
  } catch (e) {
    resolved = 'nothing';
  }
  if (resolved !== FAKE_SDK) {
    throw new Error(`@aws-sdk/client-ecs resolves to ${resolved}, not ${FAKE_SDK}: set NODE_PATH`);
  }
  const { fake } = require(FAKE_SDK);
  fake.play(scenario.ecs);

  const started = Date.now();
  const answers = [];
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', chunk => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body;
      try {
        body = JSON.parse(text);
      } catch (e) {
        body = text;
      }
      answers.push({
        method: request.method,
        path: request.url,
        contentType: request.headers['content-type'],
        contentLength: request.headers['content-length'],
        bodyBytes: Buffer.byteLength(text),
        atMs: Date.now() - started,
        body,
      });
      response.end(); // S3 answers a presigned PUT with 200 and an empty body
    });
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));

  const event = {
    ...scenario.event,
    ResponseURL: `http://127.0.0.1:${server.address().port}/cloudformation-response?X-Amz-Signature=fake`,
  };
  const deadline = started + scenario.remainingMs;
  const context = {
    functionName: 'current-image',
    awsRequestId: 'c0ffee00-0000-4000-8000-000000000001',
    logGroupName: '/aws/lambda/current-image',
    logStreamName: '2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef',
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
  };

  // What the handler logs is its only trace in CloudWatch: keep it for the record too.
  const logs = [];
  for (const level of ['log', 'info', 'warn', 'error']) {
    console[level] = (...args) => {
      const line = format(...args);
      logs.push(line);
      process.stderr.write(`${line}\n`);
    };
  }

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
  server.close();

  process.stdout.write(JSON.stringify({ outcome, answers, ecsCalls: fake.calls, logs }) + '\n');
}

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on('data', chunk => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

main().then(
  () => process.exit(0), // a hung fake call must not keep the process alive
  error => {
    process.stderr.write(`run-handler: ${error && error.stack || error}\n`);
    process.exit(2);
  });
