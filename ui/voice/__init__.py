"""Spoken guidance: one short prompt per customer step, in Mandarin (and English).

Why offline speech from files: a kiosk in a hall often has no network and never a cloud
voice; espeak-ng's Mandarin voice renders every prompt once (at install with
``kiosk voice render``, or on a worker thread at first start) into a cache of WAV
files, and the GUI thread only starts a player process for a file that already exists.
``prompts`` holds the texts, ``cache`` renders them (no Qt), ``guide`` plays them.
"""
