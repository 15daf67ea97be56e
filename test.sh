#!/usr/bin/env bash
# Egide's single "run all tests" command (CI runs it through .ci/run).
#
#   ./test.sh                                   # everything
#   ./test.sh --filter-class 'Egide.Core.Tests.*' # extra arguments go to `dotnet test`
#   ./test.sh --filter-method '*Login*'           # (xunit.v3 options: `dotnet test --help`)
#
# It installs what is missing (Debian packages, dotnet local tools), starts a throw-away
# PostgreSQL and a real SMTP server (aiosmtpd writing to a Maildir), builds the solution once,
# runs every test project on Microsoft Testing Platform with a TRX report each, and ends with
# the line `N passed, N failed, N skipped`. It exits non-zero if the build failed, a test
# failed, a test host crashed or timed out, or no test ran.
#
# Environment given to the tests:
#   EGIDE_TEST_POSTGRES          Npgsql connection string (superuser, trust auth); tests create their own databases
#   EGIDE_TEST_REQUIRE_POSTGRES  1: PostgreSQL tests must not skip themselves
#   EGIDE_TEST_SMTP_HOST/_PORT   SMTP server without auth or TLS
#   EGIDE_TEST_MAILDIR           Maildir the SMTP server delivers to (new/ holds arrived messages)
#   EGIDE_TEST_CHROMIUM          Chromium executable for Playwright
#
# Results: one TRX file per test project in TestResults/test-sh/ (replaced at each run).
# Knobs: EGIDE_TEST_CONFIGURATION (Debug), EGIDE_TEST_TIMEOUT (seconds for the test run, 1200).
# shellcheck disable=SC2317 # cleanup code is reached through the EXIT trap
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Test hosts would each watch appsettings.json with an inotify instance (128 per user on Linux).
export DOTNET_hostBuilder__reloadConfigOnChange=false
# asp-append-version watches wwwroot files: poll rather than take one of the 128 inotify instances per test host.
export DOTNET_USE_POLLING_FILE_WATCHER=true
export DEBIAN_FRONTEND=noninteractive

CONFIGURATION=${EGIDE_TEST_CONFIGURATION:-Debug}
TEST_TIMEOUT=${EGIDE_TEST_TIMEOUT:-1200} # seconds for the whole test run (not the build)
RESULTS=$ROOT/TestResults/test-sh
[[ $TEST_TIMEOUT =~ ^[0-9]+$ ]] || { echo "EGIDE_TEST_TIMEOUT must be a number of seconds" >&2; exit 2; }
PY=/usr/bin/python3 # Debian's python (has aiosmtpd); not the pyenv python3 on PATH

log() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; printf '0 passed, 0 failed\n'; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

# ---------------------------------------------------------------- cleanup
WORK="" PGBIN="" PGDATA="" SMTP_PID="" TEST_PID="" WATCHDOG_PID=""
cleanup() {
  set +e
  if [ -n "$TEST_PID" ]; then # interrupted while testing: stop dotnet test and its test hosts
    kill -TERM -- "-$TEST_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 -- "-$TEST_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$TEST_PID" 2>/dev/null
  fi
  if [ -n "$WATCHDOG_PID" ]; then kill -- "-$WATCHDOG_PID" 2>/dev/null; fi
  if [ -n "$SMTP_PID" ]; then
    kill "$SMTP_PID" 2>/dev/null
    wait "$SMTP_PID" 2>/dev/null
  fi
  if [ -n "$PGDATA" ] && [ -f "$PGDATA/postmaster.pid" ]; then
    pg_run "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      kill -9 "$(head -1 "$PGDATA/postmaster.pid")" 2>/dev/null
  fi
  if [ -n "$WORK" ]; then rm -rf "$WORK"; fi
}
on_exit() { local rc=$1; trap - EXIT; cleanup; exit "$rc"; }
trap 'on_exit $?' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- 1. install what is missing
now() { printf '%s' "${EPOCHREALTIME/,/.}"; }
since() { LC_ALL=C awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
t0=$(now)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
missing=()
installed postgresql || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
installed chromium || [ -x /usr/bin/chromium ] || missing+=(chromium)
{ installed python3-aiosmtpd && [ -x "$PY" ]; } || missing+=(python3-aiosmtpd)
installed poppler-utils || command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt_log=$(mktemp)
  if ! { as_root apt-get update -qq && as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
      </dev/null >"$apt_log" 2>&1; then
    tail -n 40 "$apt_log" >&2
    rm -f "$apt_log"
    die "apt-get install ${missing[*]} failed"
  fi
  rm -f "$apt_log"
fi
if [ -f .config/dotnet-tools.json ]; then
  tool_log=$(mktemp)
  dotnet tool restore >"$tool_log" 2>&1 || { cat "$tool_log" >&2; rm -f "$tool_log"; die "dotnet tool restore failed"; }
  rm -f "$tool_log"
fi
install_secs=$(since "$t0")

# ---------------------------------------------------------------- 2. SMTP (aiosmtpd -> Maildir), started first
# so that Python's start-up overlaps PostgreSQL's; waited for below.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/egide-test.XXXXXX")
chmod 755 "$WORK" # the postgres user must reach its data folder inside
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
export EGIDE_TEST_MAILDIR=$WORK/maildir
mkdir -p "$EGIDE_TEST_MAILDIR"/{new,cur,tmp}
SMTP_PORT="" smtp_try=""
start_smtp() {
  smtp_try=$(free_port)
  "$PY" -m aiosmtpd -n -l "127.0.0.1:$smtp_try" -c aiosmtpd.handlers.Mailbox "$EGIDE_TEST_MAILDIR" \
    </dev/null >"$WORK/smtp.log" 2>&1 &
  SMTP_PID=$!
}
wait_smtp() { # 0 when the server accepts connections
  for _ in $(seq 1 150); do
    if port_open "$smtp_try"; then SMTP_PORT=$smtp_try; return 0; fi
    kill -0 "$SMTP_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill "$SMTP_PID" 2>/dev/null || true
  wait "$SMTP_PID" 2>/dev/null || true
  SMTP_PID=""
  return 1
}
start_smtp

# ---------------------------------------------------------------- 3. PostgreSQL
# shellcheck disable=SC2012 # version folders have plain names
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$PGBIN/initdb" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"
PGDATA=$WORK/pgdata
mkdir -m 700 "$PGDATA"
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$PGDATA"
  pg_run() { (cd / && runuser -u postgres -- "$@"); }
else
  pg_run() { "$@"; }
fi
pg_run "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$WORK/initdb.log" 2>&1 ||
  { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
PG_PORT=""
for _ in 1 2 3; do # a free port can be taken between picking and binding: retry
  port=$(free_port)
  # Throw-away server: durability off for speed; room for several test hosts' pools.
  if pg_run "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $PGDATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >"$WORK/pg_ctl.log" 2>&1; then
    PG_PORT=$port
    break
  fi
done
if [ -z "$PG_PORT" ]; then
  cat "$WORK/pg_ctl.log" >&2
  tail -n 30 "$PGDATA/server.log" >&2 2>/dev/null || true
  die "PostgreSQL did not start"
fi
for _ in $(seq 1 60); do
  "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres && break
  sleep 0.5
done
"$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres || die "PostgreSQL is not accepting connections"
export EGIDE_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
export EGIDE_TEST_REQUIRE_POSTGRES=1

# ---------------------------------------------------------------- 4. wait for SMTP
for attempt in 1 2 3; do # the picked port can be taken before aiosmtpd binds it: retry
  wait_smtp && break
  if [ "$attempt" -lt 3 ]; then start_smtp; fi
done
[ -n "$SMTP_PORT" ] || { cat "$WORK/smtp.log" >&2; die "SMTP server (aiosmtpd) did not start"; }
export EGIDE_TEST_SMTP_HOST=127.0.0.1 EGIDE_TEST_SMTP_PORT=$SMTP_PORT
export EGIDE_TEST_CHROMIUM=/usr/bin/chromium
log "ready in $(since "$t0")s (install check ${install_secs}s): PostgreSQL $("$PGBIN/postgres" -V | awk '{print $3}') on 127.0.0.1:$PG_PORT, SMTP on 127.0.0.1:$SMTP_PORT"

# ---------------------------------------------------------------- 5. build once
log "building Egide.slnx ($CONFIGURATION)"
build_start=$SECONDS
if ! dotnet build Egide.slnx -c "$CONFIGURATION" -nologo -v quiet -clp:NoSummary -nodeReuse:false \
    </dev/null >"$WORK/build.log" 2>&1; then
  # Errors only (each is printed twice by MSBuild); the whole log if no line matched.
  grep -E ': (error|warning) ' "$WORK/build.log" | sort -u | head -n 100 >&2 || head -n 200 "$WORK/build.log" >&2
  die "build failed"
fi
log "built in $((SECONDS - build_start))s"

# ---------------------------------------------------------------- 6. run the tests
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
test_args=(--solution Egide.slnx --no-build -c "$CONFIGURATION"
  --results-directory "$RESULTS" --report-xunit-trx
  --timeout "$((TEST_TIMEOUT > 180 ? TEST_TIMEOUT - 120 : TEST_TIMEOUT))s" # cooperative: cancels, but cannot stop a blocked test
  --ignore-exit-code 8) # a project with no (matching) test is not an error; zero tests overall is, below
if [ -n "${CI:-}" ] || [ ! -t 1 ]; then test_args+=(--no-progress --no-ansi); fi
log "dotnet test ${test_args[*]} $*"
test_start=$SECONDS
# dotnet test and its test hosts run in their own process group (setsid) so that the watchdog
# (hard time limit) and the EXIT trap (Ctrl-C) can stop all of them at once.
setsid dotnet test "${test_args[@]}" "$@" </dev/null &
TEST_PID=$!
# shellcheck disable=SC2016 # expanded by the inner bash
setsid bash -c 'sleep "$1"; touch "$3"; kill -TERM -- "-$2"; sleep 20; kill -KILL -- "-$2"' \
  watchdog "$TEST_TIMEOUT" "$TEST_PID" "$WORK/timed-out" </dev/null >/dev/null 2>&1 &
WATCHDOG_PID=$!
test_rc=0
wait "$TEST_PID" || test_rc=$?
kill -TERM -- "-$TEST_PID" 2>/dev/null || true # stragglers (e.g. a browser a test left running)
TEST_PID=""
kill -- "-$WATCHDOG_PID" 2>/dev/null || true
WATCHDOG_PID=""
if [ -e "$WORK/timed-out" ]; then
  printf 'ERROR: the test run was stopped after %ss (EGIDE_TEST_TIMEOUT)\n' "$TEST_TIMEOUT"
  test_rc=124 # dotnet test may exit 0 when stopped by SIGTERM
fi
log "tests ran in $((SECONDS - test_start))s (dotnet test exit code $test_rc)"

# ---------------------------------------------------------------- 7. summary from the TRX files
set +e
"$PY" - "$RESULTS" "$test_rc" <<'PY'
import glob, os, sys
import xml.etree.ElementTree as ET

results_dir, test_rc = sys.argv[1], int(sys.argv[2])
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
failures, per_module, errors = [], {}, []
for path in sorted(glob.glob(os.path.join(results_dir, "**", "*.trx"), recursive=True)):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        errors.append(f"unreadable result file {path}: {e}")
        continue
    storage = {u.get("id"): u.get("storage") or "" for u in root.iterfind("t:TestDefinitions/t:UnitTest", ns)}
    module = None
    p = f = s = 0
    for r in root.iterfind("t:Results/t:UnitTestResult", ns):
        module = module or os.path.splitext(os.path.basename(storage.get(r.get("testId"), "")))[0] or os.path.basename(path)
        outcome = r.get("outcome", "")
        if outcome in ("Passed", "Warning"):
            p += 1
        elif outcome in ("NotExecuted", "Inconclusive", "Pending"):
            s += 1
        else:  # Failed, Error, Timeout, Aborted, ...
            f += 1
            msg = r.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=ns).strip()
            first = msg.splitlines()[0] if msg else outcome
            failures.append(f"{r.get('testName')}  ({first[:200]})")
    if module is None:
        continue  # a project that had no (matching) test
    m = per_module.setdefault(module, [0, 0, 0])
    m[0] += p; m[1] += f; m[2] += s
    passed += p; failed += f; skipped += s

print()
for name, (p, f, s) in sorted(per_module.items()):
    print(f"  {name}: {p} passed, {f} failed, {s} skipped")
if failures:
    print(f"\nFailed tests ({len(failures)}):")
    for line in failures:
        print(f"  FAILED {line}")
# MTP exit codes: 0 ok, 2 tests failed, 8 zero tests (ignored above); anything else
# (3 aborted/timeout, 7 test host crash, 124 stopped by our watchdog, ...) means results are
# missing: count it as a failure.
if test_rc != 0 and not (test_rc == 2 and failed > 0):
    errors.append(f"dotnet test exited with code {test_rc}: a test project crashed, timed out or was given bad "
                  "arguments (look for 'Exit code:' above; https://aka.ms/testingplatform/exitcodes); counted as 1 failure")
    failed += 1
if passed + failed == 0:
    errors.append("no test ran")
for e in errors:
    print(f"ERROR: {e}")
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed or errors else 0)
PY
summary_rc=$?
set -e
exit "$summary_rc"
