// Stand-in for @aws-sdk/client-codepipeline (the module the Lambda Node runtimes bundle), found
// through NODE_PATH. It answers each command as the scenario scripts it and records every call.
// Only what delivery-metrics.js uses: CodePipelineClient#send(command) and two commands.
'use strict';

// A scenario may ask for the module to be missing, as a runtime without it would have it.
if (process.env.FAKE_SDK_MISSING) {
  throw Object.assign(new Error("Cannot find module '@aws-sdk/client-codepipeline'"), { code: 'MODULE_NOT_FOUND' });
}

const calls = [];
let script = {};

class Command {
  constructor(input) {
    this.input = input;
  }
}
class GetPipelineExecutionCommand extends Command {}
class ListActionExecutionsCommand extends Command {}

// The SDK hands timestamps back as Date objects; the scenarios write them as ISO 8601 text.
const TIMESTAMPS = new Set(['created', 'startTime', 'lastUpdateTime']);
function withDates(value) {
  if (Array.isArray(value)) {
    return value.map(withDates);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) =>
      [key, TIMESTAMPS.has(key) && typeof v === 'string' ? new Date(v) : withDates(v)]));
  }
  return value;
}

class CodePipelineClient {
  constructor(config) {
    this.config = config;
  }

  send(command) {
    const name = command.constructor.name;
    calls.push({ command: name, input: command.input });
    const step = script[name];
    if (!step) {
      return Promise.reject(new Error(`fake CodePipeline: the scenario does not script ${name}`));
    }
    let response = step.response;
    if (step.pages) {
      // Page i answers nextToken "page-i" (the first, none) and names the next page, if any.
      const token = command.input.nextToken;
      const i = token === undefined ? 0 : Number(/^page-(\d+)$/.exec(token)?.[1] ?? NaN);
      if (!(i >= 0 && i < step.pages.length)) {
        return Promise.reject(Object.assign(new Error(`Invalid nextToken ${token}`), { name: 'InvalidNextTokenException' }));
      }
      response = { ...step.pages[i], ...(i + 1 < step.pages.length && { nextToken: `page-${i + 1}` }) };
    }
    return new Promise((resolve, reject) => setImmediate(() => step.error
      // The SDK's service errors: an Error whose name is the exception's shape name.
      ? reject(Object.assign(new Error(step.error.message), { name: step.error.name, $fault: 'client' }))
      : resolve(withDates(structuredClone(response)))));
  }
}

module.exports = {
  CodePipelineClient,
  GetPipelineExecutionCommand,
  ListActionExecutionsCommand,
  // For the harness only; the real module has no such export.
  fake: {
    calls,
    play(scenario) {
      script = scenario || {};
    },
  },
};
