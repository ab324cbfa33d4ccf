#!/usr/bin/env bash
# Brings up a ClusterMesh on real etcd: one etcd per cluster with mutual TLS, a read-only user for remote
# clusters, and one `clustermesh-agent run` process per node of a manifests mesh folder (default: samples/starwars).
# Waits until every agent reports ready, prints `troubleshoot` of every cluster, then stays up until Ctrl-C
# (everything it started is stopped and its temporary folder removed on exit).
#
#   eng/mesh-up.sh [--check] [--no-build | --agent DLL] [--manifests DIR]
#
#   --check      exit after the troubleshoot check: 0 only if every cluster sees every other one ready
#   --no-build   use the agent already built in Release (src/ClusterMesh.Agent/bin/Release)
#   --agent      use this clustermesh-agent.dll (no build)
#   --manifests  a mesh folder: one folder per cluster with a cilium-config ConfigMap (cluster-name, cluster-id)
#                and its Node manifests
#
# Needs etcd, etcdctl (Debian etcd-server, etcd-client), openssl, python3 and the .NET SDK.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/certs.sh
source "$root/eng/lib/certs.sh"

check=0 build=1 manifests=$root/samples/starwars dll=$root/src/ClusterMesh.Agent/bin/Release/net10.0/clustermesh-agent.dll
while [ $# -gt 0 ]; do
  case $1 in
    --check) check=1 ;;
    --no-build) build=0 ;;
    --agent) build=0 dll=$(realpath "$2"); shift ;;
    --manifests) manifests=$(cd "$2" && pwd); shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "mesh-up: unknown argument $1" >&2; sed -n '6,15p' "$0" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '[mesh-up %s] %s\n' "$(date +%T)" "$*" >&2; }
for tool in etcd etcdctl openssl python3 dotnet; do
  command -v "$tool" >/dev/null || { log "$tool is not installed (see test.sh REQUIRED_TOOLS)"; exit 2; }
done

run=$(mktemp -d "${TMPDIR:-/tmp}/clustermesh-up.XXXXXX")
agents=() etcds=()
cleanup() {
  local status=$? unclean=0 rc
  trap - EXIT INT TERM
  # Agents first (SIGTERM: each stops cleanly and exits 0), then the etcds, then the files; only processes
  # started here.
  for pid in "${agents[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${agents[@]}"; do
    rc=0; wait "$pid" 2>/dev/null || rc=$?
    [ "$rc" -eq 0 ] || { log "agent pid $pid stopped with exit code $rc"; unclean=1; }
  done
  for pid in "${etcds[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${etcds[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$run"
  # A check passes only if every agent also stopped cleanly.
  if [ "$status" -eq 0 ] && [ "$unclean" -eq 1 ]; then exit 1; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$build" -eq 1 ]; then
  log "building the agent (Release)"
  dotnet build "$root/src/ClusterMesh.Agent" -c Release -nologo -v q -clp:ErrorsOnly >"$run/build.log" 2>&1 \
    || { cat "$run/build.log" >&2; log "build failed"; exit 1; }
fi
[ -f "$dll" ] || { log "no agent at $dll (run without --no-build)"; exit 2; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# exec: in the background the function's subshell becomes the agent itself, so its pid is the agent's.
agent() { exec dotnet "$dll" "$@"; }

# N free loopback ports below the kernel's ephemeral range: a port from that range may be given to an outgoing
# connection between this check and etcd's bind (or while etcd restarts), one below it never is.
free_ports() {
  python3 - "$1" <<'PY'
import random, socket, sys
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
top = low if low > 11000 else 65536
found = set()
while len(found) < int(sys.argv[1]):
    port = random.randrange(10000, top)
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port)); s.listen(); found.add(port)
    except OSError:
        pass
    finally:
        s.close()
print(*found)
PY
}
# Values of the manifests (plain YAML as in samples/starwars): a cilium-config field, the names of the Nodes.
config_field() { grep -h "^ *$2:" "$1"/*.y*ml | head -1 | sed -e "s/^ *$2: *//" -e 's/^"//' -e 's/"$//' -e 's/ *$//'; }
node_names() {
  awk '/^---/ { node = 0; meta = 0 } /^kind: *Node *$/ { node = 1 } /^metadata:/ { meta = 1 }
       node && meta && /^  name:/ { print $2; node = 0 }' "$1"/*.y*ml
}

clusters=()
for dir in "$manifests"/*/; do
  name=$(config_field "$dir" cluster-name)
  [ -n "$name" ] && clusters+=("$name") && declare "dir_$name=${dir%/}"
done
[ ${#clusters[@]} -ge 2 ] || { log "need at least two cluster folders in $manifests"; exit 2; }

log "certificates in $run/certs"
certs=$run/certs
certs_ca "$certs"
certs_client "$certs" root root            # the admin: agents write their own cluster with it
certs_client "$certs" remote remote        # the read-only user of every remote cluster

for c in "${clusters[@]}"; do
  read -r port peer < <(free_ports 2)
  certs_server "$certs" "etcd-$c"
  mkdir -p "$run/$c/clustermesh"
  etcd --name="$c" --data-dir="$run/$c/etcd" --logger=zap --log-level=error \
    --listen-client-urls="https://127.0.0.1:$port" --advertise-client-urls="https://127.0.0.1:$port" \
    --listen-peer-urls="http://127.0.0.1:$peer" --initial-advertise-peer-urls="http://127.0.0.1:$peer" \
    --initial-cluster="$c=http://127.0.0.1:$peer" --initial-cluster-state=new \
    --client-cert-auth --trusted-ca-file="$certs/ca.crt" --cert-file="$certs/etcd-$c.crt" --key-file="$certs/etcd-$c.key" \
    >"$run/$c/etcd.log" 2>&1 &
  etcds+=($!)
  declare "endpoint_$c=https://127.0.0.1:$port"
done

for c in "${clusters[@]}"; do
  endpoint_var=endpoint_$c endpoint=${!endpoint_var}
  for _ in $(seq 150); do
    ETCDCTL_API=3 etcdctl --endpoints="$endpoint" --cacert="$certs/ca.crt" --cert="$certs/root.crt" --key="$certs/root.key" \
      endpoint health >/dev/null 2>&1 && break
    sleep 0.2
  done
  "$root/eng/etcd-readonly-user.sh" "$endpoint" "$certs/ca.crt" "$certs/root.crt" "$certs/root.key" remote >/dev/null \
    || { cat "$run/$c/etcd.log" >&2; log "etcd of $c did not come up at $endpoint"; exit 1; }
  log "etcd of $c at $endpoint (mTLS, read-only user 'remote' for remote clusters)"
  printf 'endpoints:\n- %s\ntrusted-ca-file: %s\ncert-file: %s\nkey-file: %s\n' \
    "$endpoint" "$certs/ca.crt" "$certs/root.crt" "$certs/root.key" >"$run/$c/etcd-config.yaml"
  for r in "${clusters[@]}"; do
    [ "$r" = "$c" ] && continue
    remote_var=endpoint_$r
    printf 'endpoints:\n- %s\ntrusted-ca-file: %s\ncert-file: %s\nkey-file: %s\n' \
      "${!remote_var}" "$certs/ca.crt" "$certs/remote.crt" "$certs/remote.key" >"$run/$c/clustermesh/$r"
  done
done

statuses=()
for c in "${clusters[@]}"; do
  dir_var=dir_$c
  for n in $(node_names "${!dir_var}"); do
    agent run --manifests "$manifests" --cluster "$c" --node "$n" --kvstore-config "$run/$c/etcd-config.yaml" \
      --clustermesh-config "$run/$c/clustermesh" --status-file "$run/$c/$n.status.json" --log-level Information >"$run/$c/$n.log" 2>&1 &
    agents+=($!)
    statuses+=("$run/$c/$n.status.json")
    log "agent $c/$n (pid $!)"
  done
done

log "waiting for ${#statuses[@]} agents to report ready"
ready=0
for _ in $(seq 600); do
  ready=1
  for s in "${statuses[@]}"; do grep -q '"ready": true' "$s" 2>/dev/null || { ready=0; break; }; done
  [ "$ready" -eq 1 ] && break
  for pid in "${agents[@]}"; do kill -0 "$pid" 2>/dev/null || { ready=0; break 2; }; done
  sleep 0.2
done
if [ "$ready" -ne 1 ]; then
  log "not every agent got ready; their logs and status:"
  for c in "${clusters[@]}"; do tail -n 20 "$run/$c"/*.log "$run/$c"/*.status.json 2>/dev/null >&2 || true; done
fi

failed=0
for c in "${clusters[@]}"; do
  dir_var=dir_$c
  echo "== troubleshoot of $c =="
  (agent troubleshoot --clustermesh-config "$run/$c/clustermesh" --cluster-name "$c" \
    --cluster-id "$(config_field "${!dir_var}" cluster-id)" --timeout 00:00:30) || failed=1
done

if [ "$check" -eq 1 ]; then
  [ "$failed" -eq 0 ] && [ "$ready" -eq 1 ] && { log "check passed: every cluster is ready"; exit 0; }
  log "check FAILED"
  exit 1
fi

log "mesh is up: configs and logs in $run; Ctrl-C stops everything"
for c in "${clusters[@]}"; do
  dir_var=dir_$c
  log "  troubleshoot: dotnet $dll troubleshoot --clustermesh-config $run/$c/clustermesh --cluster-name $c --cluster-id $(config_field "${!dir_var}" cluster-id)"
done
# Returns when an agent exits on its own (then everything is stopped) or on Ctrl-C / SIGTERM.
wait -n "${agents[@]}" || true
log "an agent exited; stopping the mesh"
exit 1
