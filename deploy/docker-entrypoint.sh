#!/bin/sh
# Container entry point of the Gigaflow image.
# Every GIGAFLOW_<NAME>_FILE variable becomes GIGAFLOW_<NAME>, read from that file: Docker secrets
# arrive as files under /run/secrets/, and a key passed this way stays out of `docker inspect`.
# Then the gigaflow CLI runs with the container's arguments (`start`, `worker --concurrency N`,
# `webhook`, or any other command), as PID 1's child under tini so SIGTERM reaches Node.
set -eu

for file_var in $(env | sed -n 's/^\(GIGAFLOW_[A-Z0-9_]*_FILE\)=.*/\1/p'); do
  target=${file_var%_FILE}
  path=$(printenv "$file_var")
  already=$(printenv "$target" || true)
  if [ -n "$already" ]; then
    echo "gigaflow: both $target and $file_var are set; set only one" >&2
    exit 64
  fi
  if [ ! -r "$path" ]; then
    echo "gigaflow: $file_var names $path, which cannot be read" >&2
    exit 66
  fi
  # $(cat) drops trailing newlines, so `echo key > file` works as well as `printf`.
  value=$(cat "$path")
  export "$target=$value"
  unset "$file_var"
done

app_dir=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
exec node "$app_dir/host/cli/bin.ts" "$@"
