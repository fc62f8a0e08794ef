#!/bin/sh
# The app command of cdk.json: what `cdk synth`, `cdk diff` and `cdk deploy` start.
#
# Maven's own start-up and its up-to-date check cost about two seconds of every synthesis. So
# Maven runs only when something it builds from is newer than the last build: it compiles and
# writes the class path, and every later run starts the JVM directly. `./mvnw clean`, an edit
# under src/main or pom.xml, or a jar gone from the local repository sends the next run
# through Maven again.
set -eu
cd "$(dirname "$0")/.."

# jsii prints a twenty-line banner on Node 20, which is past its end of life but still works;
# the README says which Node versions are supported.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"

classpath=target/app.classpath
stale() {
  [ -s "$classpath" ] && [ -d target/classes ] || return 0
  [ -z "$(find pom.xml src/main -newer "$classpath" -print 2>/dev/null | head -n 1)" ] || return 0
  old_ifs=$IFS; IFS=:
  for jar in $(cat "$classpath"); do
    [ -e "$jar" ] || { IFS=$old_ifs; return 0; }
  done
  IFS=$old_ifs
  return 1
}
if stale; then
  ./mvnw -e -q -B compile dependency:build-classpath -Dmdep.outputFile="$classpath" -Dmdep.includeScope=runtime >&2
  # The dependency plugin leaves the file as it was when the class path has not changed (an edit
  # of pom.xml that adds no jar): without this, every later run would go through Maven again.
  touch "$classpath"
fi
# C1 only: a synthesis is short, and most of its work happens in jsii's Node process.
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "target/classes:$(cat "$classpath")" \
  io.github.crossaccountdelivery.DeliveryApp
