"""A file or URL that is not an HTML page gets one line and exit 3 from every command that reads pages.

Binary (a program), a PDF, an empty file, a text file without markup, a file over the
16 MiB page limit; as a saved file and as a URL (served with a lying Content-Type too).
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from danvan_crawler.cli import main
from danvan_crawler.settings import DOWNLOAD_MAXSIZE

ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n"
# name -> (body, Content-Type served for it, what the error line says)
PAGES = {
    "binary": (ELF, "text/html; charset=utf-8", "a program (ELF), not an HTML page (undecodable)"),
    "pdf": (PDF, "application/pdf", "not_html"),
    "empty": (b"", "text/html", "(empty_page)"),
    "text": ("Chỉ là một dòng chữ, không có thẻ HTML.\n".encode(), "text/plain", "no HTML markup (not_html)"),
    "huge": (b"<html><body>" + b"x" * DOWNLOAD_MAXSIZE, "text/html", "16 MiB page size limit (too_large)"),
}


def _danvan(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="danvan")


def _one_line_error(result, expected: str) -> None:
    assert result.exit_code == 3, result.output
    assert not result.exception or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert expected in lines[0], lines[0]


@pytest.fixture(scope="module")
def server():
    """Serves PAGES[<name>] at /<name>/... and, for check, every path under its own port."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            name = self.path.strip("/").split("/")[0]
            body, content_type, _ = PAGES.get(name) or PAGES[self.server.default]
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.default = "pdf"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()


@pytest.fixture(params=sorted(PAGES))
def page_file(request, tmp_path):
    body, _, expected = PAGES[request.param]
    path = tmp_path / f"{request.param}.html"
    path.write_bytes(body)
    return str(path), "not_html" if request.param == "pdf" else expected


@pytest.mark.parametrize("command", ["extract", "links"])
def test_saved_file_that_is_no_html_page(page_file, command):
    path, expected = page_file
    _one_line_error(_danvan(command, path), expected)


def test_a_real_program_and_a_directory():
    _one_line_error(_danvan("extract", "/bin/ls"), "not an HTML page (undecodable)")
    _one_line_error(_danvan("links", "/"), "Is a directory")


@pytest.mark.parametrize("name", sorted(PAGES))
def test_url_that_is_no_html_page(server, name, tmp_path):
    url = f"http://127.0.0.1:{server.server_port}/{name}/page"
    expected = PAGES[name][2]
    _one_line_error(_danvan("extract", url), expected)
    _one_line_error(_danvan("links", url), expected)
    spiders, fixtures = tmp_path / "spiders", str(tmp_path / "fx")
    _one_line_error(_danvan("snapshot", "la34", url, "--fixtures-dir", fixtures), expected)
    genspider = ("genspider", "draft", url, "--spiders-dir", str(spiders), "--fixtures-dir", fixtures)
    _one_line_error(_danvan(*genspider), expected)
    assert not spiders.exists() and not (tmp_path / "fx").exists()


def test_check_against_a_mirror_that_serves_no_html(server):
    # la34's section path is not one of PAGES: the server answers it with the PDF.
    result = _danvan("check", "la34", "--base-url", f"http://127.0.0.1:{server.server_port}")
    _one_line_error(result, "/category/dan-van/: section is a PDF document, not an HTML page (not_html)")
