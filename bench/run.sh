#!/usr/bin/env bash
# Runs a benchmark (see README.md). Settings are name=value arguments, e.g.
#   bench/run.sh agents=50 duration=30 heldPolls=10000 skip=pg   # command bus (the default)
#   bench/run.sh clone factor=0.02 clones=100                    # clones of one template
#   bench/run.sh clone-run factor=0.02 clones=100                # the same through one clone run
#   bench/run.sh prune commands=1000000 duty=50                  # retention prune
#   bench/run.sh fleet-tasks vms=10000 nodes=4                   # health check + metrics collection
#   bench/run.sh relay probes=5000 seconds=10                    # desktop relay vs a direct connection
#   bench/run.sh sessions sessions=30 factor=0.2                 # auth sessions started per minute
#   bench/run.sh dashboard vms=1000 changes=100 seconds=60       # fleet dashboard: snapshot, deltas, memory
#   bench/run.sh scale agents=100 guests=100 duration=30         # agents with guests on two instances + commands
# Needs the stack built once: mvn -B -q -f build/pom.xml -DskipTests install
set -euo pipefail
main=io.corral.bench.CommandBusBench
case "${1:-}" in
  clone|clones) main=io.corral.bench.CloneBench; shift ;;
  clone-run) main=io.corral.bench.CloneBench; shift; set -- mode=run "$@" ;;
  prune) main=io.corral.bench.PruneBench; shift ;;
  fleet-tasks) main=io.corral.bench.FleetTasksBench; shift ;;
  relay) main=io.corral.bench.RelayBench; shift ;;
  sessions) main=io.corral.bench.SessionsBench; shift ;;
  dashboard) main=io.corral.bench.DashboardBench; shift ;;
  scale) main=io.corral.bench.ScaleBench; shift ;;
  command-bus) shift ;;
esac
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# 10,000 held polls are 10,000 sockets in this JVM (and as many in the control plane, which
# inherits this limit): raise the soft limit to the hard one.
hard="$(ulimit -Hn)"
if [ "$hard" = unlimited ] || [ "$hard" -gt 65536 ]; then hard=65536; fi
ulimit -n "$hard" || true
if [ "$(ulimit -n)" -lt 12000 ]; then
  echo "warning: ulimit -n is $(ulimit -n); 10,000 held polls need more than 12,000" >&2
fi

if [ ! -f launcher/target/stack/corral.war ]; then
  echo "launcher/target/stack is missing: run mvn -B -q -f build/pom.xml -DskipTests install first" >&2
  exit 2
fi

mvn -B -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
payara_version="$(mvn -B -q -f build/pom.xml help:evaluate -Dstyle.color=never -Dexpression=payara.version -DforceStdout 2>/dev/null | sed "s/\x1b\[[0-9;]*m//g" || echo unknown)"
exec java -Xms256m -Xmx1g -XX:+UseParallelGC ${BENCH_JAVA_OPTS:-} \
  -Dbench.root="$root" -Dbench.payaraVersion="$payara_version" \
  -cp "bench/target/classes:launcher/target/classes:$(cat bench/target/classpath.txt)" \
  "$main" "$@"
