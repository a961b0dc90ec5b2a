"""The workspace lock: exclusive, waits, says so when it cannot be had."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from opsbook.errors import InputError
from opsbook.files.lock import lock_path, workspace_lock


def test_a_second_holder_waits_then_gives_up_with_a_message(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from opsbook.files.lock import workspace_lock\n"
            f"with workspace_lock(Path({str(tmp_path)!r})):\n"
            "    print('held', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        with (
            pytest.raises(InputError, match="another opsbook command"),
            workspace_lock(tmp_path, timeout=0.3),
        ):
            pass
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    # The kernel released it with the process: no stale lock.
    with workspace_lock(tmp_path, timeout=5):
        assert lock_path(tmp_path).is_file()


def test_no_lock_folder_is_made_for_a_missing_workspace(tmp_path: Path) -> None:
    with workspace_lock(tmp_path / "missing"):
        pass
    assert not (tmp_path / "missing").exists()
