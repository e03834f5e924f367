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
 * the regexes of a set at once, and answers a one-character literal (most of
 * them: quotes, dashes, digits, brackets) from one pass over the text:
 *
 *   regex_candidates   ruleset/regex.py regex_candidates_py
 */

/* What one pass over the text found: the characters below 256 that occur, and whether any
 * character at or above 256 does (then a literal holding one is searched for). */
typedef struct {
    unsigned char seen[256];
    int wide;
} r_chars;

static void r_scan(PyObject *text, r_chars *cs) {
    memset(cs->seen, 0, sizeof cs->seen);
    cs->wide = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *c = (const Py_UCS1 *)data;
        for (Py_ssize_t i = 0; i < n; i++) cs->seen[c[i]] = 1;
        return;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch < 256) cs->seen[ch] = 1;
        else cs->wide = 1;
    }
}

/* Does `lit` occur in `text`? 1, 0, or -1 on error. A literal with a character the text does
 * not hold is absent without a search; a one-character literal is answered by the scan. */
static int r_contains(PyObject *text, const r_chars *cs, PyObject *lit) {
    if (!PyUnicode_Check(lit)) { PyErr_SetString(PyExc_TypeError, "a literal is a str"); return -1; }
    Py_ssize_t n = PyUnicode_GET_LENGTH(lit);
    if (n == 0) return 1;
    int kind = PyUnicode_KIND(lit);
    const void *data = PyUnicode_DATA(lit);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch < 256 ? !cs->seen[ch] : !cs->wide) return 0;
    }
    if (n == 1 && PyUnicode_READ(kind, data, 0) < 256) return 1;
    return PyUnicode_Contains(text, lit);
}

/* regex_candidates(text, needs, items): the items (a list, in order) whose needs (a tuple of
 * groups of literals, () when a regex's cannot be told) the case-folded text meets, each
 * group by one of its literals: what lacks_group answers for one regex, asked for every
 * regex of a set with one scan of the text. */
static PyObject *regex_candidates(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyUnicode_Check(args[0]) || !PyTuple_Check(args[1]) || !PyTuple_Check(args[2])
        || PyTuple_GET_SIZE(args[1]) != PyTuple_GET_SIZE(args[2])) {
        PyErr_SetString(PyExc_TypeError, "regex_candidates(text: str, needs: tuple, items: tuple of the same length)");
        return NULL;
    }
    PyObject *text = args[0], *needs = args[1], *items = args[2];
    r_chars cs;
    int scanned = 0;
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    for (Py_ssize_t r = 0; r < PyTuple_GET_SIZE(needs); r++) {
        PyObject *groups = PyTuple_GET_ITEM(needs, r);
        if (!PyTuple_Check(groups)) { PyErr_SetString(PyExc_TypeError, "a regex's needs are a tuple"); goto fail; }
        int met = 1;
        for (Py_ssize_t g = 0; g < PyTuple_GET_SIZE(groups) && met; g++) {
            PyObject *group = PyTuple_GET_ITEM(groups, g);
            if (!PyTuple_Check(group)) { PyErr_SetString(PyExc_TypeError, "a group of literals is a tuple"); goto fail; }
            if (!scanned) { r_scan(text, &cs); scanned = 1; }
            int found = 0;
            for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(group) && !found; k++) {
                found = r_contains(text, &cs, PyTuple_GET_ITEM(group, k));
                if (found < 0) goto fail;
            }
            met = found;
        }
        if (met && PyList_Append(out, PyTuple_GET_ITEM(items, r)) < 0) goto fail;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* ---- the module's part ------------------------------------------------------ */

#define CREGEX_METHODS \
    {"regex_candidates", (PyCFunction)(void (*)(void))regex_candidates, METH_FASTCALL, \
     "regex_candidates(text, needs, items): the items whose regex's required literals the text has."},
