/* A tokenised block's sentences and token view in the compiled core.
 *
 * Included by _cmatch.c (one module, one build), in a file of its own so that
 * the matcher's and the judge's sections and these merge apart.  Each function
 * does what a Python function does, which stays the reference and the fallback
 * (tests/test_cblock.py compares the two on hypothesis-built text and on the
 * test corpus's pages):
 *
 *   token_sentence_starts  sentences.token_sentence_starts: the sentence rule
 *                          over a block's tokens (the token indices where its
 *                          sentences start), which tokendoc.sentence_token_starts
 *                          otherwise finds from the text by regular expressions
 *   view_columns           judge/sentences._view_of_tokens and TokenView's
 *                          barriers: the norms with curly apostrophes
 *                          straightened, which tokens are transparent and
 *                          which are barriers
 *   sentence_words         requirements.text_words of each sentence's tokens
 *                          joined by " " (what TokenView.words gives the
 *                          gates), for the sentences whose text is ASCII,
 *                          found for all of a block's sentences at its first
 *   untokenisable          whether nlp._UNTOKENISABLE matches a text at all
 *                          (a control character, or 8 characters in a row
 *                          that are neither word nor space characters):
 *                          nearly no block has either, and the regex's
 *                          search for them cost 0.04 s a megabyte
 *
 * What they save is a Python step per token and per sentence: a block is a
 * few sentences, and each of these was a loop, a generator or a regular
 * expression per block or per sentence.
 */

/* ---- token_sentence_starts ---------------------------------------------- */

/* A str's character at i (i < length). */
#define B_CH(s, i) PyUnicode_READ_CHAR((s), (i))

/* text.lower().rstrip(".") (strip = 1) or text.lower() (strip = 0), as a new str. ASCII in C,
 * any other text by str's own methods (Unicode case mapping may change the length). */
static PyObject *b_lower(PyObject *text, int strip) {
    if (PyUnicode_IS_ASCII(text)) {
        const unsigned char *c = PyUnicode_1BYTE_DATA(text);
        Py_ssize_t n = PyUnicode_GET_LENGTH(text);
        if (strip) while (n > 0 && c[n - 1] == '.') n--;
        PyObject *out = PyUnicode_New(n, 127);
        if (!out) return NULL;
        unsigned char *o = PyUnicode_1BYTE_DATA(out);
        for (Py_ssize_t k = 0; k < n; k++) o[k] = (c[k] >= 'A' && c[k] <= 'Z') ? (unsigned char)(c[k] + 32) : c[k];
        return out;
    }
    PyObject *low = PyObject_CallMethod(text, "lower", NULL);
    if (!low || !strip) return low;
    PyObject *out = PyObject_CallMethod(low, "rstrip", "s", ".");
    Py_DECREF(low);
    return out;
}

/* text.lower().rstrip(".") in set: 1, 0 or -1. */
static int b_lower_in(PyObject *text, PyObject *set) {
    PyObject *low = b_lower(text, 1);
    if (!low) return -1;
    int r = PySet_Contains(set, low);
    Py_DECREF(low);
    return r;
}

/* sentences.ends_sentence(text): text in enders, or a word ending in ".", "!" or "?" that is no
 * abbreviation ("Dr.") and no run of letters and dots ("U.S.", "A."). `last` holds the last
 * characters of the enders: a token ending otherwise is neither (the common case, no lookup);
 * nlast < 0 when they could not be listed (an empty ender, too many). */
static int b_ends(PyObject *text, PyObject *enders, PyObject *abbreviations, const Py_UCS4 *last, int nlast) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n == 0) return PySet_Contains(enders, text);
    Py_UCS4 ch = B_CH(text, n - 1);
    int may = ch == '.' || ch == '!' || ch == '?' || nlast < 0;  /* nlast < 0: every token is looked up */
    for (int k = 0; k < nlast && !may; k++) may = ch == last[k];
    if (!may) return 0;
    int r = PySet_Contains(enders, text);
    if (r) return r;
    if (n <= 1 || !(ch == '.' || ch == '!' || ch == '?')) return 0;
    r = b_lower_in(text, abbreviations);
    if (r) return r < 0 ? -1 : 0;
    /* not text[:-1].replace(".", "").isalpha(): an empty remainder is not alphabetic */
    int letters = 0;
    for (Py_ssize_t k = 0; k < n - 1; k++) {
        Py_UCS4 c = B_CH(text, k);
        if (c == '.') continue;
        if (!Py_UNICODE_ISALPHA(c)) return 1;
        letters = 1;
    }
    return !letters;
}

static inline int b_true(PyObject *list, Py_ssize_t i) {
    PyObject *o = PyList_GET_ITEM(list, i);
    return o == Py_True ? 1 : (o == Py_False ? 0 : PyObject_IsTrue(o));
}

/* token_sentence_starts(texts, spaces, is_space, tables): the token indices where sentences start
 * (0 first; [] for no tokens), sentences._mark_sentence_starts over a TokenDoc's columns.
 * tables = (ENDERS, CLOSERS, ABBREVIATIONS, DASHES, OPENERS): sentences.py's sets and string. */
static PyObject *token_sentence_starts_c(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !PyList_Check(args[0]) || !PyList_Check(args[1]) || !PyList_Check(args[2])
        || !PyTuple_Check(args[3]) || PyTuple_GET_SIZE(args[3]) != 5) {
        PyErr_SetString(PyExc_TypeError,
                        "token_sentence_starts(texts, spaces, is_space: lists, (enders, closers, abbreviations, dashes, openers))");
        return NULL;
    }
    PyObject *texts = args[0], *spaces = args[1], *is_space = args[2];
    PyObject *enders = PyTuple_GET_ITEM(args[3], 0), *closers = PyTuple_GET_ITEM(args[3], 1);
    PyObject *abbreviations = PyTuple_GET_ITEM(args[3], 2), *dashes = PyTuple_GET_ITEM(args[3], 3);
    PyObject *openers = PyTuple_GET_ITEM(args[3], 4);
    if (!PyAnySet_Check(enders) || !PyAnySet_Check(closers) || !PyAnySet_Check(abbreviations) || !PyAnySet_Check(dashes)
        || !PyUnicode_Check(openers)) {
        PyErr_SetString(PyExc_TypeError, "the sentence tables are four sets and a str");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(texts);
    if (PyList_GET_SIZE(spaces) != n || PyList_GET_SIZE(is_space) != n) {
        PyErr_SetString(PyExc_ValueError, "the token columns differ in length");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++)
        if (!PyUnicode_Check(PyList_GET_ITEM(texts, i))) { PyErr_SetString(PyExc_TypeError, "a token's text is a str"); return NULL; }
    Py_UCS4 last[16];
    int nlast = 0;
    {
        Py_ssize_t pos = 0;
        Py_hash_t hash;
        PyObject *e;
        while (_PySet_NextEntry(enders, &pos, &e, &hash)) {
            if (!PyUnicode_Check(e) || PyUnicode_GET_LENGTH(e) == 0 || nlast == 16) { nlast = -1; break; }
            last[nlast++] = B_CH(e, PyUnicode_GET_LENGTH(e) - 1);
        }
    }
    PyObject *out = PyList_New(0);
    if (!out || n == 0) return out;
    PyObject *zero = PyLong_FromLong(0);
    if (!zero || PyList_Append(out, zero) < 0) { Py_XDECREF(zero); goto fail; }
    Py_DECREF(zero);
    Py_ssize_t i = 0;
    while (i < n) {
        PyObject *text = PyList_GET_ITEM(texts, i);
        int ends = b_ends(text, enders, abbreviations, last, nlast);
        if (ends < 0) goto fail;
        if (!ends) { i++; continue; }
        Py_ssize_t tn = PyUnicode_GET_LENGTH(text);
        int dot = tn == 1 && B_CH(text, 0) == '.';
        if (dot && i > 0) {
            int sp = b_true(spaces, i - 1);
            if (sp < 0) goto fail;
            if (!sp) {
                int ab = b_lower_in(PyList_GET_ITEM(texts, i - 1), abbreviations);
                if (ab < 0) goto fail;
                if (ab) { i++; continue; }  /* "et al.", "Fig." */
            }
        }
        Py_ssize_t j = i + 1;
        while (j < n) {
            PyObject *t = PyList_GET_ITEM(texts, j);
            int c = PySet_Contains(closers, t);
            if (c == 0) c = PySet_Contains(enders, t);
            if (c < 0) goto fail;
            if (!c) break;
            j++;
        }
        while (j < n) {
            int sp = b_true(is_space, j);
            if (sp < 0) goto fail;
            if (!sp) break;
            j++;
        }
        if (j >= n) break;
        PyObject *nxt = PyList_GET_ITEM(texts, j);
        int dash = PySet_Contains(dashes, nxt);
        if (dash < 0) goto fail;
        if (dash) {
            int cl = PySet_Contains(closers, PyList_GET_ITEM(texts, j - 1));
            if (cl < 0) goto fail;
            if (cl) { i = j; continue; }  /* '"It changed my life." - Maria' */
        }
        int can;
        if (PyUnicode_GET_LENGTH(nxt) == 0) {
            can = 1;  /* "" in OPENERS */
        } else {
            Py_UCS4 c = B_CH(nxt, 0);
            can = Py_UNICODE_ISUPPER(c) || Py_UNICODE_ISDIGIT(c)
                  || PyUnicode_FindChar(openers, c, 0, PyUnicode_GET_LENGTH(openers), 1) >= 0;
        }
        if (can) {
            int skip = 0;  /* "et al. (2019)": the bracket goes on the sentence */
            if (dot && i > 0 && PyUnicode_GET_LENGTH(nxt) > 0 && B_CH(nxt, 0) == '(') {
                PyObject *low = b_lower(PyList_GET_ITEM(texts, i - 1), 0);
                if (!low) goto fail;
                skip = PyUnicode_CompareWithASCIIString(low, "al") == 0;
                Py_DECREF(low);
            }
            if (!skip) {
                PyObject *at = PyLong_FromSsize_t(j);
                if (!at || PyList_Append(out, at) < 0) { Py_XDECREF(at); goto fail; }
                Py_DECREF(at);
            }
        }
        i = j;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* ---- view_columns ------------------------------------------------------- */

static PyObject *b_curly_right, *b_curly_left, *b_apostrophe;

/* Does a str hold U+2019 or U+2018? */
static int b_curly(PyObject *s) {
    if (PyUnicode_IS_ASCII(s)) return 0;
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    return PyUnicode_FindChar(s, 0x2019, 0, n, 1) >= 0 || PyUnicode_FindChar(s, 0x2018, 0, n, 1) >= 0;
}

/* view_columns(texts, norms, is_space, transparent, barriers): (norms, transparent, barrier) of a
 * token view: the norms with "’" and "‘" made "'" (the same list when none holds one), whether
 * each token is a space or its text in `transparent`, and whether its norm is in `barriers`
 * (judge/sentences._view_of_tokens and TokenView.__init__). */
static PyObject *view_columns(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 5 || !PyList_Check(args[0]) || !PyList_Check(args[1]) || !PyList_Check(args[2])
        || !PyAnySet_Check(args[3]) || !PyAnySet_Check(args[4])) {
        PyErr_SetString(PyExc_TypeError, "view_columns(texts, norms, is_space: lists, transparent, barriers: sets)");
        return NULL;
    }
    PyObject *texts = args[0], *norms = args[1], *is_space = args[2], *transparent_set = args[3], *barriers = args[4];
    Py_ssize_t n = PyList_GET_SIZE(norms);
    if (PyList_GET_SIZE(texts) != n || PyList_GET_SIZE(is_space) != n) {
        PyErr_SetString(PyExc_ValueError, "the token columns differ in length");
        return NULL;
    }
    PyObject *straight = NULL, *transparent = PyList_New(n), *barrier = PyList_New(n);
    if (!transparent || !barrier) goto fail;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *norm = PyList_GET_ITEM(norms, i);
        if (!PyUnicode_Check(norm)) { PyErr_SetString(PyExc_TypeError, "a norm is a str"); goto fail; }
        if (!straight && b_curly(norm)) {
            straight = PyList_GetSlice(norms, 0, n);
            if (!straight) goto fail;
        }
    }
    if (straight) {
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *norm = PyList_GET_ITEM(straight, i);
            if (!b_curly(norm)) continue;
            PyObject *a = PyUnicode_Replace(norm, b_curly_right, b_apostrophe, -1);
            if (!a) goto fail;
            PyObject *b = PyUnicode_Replace(a, b_curly_left, b_apostrophe, -1);
            Py_DECREF(a);
            if (!b) goto fail;
            PyList_SetItem(straight, i, b);  /* steals b, drops the curly norm */
        }
    }
    PyObject *view_norms = straight ? straight : norms;
    for (Py_ssize_t i = 0; i < n; i++) {
        int t = b_true(is_space, i);
        if (t == 0) t = PySet_Contains(transparent_set, PyList_GET_ITEM(texts, i));
        if (t < 0) goto fail;
        PyObject *v = t ? Py_True : Py_False;
        Py_INCREF(v);
        PyList_SET_ITEM(transparent, i, v);
        int b = PySet_Contains(barriers, PyList_GET_ITEM(view_norms, i));
        if (b < 0) goto fail;
        v = b ? Py_True : Py_False;
        Py_INCREF(v);
        PyList_SET_ITEM(barrier, i, v);
    }
    PyObject *out = PyTuple_Pack(3, view_norms, transparent, barrier);
    Py_XDECREF(straight);
    Py_DECREF(transparent);
    Py_DECREF(barrier);
    return out;
fail:
    Py_XDECREF(straight);
    Py_XDECREF(transparent);
    Py_XDECREF(barrier);
    return NULL;
}

/* ---- sentence_words ----------------------------------------------------- */

/* sentence_words(texts, starts, number_words): {(start, end): words} for each sentence (tokens
 * starts[k] to starts[k + 1], the last to the end) whose text is ASCII, where words is what
 * requirements.text_words gives for the sentence's token texts joined by " ": (the set of the
 * lower-cased \w+ runs, whether it holds a number, the text). A number is a digit or one of
 * number_words among the words (text_words' ASCII shortcut); a sentence that is not ASCII is left
 * out (Python's Unicode rules decide its words). */
static PyObject *sentence_words(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyList_Check(args[0]) || !PyList_Check(args[1]) || !PyAnySet_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "sentence_words(texts, starts: lists, number_words: set)");
        return NULL;
    }
    PyObject *texts = args[0], *starts = args[1], *number_words = args[2];
    Py_ssize_t n = PyList_GET_SIZE(texts), ns = PyList_GET_SIZE(starts);
    PyObject *out = PyDict_New();
    if (!out) return NULL;
    for (Py_ssize_t k = 0; k < ns; k++) {
        PyObject *start = PyList_GET_ITEM(starts, k), *end = NULL;
        Py_ssize_t s = PyLong_AsSsize_t(start), e = n;
        if (s == -1 && PyErr_Occurred()) goto fail;
        if (k + 1 < ns) {
            end = PyList_GET_ITEM(starts, k + 1);
            Py_INCREF(end);
            e = PyLong_AsSsize_t(end);
            if (e == -1 && PyErr_Occurred()) { Py_DECREF(end); goto fail; }
        }
        if (s < 0 || e > n || s > e) { Py_XDECREF(end); PyErr_SetString(PyExc_ValueError, "sentence starts out of order"); goto fail; }
        int ascii = 1;
        Py_ssize_t len = e > s ? e - s - 1 : 0;
        for (Py_ssize_t i = s; i < e && ascii; i++) {
            PyObject *t = PyList_GET_ITEM(texts, i);
            if (!PyUnicode_Check(t)) { Py_XDECREF(end); PyErr_SetString(PyExc_TypeError, "a token's text is a str"); goto fail; }
            ascii = PyUnicode_IS_ASCII(t);
            len += PyUnicode_GET_LENGTH(t);
        }
        if (!ascii) { Py_XDECREF(end); continue; }
        if (!end && !(end = PyLong_FromSsize_t(e))) goto fail;
        PyObject *key = PyTuple_Pack(2, start, end);
        Py_DECREF(end);
        if (!key) goto fail;
        PyObject *text = PyUnicode_New(len, 127);
        if (!text) { Py_DECREF(key); goto fail; }
        unsigned char *c = PyUnicode_1BYTE_DATA(text);
        Py_ssize_t at = 0;
        for (Py_ssize_t i = s; i < e; i++) {
            PyObject *t = PyList_GET_ITEM(texts, i);
            if (i > s) c[at++] = ' ';
            memcpy(c + at, PyUnicode_1BYTE_DATA(t), PyUnicode_GET_LENGTH(t));
            at += PyUnicode_GET_LENGTH(t);
        }
        PyObject *found = ascii_words(NULL, &text, 1);
        if (!found) { Py_DECREF(key); Py_DECREF(text); goto fail; }
        PyObject *words = PyTuple_GET_ITEM(found, 0);
        int number = PyTuple_GET_ITEM(found, 1) == Py_True;
        if (!number) {
            /* not number_words.isdisjoint(words): the sentence's few words looked up */
            Py_ssize_t pos = 0;
            Py_hash_t hash;
            PyObject *w;
            while (!number && _PySet_NextEntry(words, &pos, &w, &hash)) {
                int r = PySet_Contains(number_words, w);
                if (r < 0) { Py_DECREF(key); Py_DECREF(found); Py_DECREF(text); goto fail; }
                number = r;
            }
        }
        PyObject *item = PyTuple_Pack(3, words, number ? Py_True : Py_False, text);
        Py_DECREF(found);
        Py_DECREF(text);
        int rc = item ? PyDict_SetItem(out, key, item) : -1;
        Py_DECREF(key);
        Py_XDECREF(item);
        if (rc < 0) goto fail;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* ---- untokenisable ---------------------------------------------------- */

/* Whether text holds a match of nlp._UNTOKENISABLE,
 * [\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|[^\w\s]{8,}, with re's meaning of \w (a
 * Unicode letter, digit or number, or '_') and \s (Py_UNICODE_ISSPACE) in a str pattern. */
static PyObject *untokenisable(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 1 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "untokenisable(text: str)");
        return NULL;
    }
    PyObject *text = args[0];
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), run = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c <= 0x08 || c == 0x0b || c == 0x0c || (c >= 0x0e && c <= 0x1f) || (c >= 0x7f && c <= 0x9f))
            Py_RETURN_TRUE;
        int plain;  /* a word or space character */
        if (c < 0x80)  /* the control characters are handled above: \t \n \r and ' ' are left of the spaces */
            plain = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '_' || (c >= '0' && c <= '9')
                    || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
        else
            plain = Py_UNICODE_ISALNUM(c) || Py_UNICODE_ISSPACE(c);
        if (plain) run = 0;
        else if (++run >= 8) Py_RETURN_TRUE;
    }
    Py_RETURN_FALSE;
}

static int cblock_init(void) {
    if (!(b_curly_right = PyUnicode_FromOrdinal(0x2019)) || !(b_curly_left = PyUnicode_FromOrdinal(0x2018))
        || !(b_apostrophe = PyUnicode_InternFromString("'")))
        return -1;
    return 0;
}

#define CBLOCK_METHODS \
    {"token_sentence_starts", (PyCFunction)(void (*)(void))token_sentence_starts_c, METH_FASTCALL, \
     "token_sentence_starts(texts, spaces, is_space, tables): sentences.token_sentence_starts as token indices."}, \
    {"view_columns", (PyCFunction)(void (*)(void))view_columns, METH_FASTCALL, \
     "view_columns(texts, norms, is_space, transparent, barriers): a token view's (norms, transparent, barrier)."}, \
    {"sentence_words", (PyCFunction)(void (*)(void))sentence_words, METH_FASTCALL, \
     "sentence_words(texts, starts, number_words): {(start, end): text_words of the joined tokens} of the ASCII sentences."}, \
    {"untokenisable", (PyCFunction)(void (*)(void))untokenisable, METH_FASTCALL, \
     "untokenisable(text): whether nlp._UNTOKENISABLE matches the text (a control character or 8 punctuation characters in a row)."},
