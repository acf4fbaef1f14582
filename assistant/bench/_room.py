"""The virtual room: a private PulseAudio daemon with a 16 kHz mono null sink (tests and benchmarks).

The assistant plays into the sink ``room``; ``Recorder`` records the sink's monitor, which is
exactly what a microphone in a silent room would hear. Used by tests and by the benchmark.

Clocks: the recorder reads the monitor in 10 ms pieces and notes ``time.monotonic()`` after
each read. Sample ``n`` was heard no later than the read that delivered it, so
``t(n) = n / rate + min_j(read_time_j - samples_before_j / rate)`` is an upper bound on when
the sample was heard (late by the smallest delivery delay, a few ms). Every other process on
the machine shares CLOCK_MONOTONIC, so events they log can be placed in the recording.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

RATE_HZ = 16000
SINK = "room"


class RoomError(RuntimeError):
    """The room could not be set up (the message says what to install or check)."""


@dataclass
class Room:
    """A running private PulseAudio daemon; ``env`` points programs (and PortAudio) at it."""

    runtime_dir: Path
    env: dict[str, str]

    @classmethod
    def start(cls) -> "Room":
        missing = [tool for tool in ("pulseaudio", "pactl", "parec", "paplay") if shutil.which(tool) is None]
        if missing:
            raise RoomError(f"{', '.join(missing)} not found; install them: apt-get install pulseaudio pulseaudio-utils libportaudio2 libasound2-plugins")
        runtime = Path(tempfile.mkdtemp(prefix="back-coach-room-"))
        runtime.chmod(0o700)
        env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "PULSE_SERVER": f"unix:{runtime}/pulse/native"}
        env.pop("PULSE_SINK", None)
        room = cls(runtime, env)
        room._launch()
        return room

    def restart(self) -> None:
        """Stop the sound server and start a new one in the same place (as after a crash or an update)."""
        self._shutdown()
        self._launch()

    def _launch(self) -> None:
        command = ["pulseaudio", "--daemonize=yes", "-n", "--exit-idle-time=-1", "--disable-shm=no", "--realtime=no", "--high-priority=no",
                   "--load=module-native-protocol-unix", f"--load=module-null-sink sink_name={SINK} rate={RATE_HZ} channels=1"]
        if os.geteuid() == 0:
            command.insert(1, "--system=no")
        result = subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            self.stop()
            raise RoomError(f"pulseaudio did not start: {result.stderr.strip()}")
        self._wait_ready()
        self.pactl("set-default-sink", SINK)
        self.pactl("set-default-source", f"{SINK}.monitor")

    def pactl(self, *args: str) -> str:
        return subprocess.run(["pactl", *args], env=self.env, capture_output=True, text=True, timeout=10, check=True).stdout

    def play(self, wav: Path) -> None:
        """Play a file into the room (a user speaking)."""
        subprocess.run(["paplay", f"--device={SINK}", "--latency-msec=20", str(wav)], env=self.env, check=True, timeout=120)

    def stop(self) -> None:
        self._shutdown()
        shutil.rmtree(self.runtime_dir, ignore_errors=True)

    def _shutdown(self) -> None:
        subprocess.run(["pactl", "exit"], env=self.env, capture_output=True, timeout=10)
        pid_file = self.runtime_dir / "pulse" / "pid"
        deadline = time.monotonic() + 5
        while pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        if pid_file.exists():
            try:
                os.kill(int(pid_file.read_text().split()[0]), 9)
            except (OSError, ValueError):
                pass
            pid_file.unlink(missing_ok=True)

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 15
        while True:
            probe = subprocess.run(["pactl", "info"], env=self.env, capture_output=True, text=True, timeout=10)
            if probe.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise RoomError(f"pulseaudio does not answer on {self.runtime_dir}: {probe.stderr.strip()}")
            time.sleep(0.1)


@dataclass
class Recording:
    """int16 mono samples at 16 kHz and the monotonic time of sample 0."""

    samples: np.ndarray
    t0: float

    def index(self, t: float) -> int:
        return int(round((t - self.t0) * RATE_HZ))

    def time(self, index: int | float) -> float:
        return self.t0 + index / RATE_HZ


@dataclass
class Recorder:
    """Records the room's monitor in a thread, noting when each piece arrived."""

    room: Room
    _chunks: list[bytes] = field(default_factory=list)
    _t0: float = float("inf")

    def __enter__(self) -> "Recorder":
        self._proc = subprocess.Popen(["parec", f"--device={SINK}.monitor", "--raw", "--format=s16le", f"--rate={RATE_HZ}", "--channels=1", "--latency-msec=10"],
                                      env=self.room.env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        time.sleep(0.3)  # let parec connect
        return self

    def __exit__(self, *exc: object) -> None:
        self._proc.terminate()
        self._proc.wait(timeout=5)
        self._thread.join(timeout=5)

    def recording(self) -> Recording:
        data = b"".join(self._chunks)
        return Recording(np.frombuffer(data[: len(data) // 2 * 2], dtype=np.int16), self._t0)

    def _read(self) -> None:
        total = 0
        stream = self._proc.stdout
        assert stream is not None
        while True:
            piece = stream.read(320)
            if not piece:
                return
            now = time.monotonic()
            self._chunks.append(piece)
            total += len(piece)
            self._t0 = min(self._t0, now - total / 2 / RATE_HZ)


def envelope_db(samples: np.ndarray, hop: int = 80, window: int = 160) -> np.ndarray:
    """Short-time level in dBFS, one value per ``hop`` samples (5 ms)."""
    x = samples.astype(np.float32) / 32768.0
    frames = max(0, (len(x) - window) // hop + 1)
    if frames == 0:
        return np.zeros(0)
    idx = np.arange(window)[None, :] + hop * np.arange(frames)[:, None]
    power = np.mean(x[idx] ** 2, axis=1)
    return 10 * np.log10(power + 1e-12)


def onset_near(rec: Recording, t: float, window_s: float = 0.35, threshold_db: float = -45.0, quiet_s: float = 0.06) -> float | None:
    """Monotonic time of the first speech onset within ``window_s`` of ``t``: level crosses the threshold after ``quiet_s`` of quiet."""
    hop = 80
    start = max(0, rec.index(t - window_s) - int(quiet_s * RATE_HZ))
    end = min(len(rec.samples), rec.index(t + window_s))
    level = envelope_db(rec.samples[start:end], hop=hop)
    quiet = int(quiet_s * RATE_HZ / hop)
    for i in range(quiet, len(level)):
        if level[i] > threshold_db and np.all(level[i - quiet:i] <= threshold_db):
            return rec.time(start + i * hop + _first_loud(rec.samples[start + i * hop: start + i * hop + 160]))
    return None


def _first_loud(piece: np.ndarray, threshold: float = 32768 * 10 ** (-45 / 20)) -> int:
    loud = np.nonzero(np.abs(piece.astype(np.float32)) > threshold)[0]
    return int(loud[0]) if len(loud) else 0
