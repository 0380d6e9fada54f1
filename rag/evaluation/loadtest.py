"""The load test behind `make bench-load`: start the web app on 127.0.0.1 and drive its `/ask`
API through gradio_client, as many users at once would.

Three measurements, each bounded in count and time: one user alone (the unloaded latency);
CLIENTS users asking PER_CLIENT questions each at once, while one extra user asks too (its
latency is what a newcomer sees on a busy server); and BURST requests sent at the same
moment (the queue must take them all).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.errors import RagError
from rag.evaluation.metrics import percentile

CLIENTS = 20
PER_CLIENT = 25
BURST = 100
ALONE = 25
HOST = "127.0.0.1"  # never anything but this machine
START_TIMEOUT_S = 240.0
REQUEST_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class Run:
    """What a group of requests saw: each latency (s), the errors, and the wall time."""

    latencies: tuple[float, ...]
    errors: tuple[str, ...]
    wall_s: float

    def figures(self) -> dict[str, Any]:
        """p50, p95, max (ms), answers per second and the error count."""
        ms = [s * 1000 for s in self.latencies]
        return {
            "requests": len(self.latencies) + len(self.errors),
            "answers": len(self.latencies),
            "errors": len(self.errors),
            "error_kinds": sorted(set(self.errors))[:5],
            "p50_ms": percentile(ms, 50),
            "p95_ms": percentile(ms, 95),
            "max_ms": max(ms, default=0.0),
            "answers_per_s": len(self.latencies) / self.wall_s if self.wall_s else 0.0,
        }


@contextmanager
def running_app(root: Path, data_dir: Path, corpus_dir: Path, port: int) -> Iterator[str]:
    """`python app.py` over that record on 127.0.0.1:port, stopped afterwards; yields its URL."""
    env = {
        **os.environ,
        "RAG_DATA_DIR": str(data_dir),
        "RAG_CORPUS_DIR": str(corpus_dir),
        "RAG_HOST": HOST,
        "RAG_PORT": str(port),
        "RAG_AUTH": "",
    }
    log = data_dir / "app-load.log"
    with log.open("w") as out:
        app = subprocess.Popen(
            [sys.executable, str(root / "app.py")], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://{HOST}:{port}/"
    try:
        _wait_for(url, app, log)
        yield url
    finally:
        app.terminate()
        try:
            app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait(timeout=30)


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody is listening on."""
    import socket

    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, app: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if app.poll() is not None:
            raise RagError(f"The app stopped while starting: {log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RagError(f"The app did not answer on {url} within {START_TIMEOUT_S:.0f} s.")


def _client(url: str, workers: int = 4) -> Any:
    from gradio_client import Client

    return Client(url, verbose=False, max_workers=workers, download_files=False)


def _ask(client: Any, question: str) -> Any:
    job = client.submit(question=question, api_name="/ask")
    return job.result(timeout=REQUEST_TIMEOUT_S)


def ask_in_turn(url: str, questions: Sequence[str], stop: threading.Event | None = None) -> Run:
    """One user asking the questions one after another (after the first, until `stop` is
    set: a user who arrives late still asks once)."""
    client = _client(url)
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    for question in questions:
        if stop is not None and stop.is_set() and (latencies or errors):
            break
        began = time.perf_counter()
        try:
            _ask(client, question)
            latencies.append(time.perf_counter() - began)
        except Exception as exc:  # any failure a user would see counts as an error
            errors.append(_kind(exc))
    return Run(tuple(latencies), tuple(errors), time.perf_counter() - started)


def under_load(url: str, questions: Sequence[str], clients: int, per_client: int) -> dict[str, Any]:
    """`clients` users asking `per_client` questions each at once, and one extra user asking
    while they do; the loaded users' figures and the extra user's."""
    runs: list[Run] = [Run((), (), 0.0)] * clients
    stop = threading.Event()

    def user(n: int) -> None:
        mine = [questions[(n * per_client + i) % len(questions)] for i in range(per_client)]
        runs[n] = ask_in_turn(url, mine)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(clients)]
    extra: list[Run] = []
    observer = threading.Thread(
        target=lambda: extra.append(ask_in_turn(url, list(questions)[:ALONE], stop))
    )
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # the extra user arrives once the others are busy
    observer.start()
    for thread in threads:
        thread.join(timeout=REQUEST_TIMEOUT_S * per_client)
    wall = time.perf_counter() - started
    stop.set()
    observer.join(timeout=REQUEST_TIMEOUT_S)
    loaded = Run(
        tuple(x for r in runs for x in r.latencies), tuple(x for r in runs for x in r.errors), wall
    )
    return {"loaded": loaded.figures(), "extra_user": extra[0].figures() if extra else {}}


def burst(url: str, question: str, n: int) -> dict[str, Any]:
    """n requests sent at the same moment; how many were answered, how many failed."""
    client = _client(url, workers=n)
    started = time.perf_counter()
    jobs = [
        (time.perf_counter(), client.submit(question=question, api_name="/ask")) for _ in range(n)
    ]
    latencies: list[float] = []
    errors: list[str] = []
    for began, job in jobs:
        try:
            job.result(timeout=REQUEST_TIMEOUT_S)
            latencies.append(time.perf_counter() - began)
        except Exception as exc:  # "Queue is full" and the like
            errors.append(_kind(exc))
    return Run(tuple(latencies), tuple(errors), time.perf_counter() - started).figures()


def _kind(exc: Exception) -> str:
    return f"{type(exc).__name__}: {str(exc)[:80]}"


def run_load(
    url: str,
    questions: Sequence[str],
    log: Callable[[str], None] = print,
    clients: int = CLIENTS,
    per_client: int = PER_CLIENT,
    burst_size: int = BURST,
) -> dict[str, Any]:
    """Alone, under load with an extra user, and a burst, against the app at url."""
    log(f"[load] one user, {ALONE} questions (warm-up pass first)")
    ask_in_turn(url, list(questions)[:ALONE])
    alone = ask_in_turn(url, list(questions)[:ALONE]).figures()
    log(f"[load] {clients} users x {per_client} questions, and one extra user")
    loaded = under_load(url, questions, clients, per_client)
    log(f"[load] a burst of {burst_size} requests at once")
    return {"alone": alone, **loaded, "burst": burst(url, questions[0], burst_size)}
