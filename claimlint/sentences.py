"""Sentence boundaries from the text alone, without spaCy: `sentence_spans`.

claimlint's sentence rule is written over spaCy tokens (nlp._split_sentences): a
sentence ends at a token such as ".", "!" or "..." unless it closes an abbreviation
("et al.", "e.g.", "Dr."), and the next sentence starts at the first word after the
closing quotes, brackets and spaces when that word can begin a sentence. This module
gives the same boundaries, character for character, at a fraction of the cost, so a
page can be cut into sentences before spaCy is loaded and only the sentences that
could hold a claim need to be tokenised.

It does so by looking only at the whitespace-separated chunks that contain ".", "!",
"?" or "…" (and the few chunks after them), and by splitting those chunks exactly as
spaCy's tokenizer would: the same prefix, suffix, infix and URL expressions and the
same special cases, copied from the installed spaCy into sentence_tables.py by
scripts/gen_sentence_tables.py. tests/test_sentences.py checks the tables against
spaCy and the boundaries against the spaCy splitter.
"""
from __future__ import annotations

import re
from functools import lru_cache

from claimlint import regexcache

ENDERS = frozenset({".", "!", "?", "…", "..", "...", "?!", "!?", "!!", "??"})
CLOSERS = frozenset({'"', "'", "”", "’", ")", "]", "»"})
DASHES = frozenset({"-", "–", "—", "--"})
OPENERS = "\"'“‘([•*-"  # besides capitals and digits, what the first word of a sentence may start with
ABBREVIATIONS = frozenset({
    "al", "fig", "figs", "no", "nos", "vs", "approx", "ca", "cf", "vol", "pp", "ed", "eds", "st", "mt",
    "jr", "sr", "dr", "prof", "mr", "mrs", "ms", "inc", "ltd", "co", "corp", "dept", "est", "e.g", "i.e",
    "u.s", "u.k", "mg", "ml", "min", "max", "resp", "suppl", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
# What the compiled token rule (_cmatch.token_sentence_starts) reads: the same tables as _mark_sentence_starts.
TABLES = (ENDERS, CLOSERS, ABBREVIATIONS, DASHES, OPENERS)


def ends_sentence(text: str) -> bool:
    """Can a token with this text end a sentence? ("." and "!?" can; "Dr.", "U.S." and "A." cannot.)"""
    return text in ENDERS or (len(text) > 1 and text[-1] in ".!?" and text.lower().rstrip(".") not in ABBREVIATIONS
                              and not text[:-1].replace(".", "").isalpha())


def can_start(nxt: str) -> bool:
    """Can a token with this text begin a sentence?"""
    return nxt[:1].isupper() or nxt[:1].isdigit() or nxt[:1] in OPENERS


# From the first character of a chunk that can end a sentence to the chunk's end; the
# chunk's start is found by _chunk_start, looking back a few characters.
_CANDIDATE = re.compile(r"[.!?…]\S*")
_LAST_SPACE = re.compile(r"(?s:.*)\s")
_SPACE = re.compile(r"\s+")
_CHUNK = re.compile(r"\S+")


class _Tokenizer:
    """spaCy's English tokenisation of one whitespace-free chunk (Tokenizer._tokenize and
    _apply_special_cases), from the stored tables."""

    def __init__(self) -> None:
        from claimlint import sentence_tables as t

        self.specials: dict[str, tuple[int, ...]] = t.SPECIALS
        self.prefix = regexcache.compile(t.PREFIX).search
        self.suffix = regexcache.compile(t.SUFFIX).search
        self.infix = regexcache.compile(t.INFIX).finditer
        self.url = regexcache.compile(t.URL).match if t.URL else None
        self.token_match = regexcache.compile(t.TOKEN_MATCH).match if t.TOKEN_MATCH else None
        by_first: dict[str, list[tuple[str, tuple[int, ...]]]] = {}
        for key, lengths in t.MATCHER.items():
            by_first.setdefault(key[:lengths[0]], []).append((key, lengths))
        self.rejoin = by_first

    def lengths(self, chunk: str) -> tuple[int, ...]:
        """The lengths of the tokens spaCy makes of `chunk`, in order."""
        special = self.specials.get(chunk)
        if special is not None:
            return special
        pieces = self._affixes(chunk)
        return self._rejoin(chunk, pieces) if self.rejoin else pieces

    def _affixes(self, chunk: str) -> tuple[int, ...]:
        specials = self.specials
        prefixes: list[int] = []
        suffixes: list[int] = []
        s = chunk
        last = 0
        while s and len(s) != last:
            if self.token_match and self.token_match(s):
                break
            if s in specials:
                break
            last = len(s)
            m = self.prefix(s)
            pre = m.end() - m.start() if m else 0
            if pre:
                minus_pre = s[pre:]
                if minus_pre and minus_pre in specials:
                    prefixes.append(pre)
                    s = minus_pre
                    break
            m = self.suffix(s[pre:])
            suf = m.end() - m.start() if m else 0
            if suf:
                minus_suf = s[:-suf]
                if minus_suf and minus_suf in specials:
                    suffixes.append(suf)
                    s = minus_suf
                    break
            if pre and suf and pre + suf <= len(s):
                prefixes.append(pre)
                suffixes.append(suf)
                s = s[pre:-suf]
            elif pre:
                prefixes.append(pre)
                s = s[pre:]
            elif suf:
                suffixes.append(suf)
                s = s[:-suf]
        out = prefixes
        if s:
            special = specials.get(s)
            if special is not None:
                out.extend(special)
            elif (self.token_match and self.token_match(s)) or (self.url and self.url(s)):
                out.append(len(s))
            else:
                start = 0
                for m in self.infix(s):
                    a, b = m.start(), m.end()
                    if a == 0:
                        continue  # spaCy skips an infix at the very start
                    if a != start:
                        out.append(a - start)
                    if a != b:
                        out.append(b - a)
                    start = b
                if start < len(s):
                    out.append(len(s) - start)
        out.extend(reversed(suffixes))
        return tuple(out)

    def _rejoin(self, chunk: str, pieces: tuple[int, ...]) -> tuple[int, ...]:
        """spaCy's second pass: a special case the affix rules split ("word/Mass.") is put back."""
        starts = [0]
        for n in pieces:
            starts.append(starts[-1] + n)
        matches = []
        for k in range(len(pieces)):
            for key, lengths in self.rejoin.get(chunk[starts[k]:starts[k + 1]], ()):
                m = len(lengths)
                if pieces[k:k + m] == lengths and chunk.startswith(key, starts[k]):
                    matches.append((m, k))
        if not matches:
            return pieces
        # Tokenizer._filter_special_spans: longest first, then the later start; a span is kept
        # when neither end token was claimed, and every token it covers is claimed.
        seen: set[int] = set()
        kept = []
        for m, k in sorted(matches, reverse=True):
            if k not in seen and k + m - 1 not in seen:
                kept.append((k, m))
            seen.update(range(k, k + m))
        out: list[int] = []
        k = 0
        for start, m in sorted(kept):
            if start < k:
                continue
            out.extend(pieces[k:start])
            out.extend(self.specials[chunk[starts[start]:starts[start + m]]])
            k = start + m
        out.extend(pieces[k:])
        return tuple(out)


@lru_cache(maxsize=1)
def _tokenizer() -> _Tokenizer:
    return _Tokenizer()


@lru_cache(maxsize=1 << 14)
def _chunk_lengths(chunk: str) -> tuple[int, ...]:
    return _tokenizer().lengths(chunk)


def _chunk_tokens(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out = []
    for n in _chunk_lengths(text[a:b]):
        out.append((a, a + n))
        a += n
    return out


def _space_token(text: str, a: int, b: int) -> tuple[int, int] | None:
    """The space token spaCy makes of the whitespace run text[a:b]: a single ' ' after a word
    is that word's trailing space, not a token."""
    if a > 0 and text[a] == " ":
        a += 1
    return (a, b) if a < b else None


def _following(text: str, toks: list[tuple[int, int]], k: int, b: int):
    """The tokens after toks[k] (a chunk ending at b) as (start, end, is_space), lazily."""
    for s, e in toks[k + 1:]:
        yield s, e, False
    n = len(text)
    while b < n:
        m = _SPACE.match(text, b)
        if m:
            sp = _space_token(text, b, m.end())
            if sp:
                yield sp[0], sp[1], True
            b = m.end()
            if b >= n:
                return
        c = _CHUNK.match(text, b).end()
        for s, e in _chunk_tokens(text, b, c):
            yield s, e, False
        b = c


def _previous_text(text: str, toks: list[tuple[int, int]], k: int) -> str:
    """The text of the token before toks[k]: in the same chunk, a space token, or the last
    token of the chunk before (when only a trailing ' ' separates them)."""
    if k > 0:
        return text[toks[k - 1][0]:toks[k - 1][1]]
    a = toks[k][0]
    if a == 0:
        return ""
    if a >= 2 and text[a - 1] == " " and not text[a - 2].isspace():
        c = a - 1
        start = c
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        s, e = _chunk_tokens(text, start, c)[-1]
        return text[s:e]
    return text[a - 1]  # part of a space token


def _chunk_start(text: str, p: int) -> int:
    """The start of the whitespace-free chunk holding text[p]."""
    window = 32
    while True:
        w = max(0, p - window)
        m = _LAST_SPACE.match(text, w, p)
        if m:
            return m.end()
        if w == 0:
            return 0
        window *= 4


@lru_cache(maxsize=1 << 14)
def _plan(chunk: str) -> tuple[tuple[int, ...], tuple[tuple[int, int, bool], ...]]:
    """A chunk's token starts, and its tokens that end a sentence as (index, start, closed):
    closed when only closers and enders follow them in the chunk."""
    lengths = _tokenizer().lengths(chunk)
    starts = [0]
    for n in lengths:
        starts.append(starts[-1] + n)
    texts = [chunk[starts[i]:starts[i + 1]] for i in range(len(lengths))]
    enders = []
    for k, t in enumerate(texts):
        if not ends_sentence(t):
            continue
        if t == "." and k > 0 and texts[k - 1].lower().rstrip(".") in ABBREVIATIONS:
            continue  # "et al.", "Fig." (a token before the "." without a space between)
        rest = k + 1
        while rest < len(texts) and (texts[rest] in CLOSERS or texts[rest] in ENDERS):
            rest += 1
        enders.append((k, starts[k], rest == len(texts)))
    return tuple(starts), tuple(enders)


def sentence_starts(text: str) -> list[int]:
    """Character offsets where a sentence starts, after the first (which starts at 0)."""
    out: list[int] = []
    n = len(text)
    pos = 0  # tokens that start before pos have been passed over
    for m in _CANDIDATE.finditer(text):
        p, b = m.span()
        if b <= pos:
            continue
        a = _chunk_start(text, p)
        starts, enders = _plan(text[a:b])
        for k, rel, closed in enders:
            if a + rel < pos:
                continue
            if closed:  # the common case: closers, then spaces, then a word
                q = b
                if q < n and text[q].isspace():
                    q = _SPACE.match(text, q).end()
                if q >= n:
                    return out
                if text[q].isalnum():  # a word: not a closer, an ender, a dash or a bracket
                    if can_start(text[q]):
                        out.append(q)
                    pos = q
                    break
            toks = [(a + starts[i], a + starts[i + 1]) for i in range(len(starts) - 1)]
            s, e = toks[k]
            after = _following(text, toks, k, b)
            prev = (s, e, False)
            cur = next(after, None)
            while cur is not None and not cur[2] and (text[cur[0]:cur[1]] in CLOSERS or text[cur[0]:cur[1]] in ENDERS):
                prev, cur = cur, next(after, None)
            while cur is not None and cur[2]:
                prev, cur = cur, next(after, None)
            if cur is None:
                return out
            nxt = text[cur[0]:cur[1]]
            if not (nxt in DASHES and text[prev[0]:prev[1]] in CLOSERS) and can_start(nxt):
                if not (text[s:e] == "." and nxt[:1] == "(" and _previous_text(text, toks, k).lower() == "al"):
                    out.append(cur[0])
            pos = cur[0]
            if pos >= b:
                break
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) character spans of the sentences of `text`, as spaCy's `doc.sents`
    gives them (`sent.start_char`, `sent.end_char`) with claimlint's splitter."""
    n = len(text)
    if n == 0:
        return []
    starts = [0] + sentence_starts(text)
    spans = []
    for i, s in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else n
        spans.append((s, _token_end(text, s, end)))
    return spans


def _token_end(text: str, start: int, end: int) -> int:
    """Where the last token before `end` ends: a lone trailing ' ' belongs to no token."""
    if end - 1 > start and text[end - 1] == " " and not text[end - 2].isspace():
        return end - 1
    return end


def token_sentence_starts(doc) -> list[bool]:
    """The sentence rule over tokens (a spaCy Doc or a claimlint.tokendoc.TokenDoc): True where a
    sentence starts. `sentence_starts` gives the same boundaries from the text alone."""
    n = len(doc)
    starts = [False] * n
    if n:
        starts[0] = True
        _mark_sentence_starts(doc, n, starts)
    return starts


def _mark_sentence_starts(doc, n: int, starts: list[bool]) -> None:
    i = 0
    while i < n:
        tok = doc[i]
        text = tok.text
        ends = text in ENDERS or (len(text) > 1 and text[-1] in ".!?" and text.lower().rstrip(".") not in ABBREVIATIONS and not text[:-1].replace(".", "").isalpha())
        if not ends:
            i += 1
            continue
        if text == "." and i > 0 and doc[i - 1].lower_.rstrip(".") in ABBREVIATIONS and not doc[i - 1].whitespace_:
            i += 1
            continue
        j = i + 1
        while j < n and (doc[j].text in CLOSERS or doc[j].text in ENDERS):
            j += 1
        while j < n and doc[j].is_space:
            j += 1
        if j >= n:
            break
        nxt = doc[j].text
        if nxt in DASHES and doc[j - 1].text in CLOSERS:
            i = j
            continue  # '"It changed my life." - Maria' keeps the attribution with the quote
        if can_start(nxt):
            if not (text == "." and nxt[:1] == "(" and i > 0 and doc[i - 1].lower_ == "al"):
                starts[j] = True
        i = j
