#!/bin/sh
# The app command of cdk.json: what `cdk synth`, `cdk diff` and `cdk deploy` start.
#
# Maven's own start-up and its up-to-date check cost about two seconds of every synthesis. So
# Maven runs only when something it builds from is newer than the last build: it compiles, packs
# the classes into target/app.jar and writes the class path, and every later run starts the JVM
# directly. `./mvnw clean`, an edit under src/main or pom.xml, or a jar gone from the local
# repository sends the next run through Maven again.
#
# The JVM spends about a second of a synthesis loading and verifying some 2,000 classes of the
# app and its libraries. The first run after a build records them in a class-data sharing archive
# (target/app.jsa, https://docs.oracle.com/en/java/javase/17/vm/class-data-sharing.html), and the
# later ones map it instead.
set -eu
cd "$(dirname "$0")/.."

# jsii prints a twenty-line banner on Node 20, which is past its end of life but still works;
# the README says which Node versions are supported.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"

# jsii runs the app's CDK code in a Node process, which after every synthesis also runs
# aws-cdk-lib's template validator, an 8 MB WebAssembly rule engine. Starting it sets off some 500
# full garbage collections (its memory grows in small steps, and V8 counts each as external
# memory), and V8's helper threads, collecting and optimizing the engine's code, fight the main
# thread for a small machine's cores. Collecting on the main thread alone and keeping WebAssembly
# on V8's baseline compiler halved the CPU time of a synthesis here, and cut its time by a quarter
# on Node 20 and 22 and by an eighth on Node 24 (docs/speed-and-cost.md). V8 takes such flags only
# on Node's command line, and jsii starts the command JSII_NODE names
# (https://aws.github.io/jsii/user-guides/lib-user/configuration/): scripts/jsii-node.sh adds them.
# A JSII_NODE of your own wins. jsii runs a JSII_NODE with a blank in it through a shell without
# quoting the rest, so a checkout whose path has one goes without.
case $PWD in
  *[[:space:]]*) ;;
  *) export JSII_NODE="${JSII_NODE:-$PWD/scripts/jsii-node.sh}" ;;
esac

classpath=target/app.classpath
jar=target/app.jar
archive=target/app.jsa
stale() {
  [ -s "$classpath" ] && [ -s "$jar" ] || return 0
  [ -z "$(find pom.xml src/main -newer "$classpath" -print 2>/dev/null | head -n 1)" ] || return 0
  old_ifs=$IFS; IFS=:
  for dependency in $(cat "$classpath"); do
    [ -e "$dependency" ] || { IFS=$old_ifs; return 0; }
  done
  IFS=$old_ifs
  return 1
}
if stale; then
  ./mvnw -e -q -B compile jar:jar dependency:build-classpath -Dmdep.outputFile="$classpath" \
    -Dmdep.includeScope=runtime >&2
  # The dependency plugin leaves the file as it was when the class path has not changed (an edit
  # of pom.xml that adds no jar): without this, every later run would go through Maven again.
  touch "$classpath"
fi

# A new archive after each build. The JVM checks an archive against itself and the class path
# and ignores one that does not match (after a JDK update, say) until the next build makes a new
# one: slower, never wrong.
if [ -s "$archive" ] && [ -z "$(find "$jar" "$classpath" -newer "$archive" 2>/dev/null)" ]; then
  sharing="-XX:SharedArchiveFile=$archive"
else
  # Each run writes an archive of its own and renames it when done, so that two syntheses at once
  # (cdk synth in two terminals) never write one file.
  sharing="-XX:ArchiveClassesAtExit=$archive.$$"
fi
# An archive left half-written by an interrupted run goes with it (Ctrl-C reaches this shell too).
trap 'rm -f "$archive.$$"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# C1 only: a synthesis is short, and most of its work happens in jsii's Node process. Class-data
# sharing logs nothing: its notes would go to stdout, which is the CLI's.
status=0
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "$sharing" -Xlog:cds=off -Xlog:cds+dynamic=off \
  -cp "$jar:$(cat "$classpath")" io.github.crossaccountdelivery.DeliveryApp || status=$?
# Only a synthesis that ran to its end has loaded the classes the next one needs (and has written
# the whole archive: the JVM does not check one before it maps it, and crashes on a torn one).
if [ "$status" -eq 0 ] && [ -s "$archive.$$" ]; then
  mv -f "$archive.$$" "$archive"
else
  rm -f "$archive.$$"
fi
# A JVM that died of a signal while it used the archive leaves the next run to make a new one.
if [ "$status" -gt 128 ] && [ "$sharing" = "-XX:SharedArchiveFile=$archive" ]; then
  rm -f "$archive"
fi
exit "$status"
