"""Serving with uvicorn: its HTTP protocol, plus a deadline for each request head.

uvicorn closes a connection that stays idle after an answer (keep-alive timeout), but one that
sends part of a request head and then waits is held for good: thousands of them hold the server.
``head_timeout_protocol`` closes a connection that has not sent a whole request head within
``timeout`` seconds of opening, or of its first byte after an answer.
"""
from __future__ import annotations

import asyncio
from typing import Any


def head_timeout_protocol(timeout: float, base: type[asyncio.Protocol] | None = None) -> type[asyncio.Protocol]:
    """uvicorn's HTTP protocol class (``base``, else the one uvicorn picks) with the head deadline."""
    if base is None:
        from uvicorn.protocols.http.auto import AutoHTTPProtocol

        base = AutoHTTPProtocol

    class HeadTimeoutProtocol(base):  # type: ignore[valid-type, misc]
        head_timeout = timeout

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._head_timer: asyncio.TimerHandle | None = None
            self._arm_head_timer()

        def data_received(self, data: bytes) -> None:
            if self._waiting_for_head() and (self._head_timer is None or self._head_cycle is not self.cycle):
                # a new request begins on a kept-alive connection: its head gets a deadline of its own
                self._cancel_head_timer()
                self._arm_head_timer()
            super().data_received(data)

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_head_timer()
            super().connection_lost(exc)

        def _waiting_for_head(self) -> bool:
            cycle = getattr(self, "cycle", None)
            return cycle is None or cycle.response_complete

        def _arm_head_timer(self) -> None:
            self._head_cycle = getattr(self, "cycle", None)  # the request before this head, if any
            self._head_timer = self.loop.call_later(self.head_timeout, self._head_timed_out)

        def _cancel_head_timer(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_timed_out(self) -> None:
            self._head_timer = None
            if getattr(self, "cycle", None) is not self._head_cycle:
                return  # a whole head came in time (its request has a cycle of its own)
            if self._waiting_for_head() and not self.transport.is_closing():
                self.transport.close()

    return HeadTimeoutProtocol


def uvicorn_options(head_timeout: float) -> dict[str, Any]:
    """What `hadath serve` adds to ``uvicorn.run``: the protocol with the head deadline."""
    return {"http": head_timeout_protocol(head_timeout), "timeout_keep_alive": max(1, min(5, int(head_timeout)))}
