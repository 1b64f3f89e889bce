"""Shared helpers: the `lectio` binary (for parity with the CLI) and the repository root."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def cli():
    """Run the CLI (LECTIO_BIN, else target/release/lectio); returns stdout as bytes."""
    binary = os.environ.get("LECTIO_BIN") or str(ROOT / "target" / "release" / "lectio")
    if not Path(binary).is_file():
        pytest.fail(f"the lectio binary is missing at {binary}: cargo build --release first")

    def run(*args, cwd=None, ok=(0, 1)):
        p = subprocess.run(
            [binary, "--color", "never", *map(str, args)],
            cwd=cwd or ROOT,
            capture_output=True,
        )
        assert p.returncode in ok, p.stderr.decode()
        return p.stdout

    return run


@pytest.fixture(scope="session")
def cli_error(cli):
    """Run the CLI expecting failure; returns (exit code, standard error as text)."""
    binary = os.environ.get("LECTIO_BIN") or str(ROOT / "target" / "release" / "lectio")

    def run(*args, cwd=None):
        p = subprocess.run(
            [binary, "--color", "never", *map(str, args)],
            cwd=cwd or ROOT,
            capture_output=True,
        )
        assert p.returncode not in (0, 1), p.stdout.decode()
        return p.returncode, p.stderr.decode()

    return run


@pytest.fixture(scope="session")
def letter(cli):
    """The shipped letter's English versions, from the repository's edition store."""
    refs = ["politburo-1932/en-marxists@1", "politburo-1932/en-marxists@2",
            "politburo-1932/en-emended@1"]
    return {r.split("/")[1]: cli("--store", ROOT / "editions", "cat", r).decode() for r in refs}
