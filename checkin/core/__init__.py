"""The shared layer: plumbing every feature area may use, which imports no
feature area (docs/architecture.md)."""
