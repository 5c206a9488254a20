"""The benchmark: is the public site fast with a real archive? (`make bench`)

For each scale (1,000 and 100,000 stories by default) it
1. prepares a database of that many synthetic stories (bench/generate.py), PostgreSQL
   nr_bench_1k / nr_bench_100k by default or SQLite files under var/bench/, and keeps it
   for the next run unless the generator changed (a marker records what made it);
2. measures every page in-process (bench/inprocess.py): SQL query count and render time
   p50/p95 through the Django test client, plus EXPLAIN ANALYZE of the queries on PostgreSQL;
3. load-tests a production-configured gunicorn (DEBUG off, 2 workers) with wrk: the article
   page uncached and from the full-page cache, the front page, search, and a static file
   from the same server as the ceiling;
then prints the targets of issue #8 as MET/MISSED and writes bench/results/results.json,
bench/results/results.md and bench/results/explain-<scale>.txt.

Usage: .venv/bin/python bench/run.py [--scales 1k,100k] [--db postgres|sqlite] [--no-load]
"""

import argparse
import hashlib
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
VAR = ROOT / "var" / "bench"
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
WRK = shutil.which("wrk") or "/usr/bin/wrk"
# What the archive is made of: a change to any of these regenerates the kept databases.
GENERATOR_FILES = [
    BENCH / "generate.py",
    BENCH / "synthetic.py",
]
SEED = 8

# Issue #8 targets.
MAX_ARTICLE_QUERIES = 8
MIN_UNCACHED_RATIO = 0.10
MIN_CACHED_RATIO = 0.8
MAX_GROWTH = 1.5
MAX_SEARCH_P95_MS = 50
MAX_ADMIN_MS = 300
MAX_ADMIN_QUERIES = 10
PAGES = [
    "front",
    "article",
    "section",
    "tag",
    "author",
    "search",
    "rss_feed",
    "sitemap_page",
    "admin_list",
]


def parse_scale(text):
    text = text.strip().lower()
    if text.endswith("k"):
        return int(float(text[:-1]) * 1000)
    return int(text)


def scale_name(count):
    return f"{count // 1000}k" if count % 1000 == 0 else str(count)


def log(message=""):
    print(message, flush=True)


# Databases -----------------------------------------------------------------------------


def generator_fingerprint(count):
    digest = hashlib.sha256()
    for path in GENERATOR_FILES:
        digest.update(path.read_bytes())
    return f"generate_stories count={count} seed={SEED} source={digest.hexdigest()[:16]}"


class Postgres:
    vendor = "postgresql"

    def __init__(self, server_url):
        self.server_url = server_url.rstrip("/")

    def url(self, name):
        return f"{self.server_url}/{name}"

    def admin(self):
        import psycopg2

        connection = psycopg2.connect(self.url("postgres"), connect_timeout=5)
        connection.autocommit = True
        return connection

    def marker(self, name):
        with self.admin() as connection, connection.cursor() as cursor:
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [name],
            )
            row = cursor.fetchone()
        connection.close()
        return None if row is None else (row[0] or "")

    def recreate(self, name):
        connection = self.admin()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()

    def set_marker(self, name, text):
        connection = self.admin()
        with connection.cursor() as cursor:
            cursor.execute(f'COMMENT ON DATABASE "{name}" IS %s', [text])
        connection.close()


class Sqlite:
    vendor = "sqlite"

    def path(self, name):
        return VAR / f"{name}.sqlite3"

    def url(self, name):
        return f"sqlite:///{self.path(name)}"

    def marker(self, name):
        marker = self.path(name).with_suffix(".marker")
        if not self.path(name).exists() or not marker.exists():
            return None
        return marker.read_text()

    def recreate(self, name):
        for path in (self.path(name), self.path(name).with_suffix(".marker")):
            path.unlink(missing_ok=True)

    def set_marker(self, name, text):
        self.path(name).with_suffix(".marker").write_text(text)


def django_env(database_url, redis_db=None, **extra):
    """Production settings (DEBUG off, fail-closed) configured from the environment."""
    env = {
        **os.environ,
        "NEWSROOM_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.base",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": "http://127.0.0.1",  # required in production; only feeds/sitemaps show it
        # Plain HTTP on the loopback: no TLS terminator in front of this gunicorn.
        "HTTPS": "0",
        "STATIC_ROOT": str(VAR / "static"),
        "MEDIA_ROOT": str(VAR / "media"),
        "LOG_LEVEL": "WARNING",
        "AXES_ENABLED": "1",
        "CONN_MAX_AGE": "600",
        # Bench-only: honour ?page-cache-bypass (bench/pagecache.py).
        "PAGE_CACHE_BENCH_BYPASS": "1",
        # Setup and EXPLAIN ANALYZE at 100k run long queries; the per-query deadline for a
        # hung server is tested in tests/newsroom/test_timeouts.py, not measured here.
        "DATABASE_QUERY_TIMEOUT": "0",
    }
    env.pop("DEBUG", None)
    if redis_db is not None:
        env["REDIS_URL"] = f"{REDIS_SERVER}/{redis_db}"
    else:
        env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def manage(env, *args, quiet=False):
    completed = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=quiet,
        text=True,
    )
    if completed.returncode != 0:
        if quiet:
            sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed (exit {completed.returncode}).")
    return completed


def prepare_database(backend, count, regenerate):
    # BENCH_DB_PREFIX keeps two people's runs on one server apart.
    name = f"{os.environ.get('BENCH_DB_PREFIX', 'nr_bench')}_{scale_name(count)}"
    env = django_env(backend.url(name))
    wanted = generator_fingerprint(count)
    marker = backend.marker(name)
    if marker and marker.startswith(wanted) and not regenerate:
        log(f"== {name}: kept from an earlier run ({marker[len(wanted) :].strip()})")
        manage(env, "migrate", "--noinput", "-v0", quiet=True)
        seconds = re.search(r"seconds=([\d.]+)", marker)
        return name, {"reused": True, "seconds": float(seconds.group(1)) if seconds else None}
    log(f"== {name}: generating {count:,} stories (marker {'stale' if marker else 'absent'})")
    backend.recreate(name)
    VAR.mkdir(parents=True, exist_ok=True)
    manage(env, "migrate", "--noinput", "-v0", quiet=True)
    started = time.monotonic()
    generate = [PY, str(BENCH / "generate.py"), "--count", str(count), "--seed", str(SEED)]
    if subprocess.run(generate, cwd=ROOT, env=env).returncode != 0:
        raise SystemExit(f"bench/generate.py --count {count} failed.")
    seconds = time.monotonic() - started
    when = datetime.now(UTC).strftime("%Y-%m-%dT%H:%MZ")
    backend.set_marker(name, f"{wanted} seconds={seconds:.0f} at={when}")
    log(f"   generated in {seconds:.0f}s")
    return name, {"reused": False, "seconds": round(seconds, 1)}


# In-process render times -------------------------------------------------------------------

CHUNK = 5  # requests per turn; turns alternate between the archive sizes
MAX_REQUESTS = 40
MIN_REQUESTS = 10


class Worker:
    """bench/inprocess.py on one database: setup on start, then timings on request."""

    def __init__(self, env, out):
        self.process = subprocess.Popen(
            [PY, str(BENCH / "inprocess.py"), str(out)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        if self.process.stdout.readline().strip() != "READY":
            self.process.wait()
            raise SystemExit(f"bench/inprocess.py failed during setup ({out.name}).")
        self.setup = json.loads(out.read_text())

    def time(self, page, count):
        self.process.stdin.write(f"time {page} {count}\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit("bench/inprocess.py died while timing; see its output above.")
        return json.loads(line)

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.write("quit\n")
            self.process.stdin.close()
            self.process.wait(timeout=30)


def percentile(values, share):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def time_pages(workers, seconds_per_page):
    """Time every page, alternating turns of CHUNK requests between the archive sizes so
    that both see the same load on this shared machine; stop a page after MAX_REQUESTS or
    its time budget (but never below MIN_REQUESTS)."""
    for page in PAGES:
        taking = {c: w for c, w in workers.items() if page in w.setup["pages"]}
        if not taking:
            continue
        timings = {count: [] for count in taking}
        started = time.monotonic()
        while taking:
            for count, worker in list(taking.items()):
                answer = worker.time(page, CHUNK)
                if "error" in answer:
                    worker.setup["skipped"][page] = answer["error"]
                    del worker.setup["pages"][page]
                    del taking[count]
                    continue
                timings[count] += answer["ms"]
            done = min((len(timings[c]) for c in taking), default=0)
            over_budget = time.monotonic() - started > seconds_per_page * max(len(taking), 1)
            if done >= MAX_REQUESTS or (over_budget and done >= MIN_REQUESTS):
                break
        if not taking:
            continue
        cells = []
        for count, worker in taking.items():
            ms = timings[count]
            measured = worker.setup["pages"][page]
            measured.update(
                requests=len(ms),
                p50_ms=round(percentile(ms, 0.5), 2),
                p95_ms=round(percentile(ms, 0.95), 2),
                mean_ms=round(statistics.fmean(ms), 2),
            )
            cells.append(
                f"{scale_name(count):>5}: {measured['queries']:>2} queries, "
                f"p50 {measured['p50_ms']:7.1f} ms, p95 {measured['p95_ms']:7.1f} ms"
            )
        log(f"  {page:<13}" + "  |".join(cells) + f"  ({len(ms)} requests each)")


# Load test -------------------------------------------------------------------------------


class Gunicorn:
    def __init__(self, env, port, workers=2):
        self.port = port
        self.log_path = VAR / f"gunicorn-{port}.log"
        self.command = [
            GUNICORN,
            "newsroom.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ]
        self.env = env
        self.process = None

    def __enter__(self):
        if port_open(self.port):
            raise SystemExit(f"Port {self.port} is already in use; pass --port.")
        self.log_file = open(self.log_path, "w")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited at start; see {self.log_path}")
            try:
                status, _ = fetch(self.port, "/healthz")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer /healthz in 30s; see {self.log_path}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log_file.close()


def port_open(port):
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def fetch(port, path, headers=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wrk(port, paths, suffix, duration, connections, threads):
    paths_file = VAR / "wrk-paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    command = [
        WRK,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "2s",
        "-s",
        str(BENCH / "wrk.lua"),
        f"http://127.0.0.1:{port}",
        "--",
        str(paths_file),
    ]
    if suffix:
        command.append(suffix)
    completed = subprocess.run(command, capture_output=True, text=True)
    match = re.search(r"^BENCH_JSON (.*)$", completed.stdout, re.MULTILINE)
    if completed.returncode != 0 or not match:
        raise SystemExit(f"wrk failed:\n{completed.stdout}\n{completed.stderr}")
    raw = json.loads(match.group(1))
    errors = sum(
        raw[key]
        for key in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
    )
    return {
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "requests": raw["requests"],
        "errors": errors,
        "raw": raw,
    }


def load_test(env, port, measured, options):
    """Static ceiling first, then each page; every path is checked to answer 200 first."""
    manifest = json.loads((VAR / "static" / "staticfiles.json").read_text())
    static_path = "/static/" + manifest["paths"]["css/site.css"]
    bypass = measured["bypass_query"]
    article_paths = measured["load_paths"]["article"]
    # name, paths, query suffix, note, the X-Page-Cache state the figure claims to measure
    scenarios = [
        ("static_file", [static_path], "", "the ceiling: whitenoise in the same gunicorn", None),
        (
            "article_uncached",
            article_paths,
            bypass,
            f"{len(article_paths)} newest stories in rotation"
            + (", page cache bypassed" if bypass else ", no page cache in this build"),
            "bypass" if bypass else None,
        ),
        (
            "article_cached",
            article_paths[:1],
            "",
            "one story, served from the full-page cache",
            "hit",
        ),
        (
            "front",
            ["/"],
            "",
            "as readers get it (page cache on, when built)",
            "hit" if measured["page_cache_installed"] else None,
        ),
        (
            "search",
            measured["load_paths"]["search"],
            bypass,
            f"{len(measured['load_paths']['search'])} queries in rotation, page cache bypassed",
            "bypass" if bypass else None,
        ),
    ]
    # The static file again at the end: the machine is shared, so the ceiling is the mean of
    # a measurement before and after the pages.
    scenarios.append(
        ("static_file_after", [static_path], "", "the ceiling again, after the pages", None)
    )
    results = {}
    with Gunicorn(env, port):
        for name, paths, suffix, note, expect in scenarios:
            if name == "article_cached" and not measured["page_cache_installed"]:
                results[name] = {"skipped": "no full-page cache middleware in this build"}
                log(f"  {name:<17} SKIPPED: no full-page cache middleware in this build")
                continue
            if name == "search" and "search" not in measured["pages"]:
                reason = measured["skipped"].get("search", "search page not measured")
                results[name] = {"skipped": reason}
                log(f"  {name:<17} SKIPPED: {reason}")
                continue
            problem = preflight(port, paths, suffix, expect)
            if problem:
                results[name] = {"skipped": f"REFUSED: {problem}"}
                log(f"  {name:<17} REFUSED: {problem}")
                continue
            if expect:
                note += f" (X-Page-Cache: {expect})"
            # A short warm-up: connections, worker imports, the database's own caches.
            wrk(port, paths, suffix, 2, options.connections, options.threads)
            result = wrk(
                port, paths, suffix, options.duration, options.connections, options.threads
            )
            result.update(
                path=paths[0], paths=len(paths), note=note, load_average=os.getloadavg()[0]
            )
            results[name] = result
            log(
                f"  {name:<17} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.2f} ms  "
                f"p99 {result['p99_ms']:7.2f} ms  errors {result['errors']:>4}  "
                f"(load {result['load_average']:.1f})  {note}"
            )
    ceiling = (results["static_file"]["rps"] + results["static_file_after"]["rps"]) / 2
    for result in results.values():
        if "rps" in result:
            result["ratio_to_static"] = round(result["rps"] / ceiling, 3)
    results["ceiling_rps"] = round(ceiling, 1)
    log(f"  static ceiling {ceiling:.0f} req/s (mean of before and after)")
    for name, result in results.items():
        if (
            isinstance(result, dict)
            and "ratio_to_static" in result
            and not name.startswith("static")
        ):
            log(f"  {name:<17} x{result['ratio_to_static']:.3f} of the static ceiling")
    return results


def preflight(port, paths, suffix, expect=None):
    """Why the figure would not measure what it claims (None if it would): every path must
    answer 200 and, when `expect` is given, say X-Page-Cache: `expect` (a hit on the second
    request, after the first filled the cache)."""
    for path in paths:
        url = path if not suffix else f"{path}{'&' if '?' in path else '?'}{suffix}"
        status, headers = fetch(port, url)
        if expect == "hit" and status == 200:
            status, headers = fetch(port, url)
        if status != 200:
            return f"{path} answered {status}, not 200"
        state = headers.get("X-Page-Cache", "absent")
        if expect and state != expect:
            return f"{url} answered X-Page-Cache: {state}, not {expect}"
    return None


# Report ----------------------------------------------------------------------------------


def evaluate(scales, vendor):
    """Issue #8's targets, each MET, MISSED (with the measured figure) or SKIPPED (why)."""
    targets = []

    def add(name, status, measured, reason=""):
        targets.append({"target": name, "status": status, "measured": measured, "reason": reason})

    largest = max(scales, key=int)
    smallest = min(scales, key=int)
    big, small = scales[largest], scales[smallest]
    big_name = scale_name(int(largest))

    for key, scale in sorted(scales.items(), key=lambda item: int(item[0])):
        sweep = scale["inprocess"].get("article_query_sweep", [])
        label = scale_name(int(key))
        if not sweep:
            add(
                f"article page <= {MAX_ARTICLE_QUERIES} queries ({label})",
                "SKIPPED",
                "",
                "no article measured",
            )
            continue
        worst = max(sweep, key=lambda s: s["queries"])
        counts = sorted({s["queries"] for s in sweep})
        add(
            f"article page <= {MAX_ARTICLE_QUERIES} queries whatever the bylines/tags/photos ({label})",
            "MET" if worst["queries"] <= MAX_ARTICLE_QUERIES else "MISSED",
            f"{counts} over {len(sweep)} shapes",
            ""
            if worst["queries"] <= MAX_ARTICLE_QUERIES
            else f"{worst['url']} ({worst['bylines']} bylines, {worst['tags']} tags) ran {worst['queries']}",
        )

    for key, scale in sorted(scales.items(), key=lambda item: int(item[0])):
        label = scale_name(int(key))
        load = scale.get("load")
        for page, minimum in (
            ("article_uncached", MIN_UNCACHED_RATIO),
            ("article_cached", MIN_CACHED_RATIO),
        ):
            name = f"{page.replace('_', ' ')} >= {minimum}x static ceiling ({label})"
            result = (load or {}).get(page)
            if not load:
                add(name, "SKIPPED", "", "load test not run at this scale")
            elif not result or "skipped" in result:
                add(name, "SKIPPED", "", (result or {}).get("skipped", "not measured"))
            else:
                ratio = result["ratio_to_static"]
                add(
                    name,
                    "MET" if ratio >= minimum else "MISSED",
                    f"x{ratio:.3f} ({result['rps']:.0f} vs {load['ceiling_rps']:.0f} req/s)",
                    ""
                    if ratio >= minimum
                    else f"needs >= {minimum * load['ceiling_rps']:.0f} req/s",
                )

    if largest != smallest:
        for page in PAGES:
            a = small["inprocess"]["pages"].get(page)
            b = big["inprocess"]["pages"].get(page)
            name = f"{page} at {big_name} within {MAX_GROWTH}x of {scale_name(int(smallest))}"
            if not a or not b:
                add(name, "SKIPPED", "", "page not measured at both scales")
                continue
            ratio = b["p50_ms"] / a["p50_ms"]
            slow = b["slowest_queries"][0] if b["slowest_queries"] else None
            reason = ""
            if ratio > MAX_GROWTH and slow:
                reason = f"slowest query at {big_name}: {slow['ms']:.1f} ms: {slow['sql'][:160]}"
            add(
                name,
                "MET" if ratio <= MAX_GROWTH else "MISSED",
                f"x{ratio:.2f} (p50 {a['p50_ms']:.1f} -> {b['p50_ms']:.1f} ms)",
                reason,
            )
    else:
        add(
            f"every page within {MAX_GROWTH}x from 1k to 100k",
            "SKIPPED",
            "",
            "only one scale measured",
        )

    search = big["inprocess"]["pages"].get("search")
    name = f"search p95 < {MAX_SEARCH_P95_MS} ms at {big_name} on PostgreSQL"
    if vendor != "postgresql":
        add(name, "SKIPPED", "", f"this run used {vendor}")
    elif not search:
        add(name, "SKIPPED", "", big["inprocess"]["skipped"].get("search", "not measured"))
    else:
        slow = search["slowest_queries"][0]
        add(
            name,
            "MET" if search["p95_ms"] < MAX_SEARCH_P95_MS else "MISSED",
            f"p95 {search['p95_ms']:.1f} ms",
            ""
            if search["p95_ms"] < MAX_SEARCH_P95_MS
            else f"slowest query {slow['ms']:.1f} ms: {slow['sql'][:160]}",
        )

    admin = big["inprocess"]["pages"].get("admin_list")
    name = f"admin article list < {MAX_ADMIN_MS} ms (p95) and <= {MAX_ADMIN_QUERIES} queries at {big_name}"
    if not admin:
        add(name, "SKIPPED", "", big["inprocess"]["skipped"].get("admin_list", "not measured"))
    else:
        ok = admin["p95_ms"] < MAX_ADMIN_MS and admin["queries"] <= MAX_ADMIN_QUERIES
        add(
            name,
            "MET" if ok else "MISSED",
            f"p95 {admin['p95_ms']:.1f} ms, {admin['queries']} queries",
            "" if ok else f"slowest query {admin['slowest_queries'][0]['ms']:.1f} ms",
        )

    loads = [(key, scale["load"]) for key, scale in scales.items() if scale.get("load")]
    if loads:
        total = sum(
            result.get("errors", 0)
            for _, load in loads
            for result in load.values()
            if isinstance(result, dict) and "skipped" not in result
        )
        add(
            "0 errors under load",
            "MET" if total == 0 else "MISSED",
            f"{total} errors",
            "" if total == 0 else "see the load table and var/bench/gunicorn-*.log",
        )
    else:
        add("0 errors under load", "SKIPPED", "", "load test not run")
    return targets


def markdown(report):
    scales = report["scales"]
    keys = sorted(scales, key=int)
    names = [scale_name(int(key)) for key in keys]
    lines = [
        "# Benchmark results",
        "",
        f"Run {report['meta']['finished']} on {report['meta']['machine']}, "
        f"{report['meta']['database']}, commit {report['meta']['commit']}. "
        f"Generated by `make bench` (bench/run.py); details in results.json.",
        "",
        "## Pages, in-process (Django test client, page cache bypassed)",
        "",
        "| page | "
        + " | ".join(f"queries {n} | p50 / p95 ms {n}" for n in names)
        + (f" | {names[-1]}/{names[0]} p50 |" if len(keys) > 1 else ""),
        "|---|" + "---|---|" * len(keys) + ("---|" if len(keys) > 1 else ""),
    ]
    for page in PAGES:
        cells = []
        for key in keys:
            measured = scales[key]["inprocess"]["pages"].get(page)
            if measured:
                cells += [
                    str(measured["queries"]),
                    f"{measured['p50_ms']:.1f} / {measured['p95_ms']:.1f}",
                ]
            else:
                cells += ["-", "skipped"]
        if len(keys) > 1:
            a = scales[keys[0]]["inprocess"]["pages"].get(page)
            b = scales[keys[-1]]["inprocess"]["pages"].get(page)
            cells.append(f"x{b['p50_ms'] / a['p50_ms']:.2f}" if a and b else "-")
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Under load (gunicorn, 2 workers, DEBUG off; wrk 16 connections, 15 s)",
        "",
        "| scale | scenario | req/s | p50 ms | p99 ms | errors | x static |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, name in zip(keys, names, strict=True):
        for scenario, result in (scales[key].get("load") or {}).items():
            if not isinstance(result, dict):
                continue
            if "skipped" in result:
                lines.append(f"| {name} | {scenario} | skipped: {result['skipped']} | | | | |")
            else:
                lines.append(
                    f"| {name} | {scenario} | {result['rps']:.0f} | {result['p50_ms']:.1f} | "
                    f"{result['p99_ms']:.1f} | {result['errors']} | {result.get('ratio_to_static', 1):.3f} |"
                )
    lines += ["", "## Targets (issue #8)", ""]
    for target in report["targets"]:
        extra = f" {target['measured']}" if target["measured"] else ""
        why = f" ({target['reason']})" if target["reason"] else ""
        lines.append(f"- **{target['status']}** {target['target']}:{extra}{why}")
    generation = [
        f"{scale_name(int(key))}: {scales[key]['generated'].get('seconds')} s"
        + (" (kept from an earlier run)" if scales[key]["generated"].get("reused") else "")
        for key in keys
    ]
    lines += ["", f"Data generation time: {'; '.join(generation)}.", ""]
    return "\n".join(lines)


def write_explain(key, measured):
    explain = measured.get("explain")
    if not explain:
        return None
    path = RESULTS / f"explain-{scale_name(int(key))}.txt"
    chunks = []
    for page, plans in explain.items():
        for plan in plans:
            flag = f"   <-- seq scan on {', '.join(plan['seq_scans'])}" if plan["seq_scans"] else ""
            chunks.append(f"-- {page}{flag}\n{plan['sql']}\n{plan['plan']}\n")
    path.write_text("\n".join(chunks))
    return path


def print_explain(key, measured):
    """The hot queries' plans, condensed: scans, index names, timing."""
    log(f"\n== EXPLAIN ANALYZE of the hot queries at {scale_name(int(key))}")
    for page, plans in (measured.get("explain") or {}).items():
        for plan in plans:
            sql = plan["sql"]
            if "django_session" in sql or 'FROM "accounts_user"' in sql:
                continue
            first = " ".join(sql.split())[:150]
            log(f"-- {page}: {first}")
            for line in plan["plan"].splitlines():
                if any(
                    word in line
                    for word in (
                        "Scan",
                        "Sort",
                        "Limit",
                        "Join",
                        "Loop",
                        "Execution Time",
                        "Aggregate",
                    )
                ):
                    log(f"     {line.rstrip()}")
            if plan["seq_scans"]:
                log(f"     !! sequential scan on {', '.join(plan['seq_scans'])}")


def git_commit():
    completed = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    dirty = subprocess.run(
        # The run's own output files do not make the code "uncommitted".
        ["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return completed.stdout.strip() + ("+uncommitted" if dirty else "")


def redis_server():
    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=1):
            return url.rstrip("/")
    except OSError:
        return None


REDIS_SERVER = None


def main():
    global REDIS_SERVER
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1k,100k", help="Comma-separated story counts.")
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server (without a database name).",
    )
    parser.add_argument("--regenerate", action="store_true", help="Rebuild kept databases.")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="Re-evaluate the targets and rewrite the markdown from the last results file.",
    )
    parser.add_argument("--no-load", action="store_true", help="Skip the gunicorn/wrk part.")
    parser.add_argument("--load-scales", default=None, help="Scales to load-test (default: all).")
    parser.add_argument("--cache", choices=["redis", "locmem"], default="redis")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8107")))
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--seconds-per-page",
        type=float,
        default=8,
        help="In-process time budget per page and archive size (at least 10 requests).",
    )
    options = parser.parse_args()

    if options.report_only:
        stem = "results" if options.db == "postgres" else "results-sqlite"
        report = json.loads((RESULTS / f"{stem}.json").read_text())
        write_report(report, stem)
        return

    counts = [parse_scale(text) for text in options.scales.split(",")]
    load_counts = (
        set()
        if options.no_load
        else {parse_scale(t) for t in (options.load_scales or options.scales).split(",")}
    )
    if load_counts and not Path(WRK).exists():
        raise SystemExit("wrk is not installed (Debian package wrk); use --no-load.")
    backend = Postgres(options.pg_url) if options.db == "postgres" else Sqlite()
    if options.cache == "redis":
        REDIS_SERVER = redis_server()
        if REDIS_SERVER is None:
            log("Redis unreachable: falling back to per-process local-memory cache.")
    VAR.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)

    # PostgreSQL is the reference; SQLite runs keep their own files.
    stem = "results" if backend.vendor == "postgresql" else f"results-{backend.vendor}"
    results_path = RESULTS / f"{stem}.json"
    previous = json.loads(results_path.read_text()) if results_path.exists() else {}
    scales = {}
    if previous.get("meta", {}).get("database") == backend.vendor:
        # Scales not run this time are kept from the last run (and marked as such).
        for key, scale in previous.get("scales", {}).items():
            if int(key) not in counts:
                scale.setdefault("from_earlier_run", previous["meta"]["finished"])
                scales[key] = scale

    static_env = django_env(backend.url("unused"))
    manage(static_env, "collectstatic", "--noinput", "-v0", quiet=True)

    prepared = {}
    for index, count in enumerate(counts):
        name, generated = prepare_database(backend, count, options.regenerate)
        redis_db = 11 + index if REDIS_SERVER else None
        prepared[count] = (name, generated, django_env(backend.url(name), redis_db=redis_db))

    workers = {}
    try:
        for count, (name, _, env) in prepared.items():
            log(f"== {name}: pages in-process (setup: queries, EXPLAIN, URLs)")
            workers[count] = Worker(env, VAR / f"inprocess-{name}.json")
        log(f"== render times, {' and '.join(prepared[c][0] for c in counts)} interleaved")
        time_pages(workers, options.seconds_per_page)
    finally:
        for worker in workers.values():
            worker.close()

    for count, (name, generated, env) in prepared.items():
        measured = workers[count].setup
        scale = {"generated": generated, "inprocess": measured, "database": name}
        if count in load_counts:
            log(
                f"== {name}: under load (gunicorn :{options.port}, "
                f"wrk -c{options.connections} {options.duration}s)"
            )
            scale["load"] = load_test(env, options.port, measured, options)
        scales[str(count)] = scale
        explain_file = write_explain(str(count), measured)
        if explain_file:
            print_explain(str(count), measured)
            log(f"   full plans: {explain_file.relative_to(ROOT)}")

    report = {
        "meta": {
            "finished": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{os.cpu_count()} CPUs, {platform.platform()}",
            "load_average": os.getloadavg(),
            "database": backend.vendor,
            "cache": f"Redis ({REDIS_SERVER})" if REDIS_SERVER else "local memory",
            "commit": git_commit(),
            "python": platform.python_version(),
        },
        "scales": scales,
    }
    write_report(report, stem)


def write_report(report, stem):
    report["targets"] = evaluate(report["scales"], report["meta"]["database"])
    results_path = RESULTS / f"{stem}.json"
    results_path.write_text(json.dumps(report, indent=1, default=str) + "\n")
    (RESULTS / f"{stem}.md").write_text(markdown(report))
    log("\n== Targets (issue #8)")
    for target in report["targets"]:
        why = f"  -- {target['reason']}" if target["reason"] else ""
        log(f"  {target['status']:<7} {target['target']}: {target['measured']}{why}")
    log(f"\nWrote {results_path.relative_to(ROOT)} and bench/results/{stem}.md")


if __name__ == "__main__":
    main()
