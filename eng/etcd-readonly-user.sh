#!/usr/bin/env bash
# Turns on etcd authentication with a read-only user for ClusterMesh remotes: the user may only read keys under
# a prefix (default "cilium/"), as a remote cluster's agents should. Run it once per etcd cluster as its admin.
#
#   eng/etcd-readonly-user.sh ENDPOINT CACERT CERT KEY USER [PASSWORD] [PREFIX]
#
# CERT/KEY authenticate the admin: with --client-cert-auth etcd takes the certificate's common name as the user,
# so the admin certificate must have CN=root. USER may log in with PASSWORD, or with a client certificate whose
# CN is USER (then PASSWORD only satisfies etcd 3.4, which requires one). The root user gets the root role first:
# etcd refuses to enable authentication otherwise.
set -euo pipefail
if [ $# -lt 5 ]; then
  sed -n '2,11p' "$0" >&2
  exit 2
fi

endpoint=$1 cacert=$2 cert=$3 key=$4 user=$5
password=${6:-$(head -c 18 /dev/urandom | base64)}
prefix=${7:-cilium/}
role="${user}-readonly"

ctl() { ETCDCTL_API=3 etcdctl --endpoints="$endpoint" --cacert="$cacert" --cert="$cert" --key="$key" "$@"; }
# Creating what exists already is fine: the script can run again.
exists_ok() { out=$("$@" 2>&1) || { grep -q "already exists" <<<"$out" || { echo "$out" >&2; return 1; }; }; }

exists_ok ctl user add root --new-user-password="$(head -c 18 /dev/urandom | base64)"
exists_ok ctl user grant-role root root
exists_ok ctl role add "$role"
ctl role grant-permission "$role" --prefix=true read "$prefix" >/dev/null
exists_ok ctl user add "$user" --new-user-password="$password"
ctl user grant-role "$user" "$role" >/dev/null
ctl auth enable >/dev/null
echo "user $user may read ${prefix}* (role $role); authentication enabled"
