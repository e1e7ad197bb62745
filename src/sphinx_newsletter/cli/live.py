"""The live preview behind ``newsletter serve``: watch, rebuild, reload the edited page first.

sphinx-autobuild reloads the browser when a whole build has finished; on a large
archive most of an edit's build comes after the edited page is written (the listing
pages, the search bundle, the feeds). This server is made of the same parts
(watchfiles, Starlette's static files, uvicorn), but runs each build with a pipe
(``preview.ENV_FD``) on which the build says when its documents are written: pages
showing one of them reload then, and say that search and the listings are still
updating; every other page reloads when the build ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
import watchfiles
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.routing import Mount, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect

from ..preview import DONE, ENV_FD, PAGES

#: Where pages listen for the build's news.
SOCKET = "/_newsletter/live"
SCRIPT = Path(__file__).parent / "live.js"


@dataclass
class Build:
    """Where the current build is: the documents it wrote, whether only the rest is left."""

    running: bool = False
    #: the paths (``issues/0009/``) of the documents written, once they are
    pages: list[str] | None = None

    def news(self) -> dict[str, Any]:
        """What a page that connects now is told."""
        return {"event": "state", "running": self.running, "pages": self.pages}


@dataclass
class LivePreview:
    """Rebuilds the site when a watched file changes and tells the open pages."""

    #: ``python -m sphinx`` and its arguments, the source and output folders last
    command: list[str]
    watched: list[Path]
    ignored: list[Path]
    build: Build = field(default_factory=Build)
    clients: set[WebSocket] = field(default_factory=set)

    async def run_build(self, changed: Sequence[str] = ()) -> None:
        """One build, telling every open page its news as it comes."""
        if changed:
            shown = ", ".join(sorted(changed)[:5])
            print(f"newsletter serve: {shown} changed; rebuilding", file=sys.stderr)
        self.build = Build(running=True)
        await self.broadcast({"event": "building"})
        read_end, write_end = os.pipe()
        try:
            process = await asyncio.create_subprocess_exec(
                *self.command,
                pass_fds=(write_end,),
                env={**os.environ, ENV_FD: str(write_end)},
            )
        finally:
            os.close(write_end)
        async for news in _lines(read_end):
            if news.get("event") == PAGES and isinstance(news.get("pages"), list):
                self.build.pages = [str(page) for page in news["pages"]]
                await self.broadcast({"event": PAGES, "pages": self.build.pages})
        status = await process.wait()
        self.build = Build()
        await self.broadcast({"event": DONE, "ok": status == 0})
        print("newsletter serve: built; the open pages are reloaded", file=sys.stderr)

    async def broadcast(self, news: dict[str, Any]) -> None:
        """Send ``news`` to every open page (one that went away is forgotten)."""
        text = json.dumps(news)
        for client in list(self.clients):
            try:
                await client.send_text(text)
            except (WebSocketDisconnect, RuntimeError, OSError):
                self.clients.discard(client)

    async def watch(self) -> None:
        """Build once, then again after each change to a watched file.

        The watcher starts before the first build, so a file saved while it runs
        (the first page is served before the build ends) is built next.
        """
        changed: asyncio.Queue[set[str]] = asyncio.Queue()
        watch_filter = watchfiles.DefaultFilter(ignore_paths=[str(p) for p in self.ignored])

        async def collect() -> None:
            async for changes in watchfiles.awatch(*self.watched, watch_filter=watch_filter):
                await changed.put({path for _, path in changes})

        watcher = asyncio.create_task(collect())
        try:
            await self.run_build()
            while True:
                paths = await changed.get()
                while not changed.empty():  # saves made during the last build: one build
                    paths |= changed.get_nowait()
                await self.run_build([_shown(Path(path)) for path in paths])
        finally:
            watcher.cancel()

    async def socket(self, websocket: WebSocket) -> None:
        """A page's connection: told where the build is now, then each news."""
        await websocket.accept()
        self.clients.add(websocket)
        try:
            await websocket.send_text(json.dumps(self.build.news()))
            while True:
                await websocket.receive_text()
        except WebSocketDisconnect:
            pass
        finally:
            self.clients.discard(websocket)

    def app(self, outdir: Path) -> ASGIApp:
        """The web application: the output folder's files, each HTML page with the script."""

        @contextlib.asynccontextmanager
        async def lifespan(_app: Starlette) -> AsyncIterator[None]:
            task = asyncio.create_task(self.watch())
            try:
                yield
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

        outdir.mkdir(parents=True, exist_ok=True)
        site = Starlette(
            routes=[
                WebSocketRoute(SOCKET, self.socket),
                Mount("/", app=StaticFiles(directory=outdir, html=True)),
            ],
            lifespan=lifespan,
        )
        return ScriptInjector(site, SCRIPT.read_bytes())


class ScriptInjector:
    """Adds the preview's script at the end of every HTML response (never cached)."""

    def __init__(self, app: ASGIApp, script: bytes) -> None:
        self.app = app
        self.tag = b"<script>\n" + script + b"</script>\n"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; append the tag to an HTML body, fixing its length."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        html = False

        async def send_with_script(message: Message) -> None:
            nonlocal html
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                html = headers.get("content-type", "").startswith("text/html")
                if html:
                    # The page must be fetched again on reload, not revalidated stale.
                    headers["cache-control"] = "no-store"
                    if "content-length" in headers:
                        length = int(headers["content-length"]) + len(self.tag)
                        headers["content-length"] = str(length)
            elif (
                message["type"] == "http.response.body"
                and html
                and not message.get("more_body", False)
            ):
                message["body"] = message.get("body", b"") + self.tag
            await send(message)

        await self.app(scope, receive, send_with_script)


async def _lines(fd: int) -> AsyncIterator[dict[str, Any]]:
    """The JSON lines the build writes on the pipe, until it closes it (by ending)."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    transport, _ = await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(fd, "rb", buffering=0)
    )
    try:
        async for line in reader:
            with contextlib.suppress(ValueError):
                news = json.loads(line)
                if isinstance(news, dict):
                    yield news
    finally:
        transport.close()


def _shown(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return path.relative_to(Path.cwd()).as_posix()
    return str(path)


def serve(preview: LivePreview, outdir: Path, host: str, port: int) -> None:
    """Serve the output folder until interrupted (Ctrl-C)."""
    uvicorn.run(preview.app(outdir), host=host, port=port, log_level="warning")
