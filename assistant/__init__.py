"""back-coach: an offline voice coach for lower-back-pain exercises."""

__version__ = "0.1.0"
