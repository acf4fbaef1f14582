"""The virtual room for tests; it lives in the package because ``assistant bench`` uses it too."""

from assistant.bench._room import RATE_HZ, SINK, Recorder, Recording, Room, RoomError, envelope_db, onset_near

__all__ = ["RATE_HZ", "SINK", "Recorder", "Recording", "Room", "RoomError", "envelope_db", "onset_near"]
