"""Bytes the player page transfers on first load: the HTML and every stylesheet, script and
module it pulls in, raw and gzip-compressed (as whitenoise serves them)."""

from __future__ import annotations

import gzip
import re
import urllib.request
from urllib.parse import urljoin

from rich.console import Console
from rich.table import Table

from bench.http import Server

ASSET = re.compile(r'(?:href|src)="([^"]+\.(?:css|js))"')
IMPORT = re.compile(r'(?:import|from)\s*\(?\s*["\'](\.{1,2}/[^"\']+\.js)["\']')


def _get(url: str, cookie: str) -> tuple[bytes, int]:
    """The body, and the bytes that crossed the wire for it (compressed when the server did)."""
    headers = {"Cookie": f"sessionid={cookie}", "Accept-Encoding": "gzip"}
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        wire = bytes(response.read())
        if response.headers.get("Content-Encoding") == "gzip":
            return gzip.decompress(wire), len(wire)
        return wire, len(wire)


def run(server: Server, path: str = "/session/") -> None:
    page_url = server.url + path
    html, html_wire = _get(page_url, server.cookie)
    files: dict[str, bytes] = {path: html}
    wire: dict[str, int] = {path: html_wire}
    queue = [urljoin(page_url, href) for href in ASSET.findall(html.decode())]
    while queue:
        url = queue.pop()
        if url in files:
            continue
        body, wire[url] = _get(url, server.cookie)
        files[url] = body
        if url.endswith(".js"):
            queue += [urljoin(url, rel) for rel in IMPORT.findall(body.decode())]
    table = Table(title=f"First load of {path}")
    for column in ("file", "bytes", "transferred", "if all gzip"):
        table.add_column(column, justify="right")
    raw_total = wire_total = gz_total = 0
    for url, body in files.items():
        gz = len(gzip.compress(body))
        raw_total += len(body)
        wire_total += wire[url]
        gz_total += gz
        name = url.replace(server.url, "")
        table.add_row(name, f"{len(body):,}", f"{wire[url]:,}", f"{gz:,}")
    table.add_row(
        "[b]total[/b]", f"[b]{raw_total:,}[/b]", f"[b]{wire_total:,}[/b]", f"[b]{gz_total:,}[/b]"
    )
    Console().print(table)
    Console().print(
        f"Goal: under 100 KB transferred → {wire_total / 1024:.1f} KB "
        f"({raw_total / 1024:.1f} KB uncompressed; {gz_total / 1024:.1f} KB with static gzip too)"
    )
