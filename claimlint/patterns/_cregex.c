/* Which of a set of rule regexes can match a text, in one call.
 *
 * Included by _cmatch.c (one module, one build), in a file of its own so that
 * its sections and the matcher's merge apart.  Each regex of a pack carries
 * its required literals (ruleset/regex.py required_literals: groups of
 * case-folded strings, every match containing one string of each group); a
 * text that lacks every string of some group is never searched.  Asking that
 * regex by regex cost a Python call chain and a compiled call per regex and
 * text (the prefilter, the rule regexes and the citation patterns each ask
 * every regex of theirs about every block or sentence); this asks it for all
 * the regexes of a set at once, and searches a text of one byte a character
 * (nearly every block) itself:
 *
 *   regex_candidates   ruleset/regex.py regex_candidates_py
 */

/* Whether the n bytes of `lit` occur in the h bytes of `hay`: memchr for the first, memcmp
 * for the rest (memmem is not in every C library). */
static int r_find1(const Py_UCS1 *hay, Py_ssize_t h, const Py_UCS1 *lit, Py_ssize_t n) {
    if (n > h) return 0;
    const Py_UCS1 *p = hay, *last = hay + h - n;
    while (p <= last) {
        p = (const Py_UCS1 *)memchr(p, lit[0], (size_t)(last - p + 1));
        if (!p) return 0;
        if (n == 1 || memcmp(p + 1, lit + 1, (size_t)(n - 1)) == 0) return 1;
        p++;
    }
    return 0;
}

/* What one pass over a text of one byte a character found, made when a literal is first
 * looked for: the characters that occur and the pairs of neighbouring characters (by their low
 * seven bits: a pair two characters share may let a literal through to the search, never the
 * other way round). A literal one of whose characters or pairs is missing is absent. The tables
 * are stamped with the scan's number instead of cleared for each text (the GIL keeps them to
 * one caller at a time). */
static uint32_t r_seen[256], r_pairs[1 << 14], r_stamp;

typedef struct {
    int done;
} r_chars;

#define R_PAIR(a, b) ((((unsigned)(a) & 0x7f) << 7) | ((unsigned)(b) & 0x7f))

static void r_scan(const Py_UCS1 *c, Py_ssize_t n, r_chars *cs) {
    if (++r_stamp == 0) {  /* wrapped: a stamp left from 2**32 scans ago must not count */
        memset(r_seen, 0, sizeof r_seen);
        memset(r_pairs, 0, sizeof r_pairs);
        r_stamp = 1;
    }
    uint32_t stamp = r_stamp;
    if (n) r_seen[c[0]] = stamp;
    for (Py_ssize_t i = 1; i < n; i++) {
        r_seen[c[i]] = stamp;
        r_pairs[R_PAIR(c[i - 1], c[i])] = stamp;
    }
    cs->done = 1;
}

/* Does `lit` occur in `text`? 1, 0, or -1 on error. Both of one byte a character (ASCII and
 * Latin-1 text, nearly every block): told by the scan, searched only when it lets the literal
 * through; a literal with a wider character than the text can hold is absent. */
static int r_contains(PyObject *text, r_chars *cs, PyObject *lit) {
    if (!PyUnicode_Check(lit)) { PyErr_SetString(PyExc_TypeError, "a literal is a str"); return -1; }
    int tk = PyUnicode_KIND(text), lk = PyUnicode_KIND(lit);
    if (lk > tk) return 0;
    if (tk != PyUnicode_1BYTE_KIND) return PyUnicode_Contains(text, lit);
    const Py_UCS1 *l = PyUnicode_1BYTE_DATA(lit), *t = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(lit), h = PyUnicode_GET_LENGTH(text);
    if (n == 0) return 1;
    if (!cs->done) r_scan(t, h, cs);
    if (r_seen[l[0]] != r_stamp) return 0;
    for (Py_ssize_t i = 1; i < n; i++)
        if (r_pairs[R_PAIR(l[i - 1], l[i])] != r_stamp) return 0;
    return n == 1 || r_find1(t, h, l, n);
}

/* regex_candidates(text, needs, items): the items (a list, in order) whose needs (a tuple of
 * groups of literals, () when a regex's cannot be told) the case-folded text meets, each
 * group by one of its literals: what lacks_group answers for one regex, asked for every
 * regex of a set in one call. */
static PyObject *regex_candidates(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyUnicode_Check(args[0]) || !PyTuple_Check(args[1]) || !PyTuple_Check(args[2])
        || PyTuple_GET_SIZE(args[1]) != PyTuple_GET_SIZE(args[2])) {
        PyErr_SetString(PyExc_TypeError, "regex_candidates(text: str, needs: tuple, items: tuple of the same length)");
        return NULL;
    }
    PyObject *text = args[0], *needs = args[1], *items = args[2];
    Py_ssize_t nr = PyTuple_GET_SIZE(needs), kept = 0;
    /* Which regexes can match, all decided before the list is made: making it may run a
     * collection, and a finalizer that asked here again would stamp the tables anew. */
    unsigned char local[64], *met = nr <= 64 ? local : PyMem_Malloc((size_t)nr);
    if (!met) return PyErr_NoMemory();
    r_chars cs;
    cs.done = 0;
    PyObject *out = NULL;
    for (Py_ssize_t r = 0; r < nr; r++) {
        PyObject *groups = PyTuple_GET_ITEM(needs, r);
        if (!PyTuple_Check(groups)) { PyErr_SetString(PyExc_TypeError, "a regex's needs are a tuple"); goto done; }
        int all = 1;
        for (Py_ssize_t g = 0; g < PyTuple_GET_SIZE(groups) && all; g++) {
            PyObject *group = PyTuple_GET_ITEM(groups, g);
            if (!PyTuple_Check(group)) { PyErr_SetString(PyExc_TypeError, "a group of literals is a tuple"); goto done; }
            int found = 0;
            for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(group) && !found; k++) {
                found = r_contains(text, &cs, PyTuple_GET_ITEM(group, k));
                if (found < 0) goto done;
            }
            all = found;
        }
        met[r] = (unsigned char)all;
        kept += all;
    }
    out = PyList_New(kept);
    if (!out) goto done;
    for (Py_ssize_t r = 0, i = 0; r < nr; r++)
        if (met[r]) PyList_SET_ITEM(out, i++, Py_NewRef(PyTuple_GET_ITEM(items, r)));
done:
    if (met != local) PyMem_Free(met);
    return out;
}

/* ---- the module's part ------------------------------------------------------ */

#define CREGEX_METHODS \
    {"regex_candidates", (PyCFunction)(void (*)(void))regex_candidates, METH_FASTCALL, \
     "regex_candidates(text, needs, items): the items whose regex's required literals the text has."},
