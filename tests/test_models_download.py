"""`assistant models download` against a local HTTP server: success, corrupt archive, unreachable host."""

from __future__ import annotations

import hashlib
import http.server
import io
import socket
import threading
import zipfile
from pathlib import Path
from typing import Iterator

import pytest

from assistant.__main__ import main
from assistant.models import REGISTRY, ModelSource, find_vosk_model
from assistant.recognizer import choose_engine
from assistant.settings import Settings

FOLDER = "vosk-model-test-0.1"


def _fake_model_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{FOLDER}/am/final.mdl", b"acoustic model")
        archive.writestr(f"{FOLDER}/conf/model.conf", b"--sample-frequency=16000\n")
        archive.writestr(f"{FOLDER}/README", b"test model")
    return buffer.getvalue()


@pytest.fixture
def server() -> Iterator[tuple[str, dict[str, bytes]]]:
    files: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = files.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", files
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr("assistant.models.vosk_search_paths", lambda: [tmp_path / "data" / "back-coach" / "models"])
    return tmp_path / "data" / "back-coach" / "models"


def _register(monkeypatch: pytest.MonkeyPatch, url: str, body: bytes, sha: str | None = None) -> None:
    source = ModelSource("vosk-small-en-us", url, FOLDER, len(body), sha or hashlib.sha256(body).hexdigest())
    monkeypatch.setitem(REGISTRY, "vosk-small-en-us", source)


def test_download_verifies_unpacks_and_switches_to_vosk(server, home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    base, files = server
    files["/model.zip"] = body = _fake_model_zip()
    _register(monkeypatch, base + "/model.zip", body)
    assert main(["models", "download", "vosk-small-en-us"]) == 0
    assert (home / FOLDER / "am" / "final.mdl").read_bytes() == b"acoustic model"
    assert find_vosk_model() == home / FOLDER
    assert choose_engine(Settings()).engine == "vosk"
    assert not [p for p in home.iterdir() if p.name.startswith(".download-")]


def test_checksum_mismatch_is_exit_2_one_sentence(server, home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    base, files = server
    files["/model.zip"] = body = _fake_model_zip()
    _register(monkeypatch, base + "/model.zip", body, sha="0" * 64)
    assert main(["models", "download", "vosk-small-en-us"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "sha256" in err[0] and "Traceback" not in err[0]
    assert find_vosk_model() is None


def test_corrupt_archive_is_exit_2_one_sentence(server, home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    base, files = server
    good = _fake_model_zip()
    files["/model.zip"] = body = good[:40] + bytes(len(good) - 80) + good[-40:]
    _register(monkeypatch, base + "/model.zip", body)
    assert main(["models", "download", "vosk-small-en-us"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not a valid zip" in err[0]
    assert find_vosk_model() is None


def test_missing_file_on_server_is_exit_2(server, home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    base, _ = server
    _register(monkeypatch, base + "/gone.zip", b"")
    assert main(["models", "download", "vosk-small-en-us"]) == 2
    assert "404" in capsys.readouterr().err


def test_unreachable_host_is_exit_2_one_sentence(home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    _register(monkeypatch, f"http://127.0.0.1:{port}/model.zip", b"x")
    assert main(["models", "download", "vosk-small-en-us"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Could not download" in err[0] and "internet" in err[0]
