// What the three handler harnesses (run-handler.js, run-hook.js, run-event-handler.js) share: reading
// the scenarios, making sure the handler finds the fake SDK, a cold start per scenario, console lines
// kept per scenario, and the exit status.
'use strict';

const path = require('path');
const { AsyncLocalStorage } = require('async_hooks');
const { createRequire } = require('module');
const { format } = require('util');

// Which scenario a log line belongs to follows the invocation through its promises, timers,
// abort listeners and HTTP callbacks, so that a line a finished scenario writes late lands in
// no other scenario's record (only on stderr, saying so).
const current = new AsyncLocalStorage();
for (const level of ['log', 'info', 'warn', 'error']) {
  console[level] = (...args) => {
    const line = format(...args);
    const run = current.getStore();
    if (run && !run.done) {
      run.logs.push(line);
      process.stderr.write(`[${run.name}] ${line}\n`);
    } else {
      process.stderr.write(`[${run ? `${run.name}, after its record` : 'harness'}] ${line}\n`);
    }
  };
}

/** The scenarios on stdin, refused when two share a name (a test finds its record by name). */
async function readScenarios() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  const scenarios = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const names = scenarios.map(scenario => scenario.name);
  const twice = names.filter((name, i) => names.indexOf(name) !== i);
  if (twice.length > 0) {
    throw new Error(`more than one scenario named ${twice.join(', ')}`);
  }
  return scenarios;
}

/** The fake of an SDK module, which the handler must find instead of a real SDK that would call AWS. */
function fakeSdk(handlerPath, sdkModule) {
  const fakePath = path.join(__dirname, 'fake-sdk', ...sdkModule.split('/'), 'index.js');
  let resolved;
  try {
    resolved = createRequire(handlerPath).resolve(sdkModule);
  } catch (e) {
    resolved = 'nothing';
  }
  if (resolved !== fakePath) {
    throw new Error(`${sdkModule} resolves to ${resolved}, not ${fakePath}: set NODE_PATH`);
  }
  return fakePath;
}

/** A cold start: everything but the harness itself is loaded anew, the handler and the fake SDK with it. */
function forgetModules(runner) {
  for (const loaded of Object.keys(require.cache)) {
    if (loaded !== runner && loaded !== __filename) {
      delete require.cache[loaded];
    }
  }
}

/** Runs fn with console lines going to run.logs until run.done. */
function inScenario(run, fn) {
  return current.run(run, fn);
}

/** Runs the harness's main, exiting 0 when it ends and 2, with why, when it throws. */
function exitWhen(name, main) {
  main().then(
    () => process.exit(0),
    error => {
      process.stderr.write(`${name}: ${error && error.stack || error}\n`);
      process.exit(2);
    });
}

module.exports = { current, readScenarios, fakeSdk, forgetModules, inScenario, exitWhen };
