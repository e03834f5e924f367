"""spaCy's English tokenizer in pure Python: the tokens of nlp.pipeline() without importing spaCy.

Importing spaCy and building `spacy.blank("en")` costs about 0.45 CPU s, several
times what a small page costs to lint. `tokenize(text)` gives the very tokens
spaCy's Tokenizer gives claimlint's pipeline (its text, character offset,
trailing space, NORM, LIKE_NUM and IS_SPACE), by the same algorithm
(spacy/tokenizer.pyx):

1. the text is cut into runs of whitespace and of other characters; a single
   " " after a token is that token's trailing space, any other whitespace is a
   token of its own (`_tokenize_affixes`);
2. each run is a special case ("don't" -> do + n't), or has prefixes and
   suffixes split off until what is left is a special case, a token_match or
   URL, or is split at its infixes (`_split_affixes`, `_attach_tokens`); this is
   sentences._Tokenizer, the same code the sentence splitter uses;
3. a special case that step 2 split apart ("''", "'s" after a prefix, "a.m."
   after a bracket) is joined back: every token sequence that is the plain
   tokenisation of a special case is found, overlapping ones filtered longest
   first, and those whose text is the special case replaced by its pieces
   (`_apply_special_cases`, `_filter_special_spans`);
4. NORM is the special case's norm for its pieces, else the word's: the norm
   exceptions ("’" -> "'"), else its lower case; LIKE_NUM is English's
   like_num, copied below.

The expressions and special cases are copied from the installed spaCy by
scripts/gen_sentence_tables.py (sentence_tables.py) and
scripts/gen_token_tables.py (token_tables.py); tests/test_tokenizer.py compares
every token with spaCy's on hand-written cases, generated pages and
hypothesis-built text. A run's tokens are kept in a bounded cache, as spaCy's
Tokenizer keeps them.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from claimlint import regexcache
from claimlint import sentence_tables as _s
from claimlint import token_tables as _t
from claimlint.patterns.native import load_core as _core  # the compiled core or None, decided once a process

_PREFIX = regexcache.compile(_s.PREFIX).search
_SUFFIX = regexcache.compile(_s.SUFFIX).search
_INFIX = regexcache.compile(_s.INFIX).finditer
_URL = regexcache.compile(_s.URL).match if _s.URL else None
_TOKEN_MATCH = regexcache.compile(_s.TOKEN_MATCH).match if _s.TOKEN_MATCH else None
_SPECIALS: dict[str, tuple[int, ...]] = _s.SPECIALS  # special case -> its pieces' lengths
_SPECIAL_NORMS: dict[str, tuple[str | None, ...]] = _t.SPECIAL_NORMS


def _special(key: str) -> tuple[tuple[int, str | None], ...]:
    lengths = _SPECIALS[key]
    return tuple(zip(lengths, _SPECIAL_NORMS.get(key) or (None,) * len(lengths)))


def _rejoin_patterns() -> tuple[dict[str, list[tuple[str, tuple[str, ...]]]], int]:
    """Special cases the affix rules split, by their first plain token: (key, plain token texts)."""
    by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for key, lengths in _s.MATCHER.items():
        texts, pos = [], 0
        for n in lengths:
            texts.append(key[pos:pos + n])
            pos += n
            while pos < len(key) and key[pos] == " ":  # a key with a space: its tokens' trailing spaces
                pos += 1
        by_first.setdefault(texts[0], []).append((key, tuple(texts)))
    return by_first, max((len(v) for v in _s.MATCHER.values()), default=0)


_REJOIN, _REJOIN_MAX = _rejoin_patterns()


class Tokens:
    """A text's tokens as parallel lists (index i is token i)."""

    __slots__ = ("text", "texts", "starts", "spaces", "norms", "nums", "is_space")

    def __init__(self, text: str) -> None:
        self.text = text
        self.texts: list[str] = []
        self.starts: list[int] = []  # character offset of each token (spaCy's Token.idx)
        self.spaces: list[bool] = []  # followed by one " " that belongs to no token (Token.whitespace_)
        self.norms: list[str] = []  # Token.norm_
        self.nums: list[bool] = []  # Token.like_num
        self.is_space: list[bool] = []  # Token.is_space

    def __len__(self) -> int:
        return len(self.texts)

    def token_at(self, char: int) -> int:
        """The token whose text or trailing space holds character `char`, or -1 (spaCy's token_by_char)."""
        i = bisect_right(self.starts, char) - 1
        if i < 0 or char >= self.starts[i] + len(self.texts[i]) + self.spaces[i]:
            return -1
        return i


def like_num(text: str) -> bool:
    """spacy.lang.en.lex_attrs.like_num, with its word lists from token_tables."""
    if text.startswith(("+", "-", "±", "~")):
        text = text[1:]
    text = text.replace(",", "").replace(".", "")
    if text.isdigit():
        return True
    if text.count("/") == 1:
        num, denom = text.split("/")
        if num.isdigit() and denom.isdigit():
            return True
    text_lower = text.lower()
    if text_lower in _t.NUM_WORDS or text_lower in _t.ORDINAL_WORDS:
        return True
    if text_lower.endswith(("st", "nd", "rd", "th")):
        if text_lower[:-2].isdigit():
            return True
    return False


@lru_cache(maxsize=1 << 16)
def word(text: str) -> tuple[str, bool, bool]:
    """A word's (norm, like_num, is_space), as spaCy's lexeme of it has them."""
    norm = _t.LEX_NORMS.get(text)
    if norm is None:
        norm = _t.NORM_LOOKUPS.get(text)
        if norm is None:
            norm = text.lower()
    return norm, like_num(text), text.isspace()


@lru_cache(maxsize=1 << 15)
def run_tokens(run: str) -> tuple[tuple[int, str | None], ...]:
    """The tokens of one run without whitespace (or of one whitespace token) as
    (length, the special case's norm or None): Tokenizer._try_specials_and_cache,
    _split_affixes and _attach_tokens."""
    if run in _SPECIALS:
        return _special(run)
    prefixes: list[tuple[int, str | None]] = []
    suffixes: list[tuple[int, str | None]] = []
    s = run
    last = 0
    while s and len(s) != last:
        if _TOKEN_MATCH and _TOKEN_MATCH(s):
            break
        if s in _SPECIALS:
            break
        last = len(s)
        m = _PREFIX(s)
        pre = m.end() - m.start() if m else 0
        if pre:
            minus_pre = s[pre:]
            if minus_pre and minus_pre in _SPECIALS:
                prefixes.append((pre, None))
                s = minus_pre
                break
        m = _SUFFIX(s[pre:])
        suf = m.end() - m.start() if m else 0
        if suf:
            minus_suf = s[:-suf]
            if minus_suf and minus_suf in _SPECIALS:
                suffixes.append((suf, None))
                s = minus_suf
                break
        if pre and suf and pre + suf <= len(s):
            prefixes.append((pre, None))
            suffixes.append((suf, None))
            s = s[pre:-suf]
        elif pre:
            prefixes.append((pre, None))
            s = s[pre:]
        elif suf:
            suffixes.append((suf, None))
            s = s[:-suf]
    out = prefixes
    if s:
        if s in _SPECIALS:
            out.extend(_special(s))
        elif (_TOKEN_MATCH and _TOKEN_MATCH(s)) or (_URL and _URL(s)):
            out.append((len(s), None))
        else:
            start = 0
            for m in _INFIX(s):
                a, b = m.start(), m.end()
                if a == 0:
                    continue  # spaCy skips an infix at the very start
                if a != start:
                    out.append((a - start, None))
                if a != b:
                    out.append((b - a, None))
                start = b
            if start < len(s):
                out.append((len(s) - start, None))
    out.extend(reversed(suffixes))
    return tuple(out)


@lru_cache(maxsize=1 << 15)
def _run_columns(run: str):
    """A run's tokens as columns (offsets, texts, norms, like_num, is_space), and whether some
    of them spell a special case that affix splitting broke up (_completes_special)."""
    offsets, texts, norms, nums, spaces = [], [], [], [], []
    pos = 0
    for n, special in run_tokens(run):
        t = run[pos:pos + n]
        norm, num, space = word(t)
        offsets.append(pos)
        texts.append(t)
        norms.append(norm if special is None else special)
        nums.append(num)
        spaces.append(space)
        pos += n
    texts = tuple(texts)
    return tuple(offsets), texts, tuple(norms), tuple(nums), tuple(spaces), _completes_special(texts)


def _completes_special(texts: tuple) -> bool:
    """Do some of a run's tokens, one after another, spell a special case to rejoin?

    Only such a run can change in _rejoin_specials: a match that runs on into the next run
    covers the white space between them, which no multi-character special case holds, so it
    leaves its tokens as they are. (A sentence's final "." starts the special case "._.",
    which a run ending in "." never completes: most blocks are then not searched at all.)"""
    for i, t in enumerate(texts):
        for _, pattern in _REJOIN.get(t, ()):
            if texts[i:i + len(pattern)] == pattern:
                return True
    return False


# A run without whitespace, then the single " " that is its trailing space, then any other
# whitespace (a token of its own).
_RUN = re.compile(r"(\S+)( ?)(\s*)")
_LEADING_SPACE = re.compile(r"\s+")


def tokenize(text: str) -> Tokens:
    """The tokens spaCy's tokenizer makes of `text` (nlp.pipeline().tokenizer(text))."""
    toks = Tokens(text)
    starts, texts, norms, nums, is_space, spaces = toks.starts, toks.texts, toks.norms, toks.nums, toks.is_space, toks.spaces
    rejoin = False
    m = _LEADING_SPACE.match(text)
    pos = 0
    if m:
        pos = m.end()
        _add(toks, 0, text[:pos])  # whitespace at the start is a token, even a single " "
    core = _core()
    if core is not None:  # the compiled core runs the loop below in one call
        if core.tokenize_runs(text, pos, _run_columns, starts, texts, norms, nums, is_space, spaces) or rejoin:
            _rejoin_specials(toks)
        return toks
    _runs_py(toks, text, pos, rejoin)
    return toks




def _runs_py(toks: Tokens, text: str, pos: int, rejoin: bool) -> None:
    """tokenize()'s loop over the runs from `pos` in Python: the reference the compiled core's
    tokenize_runs is tested against, and the fallback without it."""
    starts, texts, norms, nums, is_space, spaces = toks.starts, toks.texts, toks.norms, toks.nums, toks.is_space, toks.spaces
    # findall, not finditer: the runs are contiguous from `pos`, so each one's offset is the
    # previous one's end, and no match object is made per word.
    a = pos
    for run, space, rest in _RUN.findall(text, pos):
        offsets, ts, ns, nu, sp, candidate = _run_columns(run)
        if len(ts) == 1:
            starts.append(a)
            texts.append(ts[0])
            norms.append(ns[0])
            nums.append(nu[0])
            is_space.append(sp[0])
            spaces.append(bool(space))
        else:
            starts.extend([a + o for o in offsets])
            texts.extend(ts)
            norms.extend(ns)
            nums.extend(nu)
            is_space.extend(sp)
            spaces.extend([False] * (len(ts) - 1))
            spaces.append(bool(space))
        rejoin = rejoin or candidate
        a += len(run) + len(space)
        if rest:
            rejoin = _add(toks, a, rest) or rejoin
            a += len(rest)
    if rejoin:
        _rejoin_specials(toks)


def _add(toks: Tokens, a: int, run: str) -> bool:
    offsets, ts, ns, nu, sp, candidate = _run_columns(run)
    toks.starts.extend([a + o for o in offsets])
    toks.texts.extend(ts)
    toks.norms.extend(ns)
    toks.nums.extend(nu)
    toks.is_space.extend(sp)
    toks.spaces.extend([False] * len(ts))
    return candidate


def _rejoin_specials(toks: Tokens) -> None:
    """Tokenizer._apply_special_cases: put back the special cases that affix splitting broke up."""
    texts = toks.texts
    matches = []
    for i, t in enumerate(texts):
        candidates = _REJOIN.get(t)
        if candidates is None:
            continue
        for key, pattern in candidates:
            m = len(pattern)
            if tuple(texts[i:i + m]) == pattern:
                matches.append((m, i))
    if not matches:
        return
    # _filter_special_spans: longest first and, among equal lengths, the earlier first; a match
    # is kept when neither its first nor its last token was claimed; every token it covers is.
    matches.sort(key=lambda x: (-x[0], x[1]))
    seen: set[int] = set()
    kept = []
    for m, i in matches:
        if i not in seen and i + m - 1 not in seen:
            kept.append((i, m))
        seen.update(range(i, i + m))
    kept.sort()
    text = toks.text
    columns = (toks.starts, toks.texts, toks.norms, toks.nums, toks.is_space, toks.spaces)
    new = tuple([] for _ in columns)
    k = 0
    for i, m in kept:
        for old, out in zip(columns, new):
            out.extend(old[k:i])
        k = i + m
        first, last = toks.starts[i], toks.starts[k - 1] + len(toks.texts[k - 1])
        span = text[first:last]
        if span not in _SPECIALS:  # matched across whitespace: the tokens stay as they are
            for old, out in zip(columns, new):
                out.extend(old[i:k])
            continue
        pos = first
        for length, special in _special(span):
            t = text[pos:pos + length]
            norm, num, space = word(t)
            for out, value in zip(new, (pos, t, norm if special is None else special, num, space, False)):
                out.append(value)
            pos += length
        new[5][-1] = toks.spaces[k - 1]
    for old, out in zip(columns, new):
        out.extend(old[k:])
        old[:] = out
