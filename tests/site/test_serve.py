"""`opsbook site serve` rebuilds the site when a runbook's YAML changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import AT_ISO, copy_example


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body: bytes = response.read()
            return body.decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    page = None
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and text in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {text!r}; last page: {(page or '')[:300]!r}")


@pytest.mark.slow
def test_serve_rebuilds_when_a_runbook_changes(tmp_path: Path) -> None:
    ws = copy_example(tmp_path / "ws")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "opsbook.cli.entry", "site", "serve", "--root", str(ws)]
    server = subprocess.Popen(
        [*command, "--dev-addr", f"127.0.0.1:{port}", "--at", AT_ISO],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        url = f"http://127.0.0.1:{port}/runbooks/profit-aggregate.html"
        wait_for(url, "Profit – Aggregate")
        runbook = ws / "runbooks" / "profit-aggregate.yaml"
        text = runbook.read_text(encoding="utf-8")
        runbook.write_text(
            text.replace("title: Profit – Aggregate", "title: Profit – Aggregate (edited)"),
            encoding="utf-8",
        )
        page = wait_for(url, "Profit – Aggregate (edited)")
        assert "Bob Smith" in page
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stderr is not None:
            server.stderr.close()
