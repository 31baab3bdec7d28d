"""The benchmark runner's process timing and its verdicts (benchmarks/_process.py, _report.py)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import _process  # noqa: E402
import _report  # noqa: E402


def test_a_run_past_the_timeout_is_killed_with_its_children(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    start = time.perf_counter()
    run = _process.run_process(["sh", "-c", f"sleep 60 & echo $! > {pid_file}; wait"], timeout=1.0)
    assert run.timed_out and time.perf_counter() - start < 10
    child = int(pid_file.read_text())
    time.sleep(0.2)
    assert not Path(f"/proc/{child}").exists() or "Z" in _state(child)


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().split()[2]


def test_exit_code_stderr_and_peak_rss_of_the_process_itself() -> None:
    run = _process.run_process(
        [sys.executable, "-c", "import sys; b = b'x' * 80_000_000; sys.exit('no: 3')"],
        timeout=60,
    )
    assert run.code == 1 and "no: 3" in run.stderr and not run.timed_out
    assert 80_000 <= run.rss_kib < 80_000 + 60_000  # the 80 MB, not this test process's memory
    small = _process.run_process([sys.executable, "-c", "pass"], timeout=60)
    if _process.GNU_TIME is not None:
        assert small.rss_kib < 40_000


def test_a_timed_out_baseline_decides_a_target_only_as_a_bound() -> None:
    def result(tool: str, times: list[float], timed_out: float | None = None) -> _report.Result:
        return _report.Result("validate", tool, "10k", [], times=times, timed_out=timed_out)

    mbx = result("mbx", [10.0, 12.0, 11.0])
    assert mbx.median == 11.0 and mbx.best == 10.0
    ctx = _report.TargetContext({}, None, None, {})
    faster_than_slow = [mbx, result("pyshacl", [], timed_out=300), result("jena", [9.0])]
    verdicts = {v.target: v for v in _report.targets(faster_than_slow, ctx)}
    assert verdicts["validate at 10k ≥ 10× faster than pyshacl"].status == "met"  # > 27×
    assert verdicts["validate at 10k no slower than Jena SHACL"].status == "missed"  # 1.22×
    assert verdicts["validate at 100k no slower than Jena SHACL"].status == "not measured"
    too_close = [mbx, result("pyshacl", [], timed_out=60), result("jena", [20.0])]
    verdicts = {v.target: v for v in _report.targets(too_close, ctx)}
    assert verdicts["validate at 10k ≥ 10× faster than pyshacl"].status == "not measured"
    assert verdicts["validate at 10k no slower than Jena SHACL"].status == "met"
