#!/usr/bin/env python3
"""The benchmark behind `make bench` and `make bench-quick`.

Fills a fresh database with the release binary's `bench-data`, serves it, saves the HTML
of one policy page and serves that file with nginx as the physical limit, then loads
every page and the static copy with the same clients in one run: wrk at full speed for
requests/s, and oha at a fixed rate (half of each page's peak) for latency. Pages are
measured with the page cache on, then again with it off. Prints one Markdown table and
the facts under it (import, cold start, peak RSS, JS+wasm a public page downloads,
Lighthouse performance), and writes them to $BENCH_DIR/results.md.

Settings come from the environment (the Makefile passes them):
  BENCH_BIN        the release `jiedu` binary (required)
  LEPTOS_SITE_ROOT the built site (required)
  BENCH_POLICIES   policies to generate (100000)
  BENCH_BODY_CHARS characters of body text per policy (2000)
  BENCH_SECONDS    seconds of load per measurement (10)
  BENCH_DIR        working directory, emptied first (~/.cache/jiedu/bench)
  BENCH_LIGHTHOUSE 0 to skip Lighthouse (1)
"""

import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

APP = "127.0.0.1:3100"
STATIC = "127.0.0.1:3101"
CONNECTIONS = 32
POLICY = "bench-000050"  # a major policy: plan, interpretations, Q&A
PAGES = [
    ("home", "/"),
    ("library, one unit", "/policies?unit=czj"),
    ("policy", f"/policies/{POLICY}"),
    ("interpretation", f"/interpretations/{POLICY}-a1"),
]
LIGHTHOUSE_VERSION = "12.2.3"


def env(name, default=None):
    value = os.environ.get(name, "")
    if value:
        return value
    if default is None:
        sys.exit(f"bench: {name} must be set")
    return default


BIN = env("BENCH_BIN")
SITE_ROOT = env("LEPTOS_SITE_ROOT")
POLICIES = int(env("BENCH_POLICIES", "100000"))
BODY_CHARS = int(env("BENCH_BODY_CHARS", "2000"))
SECONDS = int(env("BENCH_SECONDS", "10"))
WORK = Path(env("BENCH_DIR", str(Path.home() / ".cache/jiedu/bench")))
LIGHTHOUSE = env("BENCH_LIGHTHOUSE", "1") != "0"


CHILDREN = []


def stop_children():
    """Whatever happens, no server or nginx outlives the run."""
    for process in CHILDREN:
        if process.poll() is None:
            process.kill()
            process.wait()


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read()


def server_env(cache_mb):
    return dict(
        os.environ,
        JIEDU_DB=f"surrealkv://{WORK / 'db'}",
        JIEDU_FILES=str(WORK / "files"),
        JIEDU_PAGE_CACHE_MB=str(cache_mb),
        LEPTOS_SITE_ADDR=APP,
        LEPTOS_SITE_ROOT=SITE_ROOT,
        RUST_LOG="warn",
    )


def import_data():
    log(f"filling a fresh database with {POLICIES} policies")
    started = time.monotonic()
    subprocess.run(
        [BIN, "bench-data", "--policies", str(POLICIES), "--body-chars", str(BODY_CHARS)],
        env=server_env(0),
        check=True,
    )
    return time.monotonic() - started


class Server:
    """The app, started on the benchmark database; `cold_ms` is the time from the
    process start to its first page."""

    def __init__(self, cache_mb):
        self.log = open(WORK / f"server-cache-{cache_mb}.log", "w")
        free_port(APP)
        started = time.monotonic()
        self.process = subprocess.Popen(
            [BIN, "serve"], env=server_env(cache_mb), stdout=self.log, stderr=self.log
        )
        CHILDREN.append(self.process)
        while True:
            if self.process.poll() is not None:
                sys.exit(f"bench: the server stopped; see {self.log.name}")
            # A store that was not closed cleanly replays its whole log first (minutes at
            # 100k; see docs/BENCHMARKS.md); bench-data closes it, so this is a backstop.
            if time.monotonic() - started > 900:
                sys.exit(f"bench: no page after 900 s; see {self.log.name}")
            try:
                if fetch(f"http://{APP}/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.01)
        self.cold_ms = (time.monotonic() - started) * 1000

    def busy_percent(self, seconds=3.0):
        """CPU the idle server uses (before any load): the database's background work."""
        def cpu_seconds():
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

        before = cpu_seconds()
        time.sleep(seconds)
        return (cpu_seconds() - before) / seconds * 100

    def peak_rss_mb(self):
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kb = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))
        return kb / 1024

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


class Nginx:
    """nginx serving the saved page from a folder of its own."""

    def __init__(self):
        # Under /tmp, readable by nginx's worker user (the work folder may be private).
        root = Path(tempfile.mkdtemp(prefix="jiedu-bench-nginx-"))
        root.chmod(0o755)
        for sub in ["html", "temp"]:
            (root / sub).mkdir(parents=True, exist_ok=True)
            (root / sub).chmod(0o755)
        conf = root / "nginx.conf"
        conf.write_text(
            f"""
worker_processes 2;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path {root}/temp;
    proxy_temp_path {root}/temp;
    fastcgi_temp_path {root}/temp;
    uwsgi_temp_path {root}/temp;
    scgi_temp_path {root}/temp;
    types {{ text/html html; }}
    server {{
        listen {STATIC};
        root {root}/html;
    }}
}}
"""
        )
        self.root = root
        free_port(STATIC)
        self.process = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(root)])
        CHILDREN.append(self.process)
        for _ in range(200):
            try:
                fetch(f"http://{STATIC}/")
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.02)

    def publish(self, name, body):
        path = self.root / "html" / name
        path.write_bytes(body)
        path.chmod(0o644)
        status, served = fetch(f"http://{STATIC}/{name}")
        if status != 200 or served != body:
            sys.exit(f"bench: nginx does not serve {path}; see {self.root}/error.log")

    def stop(self):
        self.process.send_signal(signal.SIGQUIT)
        self.process.wait(timeout=30)
        shutil.rmtree(self.root, ignore_errors=True)


def free_port(address):
    """Stops the run if something already listens where a server is to start."""
    try:
        fetch(f"http://{address}/")
    except urllib.error.HTTPError:
        pass
    except OSError:
        return
    sys.exit(f"bench: {address} is in use; stop what listens there first")


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    factor = {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
    return float(number) * factor


def wrk(url):
    """Full speed: requests/s, p50 and p99 in ms."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        sys.exit(f"bench: error answers under load on {url}:\n{out}")
    if "Socket errors" in out:
        log(f"socket errors under load on {url}: {re.search(r'Socket errors.*', out).group(0)}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    return rps, p50, p99


def oha(url, rate):
    """A fixed rate: p50 and p99 in ms, and the share of requests that failed."""
    out = subprocess.run(
        [
            "oha", "--no-tui", "--output-format", "json", "-z", f"{SECONDS}s",
            "-q", str(int(rate)), "-c", str(CONNECTIONS), url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(out)
    percentiles = result["latencyPercentiles"]
    success = result["summary"]["successRate"]
    return percentiles["p50"] * 1000, percentiles["p99"] * 1000, success


def bundle_kb(path):
    """Compressed size of the JS and wasm a page names (scripts, preloads)."""
    _, html = fetch(f"http://{APP}{path}")
    assets = sorted(set(re.findall(rb"""["'](/pkg/[^"']+\.(?:js|wasm))["']""", html)))
    total = 0
    for asset in assets:
        _, body = fetch(f"http://{APP}{asset.decode()}")
        total += len(gzip.compress(body, 9))
    return total / 1024, len(assets)


def lighthouse(path):
    """Lighthouse mobile performance score of a page (0–100)."""
    prefix = Path.home() / ".cache/jiedu/lighthouse"
    cli = prefix / "node_modules/.bin/lighthouse"
    if not cli.exists():
        log(f"installing lighthouse@{LIGHTHOUSE_VERSION}")
        subprocess.run(
            ["npm", "install", "--prefix", str(prefix), f"lighthouse@{LIGHTHOUSE_VERSION}",
             "--no-audit", "--no-fund", "--loglevel=error"],
            check=True,
        )
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    flags = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
             "--disable-background-networking --disable-component-update --disable-sync")
    out = subprocess.run(
        [str(cli), f"http://{APP}{path}", "--quiet", "--output=json",
         "--only-categories=performance", f"--chrome-path={chromium}",
         f"--chrome-flags={flags}"],
        capture_output=True,
        text=True,
        env=dict(os.environ, CHROME_PATH=chromium),
    )
    if out.returncode != 0:
        log(f"lighthouse failed on {path}: {out.stderr[-500:]}")
        return None
    report = json.loads(out.stdout)
    return round(report["categories"]["performance"]["score"] * 100)


def measure(pages):
    """wrk at full speed on each page, rendered once before."""
    rows = {}
    for name, url in pages:
        fetch(url)  # rendered once, so the cache (when on) holds it
        rows[name] = wrk(url)
        log(f"  {name}: {rows[name][0]:.0f} req/s")
    return rows


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    import_s = import_data()
    nginx = Nginx()
    try:
        results = run(nginx)
    finally:
        nginx.stop()
    results.update(import_s=import_s, commit=commit)
    report(results)


def run(nginx):
    log("serving with the page cache on")
    server = Server(cache_mb=256)
    cold_ms = server.cold_ms
    idle_cpu = server.busy_percent()
    log(f"idle server uses {idle_cpu:.0f} % of a core")
    _, page = fetch(f"http://{APP}/policies/{POLICY}")
    nginx.publish("policy.html", page)
    static_url = f"http://{STATIC}/policy.html"
    urls = [(name, f"http://{APP}{path}") for name, path in PAGES]
    log("static copy")
    static = wrk(static_url)
    log(f"  static: {static[0]:.0f} req/s")
    cached = measure(urls)
    policy_url = f"http://{APP}/policies/{POLICY}"
    half_cached = cached["policy"][0] / 2
    cached_half = oha(policy_url, half_cached)
    static_half = oha(static_url, static[0] / 2)
    bundles = {name: bundle_kb(path) for name, path in PAGES}
    scores = {}
    if LIGHTHOUSE:
        for name, path in PAGES:
            log(f"lighthouse: {name}")
            scores[name] = lighthouse(path)
    rss_cached = server.peak_rss_mb()
    server.stop()

    log("serving with the page cache off")
    server = Server(cache_mb=0)
    uncached = measure(urls)
    half_uncached = uncached["policy"][0] / 2
    uncached_half = oha(policy_url, half_uncached)
    rss_uncached = server.peak_rss_mb()
    second_cold_ms = server.cold_ms
    server.stop()
    return dict(
        static=static,
        cached=cached,
        uncached=uncached,
        half=dict(
            cached=(half_cached, *cached_half),
            uncached=(half_uncached, *uncached_half),
            static=(static[0] / 2, *static_half),
        ),
        bundles=bundles,
        scores=scores,
        rss=max(rss_cached, rss_uncached),
        cold_ms=max(cold_ms, second_cold_ms),
        idle_cpu=idle_cpu,
        page_bytes=len(page),
    )


def report(r):
    machine = subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip()
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    cores = os.cpu_count()
    static_rps = r["static"][0]
    lines = [
        f"{time.strftime('%Y-%m-%d')} · commit {r['commit']} · {POLICIES} policies "
        f"({BODY_CHARS} characters each) · {SECONDS} s per load, {CONNECTIONS} connections · "
        f"{cpu}, {cores} cores · {machine}",
        "",
        "| page | req/s cached | p50 ms | p99 ms | × static | req/s uncached | p50 ms | p99 ms | × static |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, _ in PAGES:
        c, u = r["cached"][name], r["uncached"][name]
        lines.append(
            f"| {name} | {c[0]:.0f} | {c[1]:.2f} | {c[2]:.2f} | {c[0] / static_rps:.2f} "
            f"| {u[0]:.0f} | {u[1]:.2f} | {u[2]:.2f} | {u[0] / static_rps:.2f} |"
        )
    s = r["static"]
    lines.append(f"| static copy (nginx) | {s[0]:.0f} | {s[1]:.2f} | {s[2]:.2f} | 1.00 | | | | |")
    lines += [
        "",
        "| policy page at half of peak | rate req/s | p50 ms | p99 ms | success |",
        "|---|---|---|---|---|",
    ]
    for name in ["cached", "uncached", "static"]:
        rate, p50, p99, ok = r["half"][name]
        label = "static copy" if name == "static" else name
        lines.append(f"| {label} | {rate:.0f} | {p50:.2f} | {p99:.2f} | {ok * 100:.1f} % |")
    lines += [
        "",
        f"- import: {r['import_s']:.1f} s for {POLICIES} policies "
        f"({POLICIES / r['import_s']:.0f} policies/s)",
        f"- cold start (process start to first page): {r['cold_ms']:.0f} ms",
        f"- server peak RSS: {r['rss']:.0f} MB",
        f"- CPU the server used while idle, before the loads: {r['idle_cpu']:.0f} % of a core "
        "(the database's background work, e.g. full-text index compaction after the import)",
        f"- policy page: {r['page_bytes'] / 1024:.1f} KB of HTML",
    ]
    for name, (kb, files) in r["bundles"].items():
        lines.append(f"- JS+wasm downloaded by {name}: {kb:.1f} KB compressed ({files} files)")
    for name, score in r["scores"].items():
        lines.append(f"- Lighthouse {LIGHTHOUSE_VERSION} performance, {name}: {score}")
    text = "\n".join(lines)
    (WORK / "results.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    try:
        main()
    finally:
        stop_children()
