#!/usr/bin/env bash
# Fails when a lower layer includes something only a higher layer may use.
# Debian puts every header in /usr/include, so a wrong include would still compile.
set -u
root=${1:-.}
status=0
check() {  # check FOLDER PATTERN WHY
  local hits
  hits=$(grep -rnE "#include [<\"]($2)" "$root/$1" --include='*.h' --include='*.cc' 2>/dev/null)
  if [ -n "$hits" ]; then
    printf '%s\n' "$hits" | sed "s|^|layering: $1 may not include ($3): |"
    status=1
  fi
}
check detectors 'rules/|daemon/|client/|boost/(asio|beast|json)|rocksdb/|spdlog/|yaml-cpp/|CLI/|curl/|openssl/|iostream|fstream|random_device' 'no I/O, logging, storage or higher layers in detectors'
check rules 'daemon/|client/|boost/(asio|beast)|rocksdb/|spdlog/|curl/|CLI/' 'no sockets, storage or logging in rules'
check daemon 'client/' 'the daemon does not depend on the client'
check client 'daemon/|rocksdb/' 'the client talks HTTP, it never links the daemon'
[ $status -eq 0 ] && echo "layering: ok"
exit $status
