"""Throughput of `baocao run --cluster` with 1 and 2 local Dask workers, against a local run.

    python benchmarks/bench_cluster.py [PDF or folder ...]   # default: the text PDFs of samples/ and ../shared/corpus/dev

Starts a scheduler and workers (one thread each) on localhost, as the README says to, reads the same text
PDFs (OCR off) with each, and prints pages per second; then stops them.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_speed import text_pdfs  # noqa: E402

from baocao.pipelines.batch import run_batch  # noqa: E402

DASK = str(Path(sys.executable).parent / "dask")


def start(folder: Path, workers: int) -> tuple[str, list[subprocess.Popen]]:
    address_file = folder / "scheduler.json"
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder)
    processes = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                   "--scheduler-file", str(address_file)], **quiet)]
    while not address_file.exists():
        time.sleep(0.2)
    for _ in range(workers):
        processes.append(subprocess.Popen([DASK, "worker", "--scheduler-file", str(address_file), "--nthreads", "1",
                                           "--no-dashboard"], **quiet))
    address = json.loads(address_file.read_text())["address"]
    from distributed import Client

    with Client(address) as client:
        client.wait_for_workers(workers, timeout=120)
    return address, processes


def stop(processes: list[subprocess.Popen]) -> None:
    for process in reversed(processes):
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def main(argv: list[str]) -> None:
    paths = [Path(p) for p in argv] or [p for p in (ROOT / "samples", ROOT.parent / "shared" / "corpus" / "dev")
                                        if p.exists()]
    files = [path for path, _ in text_pdfs(paths)]
    with tempfile.TemporaryDirectory() as out:
        run_batch(files[:1], out, force=True, ocr="never")  # the local workers' fork server, started
    with tempfile.TemporaryDirectory() as out:
        local = run_batch(files, out, force=True, ocr="never")
    print(f"{len(files)} text PDFs, {local.pages} pages")
    print(f"local, 1 job:       {local.pages_per_second:5.1f} pages/s")
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as folder:
            address, processes = start(Path(folder), workers)
            try:
                with tempfile.TemporaryDirectory() as out:
                    run_batch(files[:2], out, force=True, ocr="never", cluster=address)  # workers warm
                with tempfile.TemporaryDirectory() as out:
                    summary = run_batch(files, out, force=True, ocr="never", cluster=address)
            finally:
                stop(processes)
        print(f"cluster, {workers} worker{'s' if workers > 1 else ' '}: {summary.pages_per_second:5.1f} pages/s")


if __name__ == "__main__":
    main(sys.argv[1:])
