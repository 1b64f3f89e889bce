#!/usr/bin/env bash
# The Python binding's tests (issue #20): a fresh virtual environment, `pip install ./python`
# (maturin builds the abi3 wheel), then `python -m pytest python/tests`. The tests compare
# with the CLI byte for byte, so the release binary is built first. Shares the repository's
# target/ so that the library's dependencies are not compiled twice.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
venv="${LECTIO_PY_VENV:-$root/target/py-venv}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
cargo build --release --locked --bin lectio
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade maturin pytest mypy
"$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps ./python
export LECTIO_BIN="$CARGO_TARGET_DIR/release/lectio"
# Run from outside python/ so that the installed package, not the source tree, is imported.
"$venv/bin/python" -m pytest python/tests "$@"
