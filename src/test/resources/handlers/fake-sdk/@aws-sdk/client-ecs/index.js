// Stand-in for @aws-sdk/client-ecs (the module the Lambda Node runtimes bundle), found through
// NODE_PATH. It answers each command as the scenario scripts it and records every call.
// Only what current-image.js uses: ECSClient#send(command, { abortSignal }) and two commands.
'use strict';

const calls = [];
let script = {};

class Command {
  constructor(input) {
    this.input = input;
  }
}
class DescribeServicesCommand extends Command {}
class DescribeTaskDefinitionCommand extends Command {}

class ECSClient {
  constructor(config) {
    this.config = config;
  }

  send(command, options = {}) {
    const name = command.constructor.name;
    const signal = options.abortSignal;
    const call = { command: name, input: command.input, abortSignal: Boolean(signal), aborted: false };
    calls.push(call);
    const step = script[name];
    if (!step) {
      return Promise.reject(new Error(`fake ECS: the scenario does not script ${name}`));
    }
    if (step.hang) {
      // Like a request that never gets an answer: only an abort ends it, as it ends the SDK's.
      return new Promise((_, reject) => signal && signal.addEventListener('abort', () => {
        call.aborted = true;
        reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
      }));
    }
    return new Promise((resolve, reject) => setImmediate(() => step.error
      // The SDK's service errors: an Error whose name is the exception's shape name.
      ? reject(Object.assign(new Error(step.error.message), { name: step.error.name, $fault: 'client' }))
      : resolve(structuredClone(step.response))));
  }
}

module.exports = {
  ECSClient,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  // For the harness only; the real module has no such export.
  fake: {
    calls,
    play(scenario) {
      script = scenario || {};
    },
  },
};
