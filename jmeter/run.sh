#!/usr/bin/env bash
# Runs a JMeter plan headless against a Prost deployment (default: the local stack on localhost:8080),
# bounded in time, writes the results as CSV (.jtl) under jmeter/results/ and prints a summary of it.
#
#   jmeter/run.sh PLAN [-Jkey=value ...]
#   jmeter/run.sh jmeter/prost.jmx -Jhost=localhost -Jport=8080 -Jthreads=10 -Jrampup=5 -Jduration=60
#
# JMeter: $JMETER_HOME/bin/jmeter when JMETER_HOME is set (e.g. a current JMeter 5.x), otherwise
# Debian's jmeter package (2.13, installed with apt-get when missing) through jmeter/launcher/ProstJMeter.java,
# which makes 2.13 load plans on current Debian (see jmeter/README.md).
# Environment: PROST_JMETER_RESULTS (results directory), PROST_JMETER_TIMEOUT (seconds, overrides the
# computed bound), JVM_ARGS (extra JVM options). Exit status: 0 when every sample succeeded, 1 when a
# sample failed or none was recorded, 2 on usage errors, 124 when the time bound was hit.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { printf '\033[1;33m[jmeter]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[jmeter]\033[0m %s\n' "$*" >&2; exit "${2:-1}"; }

[ $# -ge 1 ] || die "usage: jmeter/run.sh PLAN [-Jkey=value ...]" 2
plan=$1; shift
[ -f "$plan" ] || die "no such plan: $plan" 2
plan=$(cd "$(dirname "$plan")" && pwd)/$(basename "$plan")

# The time bound: the plan's duration and ramp-up (JMeter properties) plus start-up and set-up slack.
duration=60 rampup=5 host=localhost port=8080
for arg in "$@"; do
  case $arg in
    -Jduration=*) duration=${arg#-Jduration=} ;;
    -Jrampup=*) rampup=${arg#-Jrampup=} ;;
    -Jhost=*) host=${arg#-Jhost=} ;;
    -Jport=*) port=${arg#-Jport=} ;;
    -J*) ;;
    *) die "unexpected argument '$arg': only -Jkey=value properties may follow the plan" 2 ;;
  esac
done
[[ $duration =~ ^[0-9]+$ && $rampup =~ ^[0-9]+$ ]] || die "duration and rampup must be whole seconds" 2
# Set-up may wait up to 2 min for the voting read model (see README), JVM start-up ~10 s.
bound=${PROST_JMETER_TIMEOUT:-$((duration + rampup + 210))}

results=${PROST_JMETER_RESULTS:-$here/results}
mkdir -p "$results"
stamp=$(date -u +%Y%m%dT%H%M%SZ)-$$
name=$(basename "$plan" .jmx)
jtl=$results/$name-$stamp.jtl
log=$results/$name-$stamp.log

# CSV with a header line; the first eight columns (timeStamp, elapsed, label, responseCode,
# responseMessage, threadName, dataType, success) are the same in JMeter 2.13 and 5.x.
props=(
  -Jjmeter.save.saveservice.output_format=csv
  -Jjmeter.save.saveservice.print_field_names=true
  -Jjmeter.save.saveservice.assertion_results_failure_message=true
  -Jjmeter.save.saveservice.timestamp_format=ms
  -Jsummariser.interval=10
)

debian_home=/usr/share/jmeter
install_debian_jmeter() {
  [ -f "$debian_home/bin/ApacheJMeter.jar" ] && return 0
  command -v apt-get >/dev/null || die "JMeter is missing: install Debian's jmeter package or set JMETER_HOME to a JMeter 5.x"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  say "installing Debian's jmeter package ..."
  "${sudo[@]}" apt-get install -y -qq jmeter >&2 || { "${sudo[@]}" apt-get update -qq >&2 && "${sudo[@]}" apt-get install -y -qq jmeter >&2; } ||
    die "apt-get install jmeter failed"
}

# The launcher, compiled once per source version into the cache.
launcher_classpath() {
  local src=$here/launcher/ProstJMeter.java
  local digest cache
  digest=$(sha256sum "$src" | cut -c1-16)
  cache=${XDG_CACHE_HOME:-$HOME/.cache}/prost/jmeter-launcher/$digest
  if [ ! -f "$cache/ProstJMeter.class" ]; then
    command -v javac >/dev/null || die "javac is missing: install a JDK (e.g. apt-get install -y openjdk-17-jdk-headless)"
    say "compiling the JMeter launcher into $cache ..."
    mkdir -p "$cache.tmp.$$"
    javac -nowarn -d "$cache.tmp.$$" -cp "$jars" "$src" >&2 || die "javac failed on $src"
    rm -rf "$cache" && mv "$cache.tmp.$$" "$cache"
  fi
  printf '%s' "$cache"
}

if [ -n "${JMETER_HOME:-}" ]; then
  [ -x "$JMETER_HOME/bin/jmeter" ] || die "JMETER_HOME=$JMETER_HOME has no bin/jmeter"
  cmd=("$JMETER_HOME/bin/jmeter")
  say "JMeter: $JMETER_HOME"
else
  install_debian_jmeter
  command -v java >/dev/null || die "java is missing: install a JRE/JDK 17"
  jars=$(find "$debian_home/bin" "$debian_home/lib" "$debian_home/lib/ext" -maxdepth 1 -name '*.jar' | sort | tr '\n' ':')
  cp=$(launcher_classpath)
  # shellcheck disable=SC2086
  cmd=(java ${JVM_ARGS:-} -Djmeter.home="$debian_home" -cp "$cp:$jars" ProstJMeter)
  say "JMeter: Debian's jmeter 2.13 through jmeter/launcher/ProstJMeter.java"
fi

say "plan $(basename "$plan") against $host:$port for ${duration}s (+${rampup}s ramp-up), bounded at ${bound}s"
say "results: $jtl"
status=0
(cd "$results" && timeout --kill-after=15 "$bound" "${cmd[@]}" -n -t "$plan" -l "$jtl" -j "$log" "${props[@]}" "$@") >&2 || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  say "JMeter did not finish within ${bound}s and was stopped; see $log"
  status=124
elif [ "$status" -ne 0 ]; then
  say "JMeter exited with status $status; see $log"
fi
[ -f "$jtl" ] || die "JMeter wrote no results ($jtl); see $log"

summary=0
node "$here/summary.mjs" "$jtl" || summary=$?
[ "$status" -ne 0 ] && exit "$status"
exit "$summary"
