"""Reusable widgets: the window chrome, the keypad, small display parts."""
