"""Loaded by every Python process of a test build (PYTHONPATH): internet sockets fail, and
each attempt is written to $NETGUARD_LOG, so a test can show the build asked for nothing.
Local (AF_UNIX) sockets, which the notebook kernels use, still work."""

import os
import socket
import traceback

_LOG = os.environ.get("NETGUARD_LOG", "")
_INTERNET = (socket.AF_INET, socket.AF_INET6)


def _refuse(what: str, target) -> None:
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {what} {target!r}\n{''.join(traceback.format_stack(limit=8))}\n")
    raise OSError(101, f"network disabled for this build ({what} {target!r})")


_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex


def _guarded_connect(self, address):
    if self.family in _INTERNET:
        _refuse("connect", address)
    return _connect(self, address)


def _guarded_connect_ex(self, address):
    if self.family in _INTERNET:
        _refuse("connect", address)
    return _connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    _refuse("getaddrinfo", host)


socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex
socket.getaddrinfo = _guarded_getaddrinfo
