"""The demo rig: the reference server and the emulators wired to a real ``Runtime``, the
demo window with its control panel, scripted journeys and the screen gallery (harness
only: nothing in the product packages imports this).
"""
