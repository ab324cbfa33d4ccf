#!/usr/bin/env bash
# Certificate helpers for local etcd with mutual TLS (sourced by eng/mesh-up.sh). Everything is written below the
# directory given, with EC P-256 keys, valid for 7 days: a private CA, server certificates for 127.0.0.1 and
# localhost, and client certificates whose common name is the etcd user they log in as (etcd takes the CN as the
# user name with --client-cert-auth).
#
#   certs_ca DIR                 -> DIR/ca.crt DIR/ca.key
#   certs_server DIR NAME        -> DIR/NAME.crt DIR/NAME.key   (serverAuth, SAN IP:127.0.0.1, DNS:localhost)
#   certs_client DIR NAME CN     -> DIR/NAME.crt DIR/NAME.key   (clientAuth, subject CN=CN)

_certs_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

certs_ca() {
  local dir=$1
  mkdir -p "$dir"
  _certs_key "$dir/ca.key"
  openssl req -x509 -new -key "$dir/ca.key" -sha256 -days 7 -subj "/CN=clustermesh-dev-ca" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$dir/ca.crt" 2>/dev/null
}

# _certs_sign DIR NAME CN EXTENSIONS: a key and a certificate signed by DIR/ca.
_certs_sign() {
  local dir=$1 name=$2 cn=$3 extensions=$4
  _certs_key "$dir/$name.key"
  openssl req -new -key "$dir/$name.key" -subj "/CN=$cn" -out "$dir/$name.csr" 2>/dev/null
  printf '%b' "$extensions" >"$dir/$name.ext"
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -sha256 -days 7 \
    -extfile "$dir/$name.ext" -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/$name.csr" "$dir/$name.ext"
  chmod 600 "$dir/$name.key"
}

certs_server() {
  _certs_sign "$1" "$2" "$2" \
    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n"
}

certs_client() {
  _certs_sign "$1" "$2" "$3" \
    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n"
}
