#!/bin/sh
# The Node that jsii starts for the app when scripts/run-app.sh names this file in JSII_NODE: node
# from PATH, as jsii would start it, with two V8 flags that make a synthesis cheaper on a small
# machine (run-app.sh says why). A Node that refuses them (a future one, say) runs without them.
flags="--single-threaded-gc --liftoff-only"
if node $flags -e '' > /dev/null 2>&1; then
  exec node $flags "$@"
fi
exec node "$@"
