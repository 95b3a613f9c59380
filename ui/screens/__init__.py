"""Customer screens, one page per module."""
