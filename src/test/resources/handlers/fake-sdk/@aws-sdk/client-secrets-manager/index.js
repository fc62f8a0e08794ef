// Stand-in for @aws-sdk/client-secrets-manager (the module the Lambda Node runtimes bundle), found
// through NODE_PATH. It answers GetSecretValue as the scenario scripts it and records every call.
// Only what release-check.js uses: SecretsManagerClient#send(command) and one command.
'use strict';

const calls = [];
let script = {};

class GetSecretValueCommand {
  constructor(input) {
    this.input = input;
  }
}

class SecretsManagerClient {
  constructor(config) {
    this.config = config;
  }

  send(command) {
    const name = command.constructor.name;
    calls.push({ command: name, input: command.input });
    if (name !== 'GetSecretValueCommand') {
      return Promise.reject(new Error(`fake Secrets Manager: no ${name}`));
    }
    return new Promise((resolve, reject) => setImmediate(() => script.error
      // The SDK's service errors: an Error whose name is the exception's shape name.
      ? reject(Object.assign(new Error(script.error.message), { name: script.error.name, $fault: 'client' }))
      : resolve({ ARN: command.input.SecretId, Name: 'test-route', SecretString: script.value })));
  }
}

module.exports = {
  SecretsManagerClient,
  GetSecretValueCommand,
  // For the harness only; the real module has no such export.
  fake: {
    calls,
    play(scenario) {
      script = scenario || {};
    },
  },
};
