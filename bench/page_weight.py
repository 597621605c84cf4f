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


def _get(url: str, cookie: str) -> bytes:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return bytes(response.read())


def run(server: Server, path: str = "/session/") -> None:
    page_url = server.url + path
    html = _get(page_url, server.cookie)
    files: dict[str, bytes] = {path: html}
    queue = [urljoin(page_url, href) for href in ASSET.findall(html.decode())]
    while queue:
        url = queue.pop()
        if url in files:
            continue
        body = _get(url, server.cookie)
        files[url] = body
        if url.endswith(".js"):
            queue += [urljoin(url, rel) for rel in IMPORT.findall(body.decode())]
    table = Table(title=f"First load of {path}")
    for column in ("file", "bytes", "gzip bytes"):
        table.add_column(column, justify="right")
    raw_total = gz_total = 0
    for url, body in files.items():
        gz = len(gzip.compress(body))
        raw_total += len(body)
        gz_total += gz
        table.add_row(url.replace(server.url, ""), f"{len(body):,}", f"{gz:,}")
    table.add_row("[b]total[/b]", f"[b]{raw_total:,}[/b]", f"[b]{gz_total:,}[/b]")
    Console().print(table)
    Console().print(
        f"Goal: under 100 KB → {raw_total / 1024:.1f} KB raw, {gz_total / 1024:.1f} KB gzip"
    )
