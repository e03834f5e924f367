"""What only a sentence with a hit opens, stored in a cache entry of its own.

A compiled build packs what only a sentence with a hit reads (the constraints, the
context modifiers, approved uses, rewording agreement and the patterns only they use)
into bytes it opens on first use (compiled.py). Those bytes were 1.7 of the 2.9 MB of
the build's cache entry, so a page whose sentences match nothing paid for reading,
authenticating and copying them on every run. In the cache, the packed bytes are
therefore an entry of their own, named by their SHA-256 (claimlint.cache.put_part), and
the build's entry holds only that name; a build that opens them reads that entry then.

An entry that is missing (pruned), damaged or not authenticated gives None, and the
build compiles those parts again rather than trusting anything else (compiled.py). A
build pickled for another process (a Spark or Dask task) carries its packed bytes
inline, as before: Packed pickles as its bytes everywhere but in the cache.
"""
from __future__ import annotations

import hashlib


class Packed:
    """Packed parts held in memory (a fresh build, or one sent to another process)."""

    __slots__ = ("payload",)

    def __init__(self, payload: bytes) -> None:
        self.payload = payload

    def __reduce__(self):
        return (Packed, (self.payload,))

    def data(self):
        return self.payload


class Stored:
    """Packed parts in their own cache entry, read when first opened."""

    __slots__ = ("digest",)

    def __init__(self, digest: str) -> None:
        self.digest = digest

    def data(self):
        """The packed bytes, or None when their entry cannot be used."""
        from claimlint import cache

        return cache.get_part(self.digest)


def storing(persistent_id):
    """A persistent_id for writing a build's cache entry: each Packed's bytes are written to
    an entry of their own and named; kept inline if that entry could not be written."""

    def name(obj):
        if type(obj) is Packed:
            from claimlint import cache

            digest = hashlib.sha256(obj.payload).hexdigest()
            return ("stored", digest) if cache.put_part(digest, obj.payload) else None
        return persistent_id(obj)

    return name


def loading(persistent_load):
    """The persistent_load matching storing(): a stored part's name gives a Stored."""

    def load(name):
        if len(name) == 2 and name[0] == "stored" and isinstance(name[1], str):
            return Stored(name[1])
        return persistent_load(name)

    return load
