"""`baocao run --cluster`: the same tables from a real Dask scheduler and workers on localhost."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLES

from baocao.pipelines.cli import main

pytest.importorskip("distributed")
DASK = Path(sys.executable).parent / "dask"


def _tables(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.glob("*.csv"))}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler and two workers (one thread each, with nannies that restart a lost worker)."""
    folder = tmp_path_factory.mktemp("dask")
    address_file = folder / "scheduler.json"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    processes = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                   "--scheduler-file", str(address_file)], cwd=folder, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    deadline = time.monotonic() + 60
    while not address_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert address_file.exists(), "the scheduler did not start"
    for _ in range(2):
        processes.append(subprocess.Popen([str(DASK), "worker", "--scheduler-file", str(address_file), "--nthreads", "1",
                                           "--no-dashboard", "--memory-limit", "2GiB"], cwd=folder, env=env,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    address = json.loads(address_file.read_text())["address"]
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(2, timeout=120)
    yield address, processes
    for process in reversed(processes):
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_the_cluster_gives_the_same_tables_as_a_local_run(tmp_path, cluster):
    address, _ = cluster
    local, remote = tmp_path / "local", tmp_path / "remote"
    common = ["--ocr", "never", "--quiet"]
    assert CliRunner().invoke(main, ["run", str(SAMPLES), "--out", str(local), *common]).exit_code == 0
    result = CliRunner().invoke(main, ["run", str(SAMPLES), "--out", str(remote), "--cluster", address, *common])
    assert result.exit_code == 0, result.output
    assert _tables(remote) == _tables(local)
    # The per-document cache works as locally: a second run reads nothing again.
    again = CliRunner().invoke(main, ["run", str(SAMPLES), "--out", str(remote), "--cluster", address, "--ocr", "never"])
    assert "unchanged and skipped" in again.output and "pages read" not in again.output


def test_a_scans_pages_are_tasks_of_their_own_spread_over_the_workers(tmp_path, cluster):
    """One scanned document: its OCR pages run as page tasks on both workers; the tables are a local run's."""
    from distributed import Client, get_task_stream

    address, _ = cluster
    scan = SAMPLES / "scanned" / "quyet-dinh-khen-thuong-2023-scan.pdf"
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert CliRunner().invoke(main, ["run", str(scan), "--out", str(local), "--quiet"]).exit_code == 0
    with Client(address, timeout=60) as client, get_task_stream(client=client) as stream:
        result = CliRunner().invoke(main, ["run", str(scan), "--out", str(remote), "--cluster", address, "--quiet"])
    assert result.exit_code == 0, result.output
    assert _tables(remote) == _tables(local)
    pages = [task for task in stream.data if str(task["key"]).startswith("baocao-page-")]
    assert len(pages) == 3  # every page of the scan needs OCR
    assert len({task["worker"] for task in pages}) == 2


def test_a_long_documents_page_ranges_are_tasks_of_their_own(tmp_path, cluster):
    """A 60-page text document is read as page ranges on both workers; the tables are a local run's."""
    import pikepdf
    from distributed import Client, get_task_stream

    from baocao.extract.reader import RANGE_PAGES

    address, _ = cluster
    long = pikepdf.new()
    with pikepdf.open(SAMPLES / "lang-son-2019-bao-cao.pdf") as part:
        while len(long.pages) < 60:
            long.pages.extend(part.pages)
    inputs = tmp_path / "in"
    inputs.mkdir()
    long.save(inputs / "long.pdf")
    pages = len(long.pages)
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert CliRunner().invoke(main, ["run", str(inputs), "--out", str(local), "--ocr", "never", "-q"]).exit_code == 0
    with Client(address, timeout=60) as client, get_task_stream(client=client) as stream:
        result = CliRunner().invoke(main, ["run", str(inputs), "--out", str(remote), "--cluster", address,
                                           "--ocr", "never", "-q"])
    assert result.exit_code == 0, result.output
    assert _tables(remote) == _tables(local)
    ranges = [task for task in stream.data if str(task["key"]).startswith("baocao-range-")]
    assert len(ranges) == -(-pages // RANGE_PAGES)
    assert len({task["worker"] for task in ranges}) == 2


def test_a_worker_lost_mid_batch_loses_nothing(tmp_path, cluster):
    address, processes = cluster
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(8):
        shutil.copy(SAMPLES / "lang-son-2019-bao-cao.pdf", inputs / f"doc{n}.pdf")
        with open(inputs / f"doc{n}.pdf", "ab") as handle:
            handle.write(b"\n%% copy %d\n" % n)
    out = tmp_path / "out"
    run = subprocess.Popen([sys.executable, "-m", "baocao.pipelines.cli", "run", str(inputs), "--out", str(out),
                            "--cluster", address, "--ocr", "never", "-q"], cwd=ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not list((out / ".baocao" / "docs").glob("*.json")) and time.monotonic() < deadline:
        time.sleep(0.05)
    # Kill one worker process (its nanny starts another): its task runs again elsewhere.
    nanny = processes[1].pid
    workers = subprocess.run(["pgrep", "-P", str(nanny)], capture_output=True, text=True).stdout.split()
    for pid in workers:
        os.kill(int(pid), signal.SIGKILL)
    _, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    with open(out / "documents.csv", encoding="utf-8") as handle:
        assert handle.read().count(",ok,") == 8


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["run", str(SAMPLES / "cong-van-khong-chu-thich.pdf"), "--out", str(tmp_path),
                                       "--cluster", "tcp://127.0.0.1:9", "--ocr", "never"])
    assert result.exit_code == 1 and "cannot reach the Dask scheduler" in result.output


def test_a_document_past_the_time_limit_gets_an_error_row_and_the_cluster_goes_on(tmp_path, cluster):
    """The time limit holds on the cluster: the worker reading a document past it is restarted, the
    document gets the local run's error row, the others are read."""
    from distributed import Client

    from hostile import _PAGE, _TEXT, _pages, _stream

    address, _ = cluster
    inputs = tmp_path / "in"
    inputs.mkdir()
    # One page referenced 20,000 times: about 25 s in one process, still several times the limit when its
    # ranges are read on both workers.
    (inputs / "slow.pdf").write_bytes(_pages([b"5 0 R"] * 20000, [_PAGE % b"6 0 R", _stream(_TEXT)]))
    shutil.copy(SAMPLES / "cong-van-khong-chu-thich.pdf", inputs / "quick.pdf")
    out = tmp_path / "out"
    started = time.monotonic()
    result = CliRunner().invoke(main, ["run", str(inputs), "--out", str(out), "--cluster", address, "--ocr", "never",
                                       "--timeout", "3", "--quiet"])
    with open(out / "documents.csv", encoding="utf-8", newline="") as handle:
        rows = {row["source_file"].rsplit("/", 1)[-1]: row for row in csv.DictReader(handle)}
    assert result.exit_code == 1, (result.output, rows)  # some document failed
    assert time.monotonic() - started < 60
    assert rows["quick.pdf"]["status"] == "ok"
    assert rows["slow.pdf"]["status"] == "error"
    assert rows["slow.pdf"]["error"] == "took longer than the time limit (3 s; --timeout)"
    with Client(address, timeout=60) as client:  # the restarted worker is back
        client.wait_for_workers(2, timeout=120)
