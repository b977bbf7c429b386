"""The load test reads wrk's figures exactly (issue 15): from the lines its Lua hook writes,
never from the rounded human summary."""

import http.server
import shutil
import subprocess
import tempfile
import threading
import time

import pytest

from tests.perf.loadtest import LUA, _lua_table, merged_percentiles, parse_wrk


class _Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        status = 200 if self.path == "/" else 404
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk absent : apt-get install wrk")
def test_latencies_and_errors_come_from_wrk_exactly(server):
    script = LUA % {"sessions": _lua_table([{"cookie": "x", "paths": ["/", "/absente/"]}])}
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        text = subprocess.run(
            ["wrk", "-t1", "-c2", "-d1s", "--latency", "-s", lua.name, server],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    figures = parse_wrk(text)
    assert figures["requests"] > 0
    # Every other request asks for a missing page: a 404 is an error of the load test.
    assert 0 < figures["errors"] < figures["requests"]
    assert 0 < figures["p50"] <= figures["p95"] <= figures["p99"] <= figures["max"]


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk absent : apt-get install wrk")
def test_the_histogram_gives_back_wrk_s_own_percentiles(server):
    """Runs against two servers are merged from wrk's histograms (tests/perf/cluster.py): on
    one run, the merge finds exactly the percentiles wrk computed itself."""
    script = LUA % {"sessions": _lua_table([{"cookie": "x", "paths": ["/"]}])}
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        text = subprocess.run(
            ["wrk", "-t2", "-c4", "-d1s", "--latency", "-s", lua.name, server],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    own, merged = parse_wrk(text), merged_percentiles([text])
    assert merged["requests_in_histogram"] >= own["requests"] > 0
    for key in ("p50", "p90", "p95", "p99", "max"):
        assert merged[key] == own[key], key
    doubled = merged_percentiles([text, text])
    assert doubled["requests_in_histogram"] == 2 * merged["requests_in_histogram"]
    assert doubled["p50"] == own["p50"]


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # wrk gave up on the late page: its closed socket is the point of the test


class _Slow(_Pages):
    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path == "/lent/":
            time.sleep(1.5)
        super().do_GET()


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk absent : apt-get install wrk")
def test_each_kind_of_error_is_counted_on_its_own():
    """A page answered late is a timeout of wrk, a missing one an answer other than 200: the
    report says which (issue 15: the warm-up's errors were only a total)."""
    httpd = _QuietServer(("127.0.0.1", 0), _Slow)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    script = LUA % {"sessions": _lua_table([{"cookie": "x", "paths": ["/lent/", "/absente/"]}])}
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
            lua.write(script)
            lua.flush()
            text = subprocess.run(
                ["wrk", "-t1", "-c2", "-d3s", "--timeout", "1s", "-s", lua.name, url],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
    finally:
        httpd.shutdown()
        httpd.server_close()
    kinds = parse_wrk(text)["error_kinds"]
    assert kinds["timeout"] > 0, text
    assert kinds["status"] > 0, text
    assert kinds["connect"] == kinds["read"] == kinds["write"] == 0, text


def test_a_summary_without_the_exact_figures_is_refused():
    human_only = "  Latency     4.30ms\n  50%    3.22ms\n1969 requests in 2.00s\n"
    with pytest.raises(ValueError, match="REQUESTS"):
        parse_wrk(human_only)


def test_the_figures_are_read_in_microseconds():
    text = "\n".join(
        [
            "STATUS_ERRORS 3",
            "REQUESTS 2000",
            "DURATION_US 2000000",
            "SOCKET_ERRORS 1",
            "NON_2XX_3XX 3",
            "LATENCY_P50_US 3217",
            "LATENCY_P90_US 8866",
            "LATENCY_P95_US 10802",
            "LATENCY_P99_US 14355",
            "LATENCY_MAX_US 20513",
            "LATENCY_MEAN_US 4297",
        ]
    )
    figures = parse_wrk(text)
    assert figures["rps"] == 1000
    assert (figures["p50"], figures["p95"], figures["p99"]) == (3.217, 10.802, 14.355)
    assert figures["errors"] == 4
