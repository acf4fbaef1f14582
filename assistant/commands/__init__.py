"""One module per sub-command; each has ``register(subparsers)`` that sets ``handler``."""
