"""A file sent as `multipart/form-data`, streamed to a temporary file (spilled to disk past
1 MiB) while its SHA-256 is computed: the upload is never held in memory whole.

The first part that carries a file is kept, and the small text fields around it (a CSRF
token); larger text parts are refused.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass
from typing import IO

from fastapi import Request

from closeout.shared.errors import BadRequestError, ContentTooLargeError

_BOUNDARY = re.compile(r'boundary="?([^";]+)"?', re.IGNORECASE)
_SPOOL_BYTES = 1024 * 1024
_FIELD_BYTES = 4096
UPLOAD_FRAMING_BYTES = 64 * 1024  # boundaries and part headers around the file


@dataclass
class Upload:
    file: IO[bytes]  # positioned at the start
    sha256: str
    size: int
    filename: str | None
    fields: dict[str, str]


async def receive_file(request: Request, limit: int) -> Upload:
    content_type = request.headers.get("content-type", "")
    match = _BOUNDARY.search(content_type)
    if not content_type.lower().startswith("multipart/form-data") or match is None:
        raise BadRequestError("send the file as multipart/form-data (a form field `file`)")
    parser = _FilePart(match.group(1).encode("latin-1"))
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit + UPLOAD_FRAMING_BYTES:  # the file plus its multipart framing
            raise ContentTooLargeError(f"the file is larger than {limit} bytes")
        parser.feed(chunk)
    upload = parser.finish()
    if upload.size > limit:
        raise ContentTooLargeError(f"the file is larger than {limit} bytes")
    return upload


class _FilePart:
    """A small incremental multipart reader: headers of each part, then its body up to the
    next delimiter, keeping only as many bytes back as a delimiter could span."""

    def __init__(self, boundary: bytes) -> None:
        self.delimiter = b"\r\n--" + boundary
        self.buffer = b"\r\n"  # the first delimiter has no CRLF before it
        self.state = "preamble"  # preamble | headers | body | skip | done
        # Handed to the caller with the Upload, who closes it.
        self.file: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115
        self.digest = hashlib.sha256()
        self.size = 0
        self.filename: str | None = None
        self.found = False
        self.fields: dict[str, str] = {}
        self.field_name: str | None = None
        self.field_value = b""

    def feed(self, chunk: bytes) -> None:
        self.buffer += chunk
        while self._step():
            pass

    def _step(self) -> bool:
        if self.state == "done":
            self.buffer = b""
            return False
        if self.state in ("preamble", "skip", "body"):
            at = self.buffer.find(self.delimiter)
            if at < 0:
                keep = len(self.delimiter)
                if len(self.buffer) > keep:
                    self._take(self.buffer[:-keep])
                    self.buffer = self.buffer[-keep:]
                return False
            self._take(self.buffer[:at])
            if self.state == "body":
                self.state = "skip"
            elif self.state == "skip" and self.field_name is not None:
                self.fields[self.field_name] = self.field_value.decode("utf-8", "replace")
            self.field_name, self.field_value = None, b""
            self.buffer = self.buffer[at + len(self.delimiter) :]
            self.state = "headers"
            return True
        if len(self.buffer) < 2:
            return False
        if self.buffer.startswith(b"--"):  # the closing delimiter
            self.state = "done"
            return True
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(self.buffer) > 16 * 1024:
                raise BadRequestError("a multipart part's headers are too long")
            return False
        headers = self.buffer[:end].decode("latin-1")
        self.buffer = self.buffer[end + 4 :]
        filename = re.search(r'filename="([^"]*)"', headers, re.IGNORECASE)
        name = re.search(r'\bname="([^"]*)"', headers, re.IGNORECASE)
        if filename is not None and not self.found:
            self.found = True
            self.filename = filename.group(1)
            self.state = "body"
        else:
            self.state = "skip"
            if filename is None and name is not None:
                self.field_name = name.group(1)
        return True

    def _take(self, data: bytes) -> None:
        if self.state == "body" and data:
            self.file.write(data)
            self.digest.update(data)
            self.size += len(data)
        elif self.field_name is not None and data:
            self.field_value += data
            if len(self.field_value) > _FIELD_BYTES:
                raise BadRequestError(f"the form field {self.field_name!r} is too long")

    def finish(self) -> Upload:
        if not self.found or self.state != "done":
            self.file.close()
            raise BadRequestError("no complete file in the form (a field `file`)")
        self.file.seek(0)
        return Upload(self.file, self.digest.hexdigest(), self.size, self.filename, self.fields)
