/* The judge's per-sentence and per-hit steps in the compiled core.
 *
 * Included by _cmatch.c (one module, one build), in a file of its own so that
 * the matcher's sections and these merge apart.  Each function does exactly
 * what a Python function of claimlint/judge does, which stays the reference
 * (tests/test_cjudge.py compares the two on generated and corpus input):
 *
 *   modifier_matches   contexts/modifiers.py ModifierFinder.matches_py: the
 *                      pseudo-trigger and overlap pruning, the terminators
 *                      and each kept modifier's scope
 *   modifier_categories contexts/modifiers.py categories_for, with the hit's
 *                      gaps and mark read from its captures
 *   scare_quoted       contexts/modifiers.py scare_quoted_py
 *   modifier_find      contexts/modifiers.py find_py once the sentence's
 *                      modifiers are found: the categories and scare quotes
 *   in_name            constraints.py Constraints.in_name_py
 *   stands             constraints.py Constraints.stands_py: hold() and not
 *                      not_a_claim() in one call, the indexes' finds asked
 *                      through their find() methods
 *   prune              hits.py prune_py
 *
 * What they save is the Python glue around the compiled pattern finds: an
 * object, a generator or a list per modifier and per hit.
 */

static PyObject *j_find_name, *j_texts, *j_reported, *j_direction, *j_max_scope, *j_terminated_by, *j_category, *j_rule, *j_id, *j_lexicon_at,
    *j_name_head, *j_forward, *j_backward, *j_both, *j_pseudo, *j_terminate, *j_ing;

/* ---- helpers ------------------------------------------------------------ */

/* a == b for two str (interned strings compare by pointer first). */
static inline int j_streq(PyObject *a, PyObject *b) {
    if (a == b) return 1;
    if (!PyUnicode_Check(a) || !PyUnicode_Check(b)) {
        int r = PyObject_RichCompareBool(a, b, Py_EQ);
        return r;  /* -1 on error */
    }
    if (PyUnicode_GET_LENGTH(a) != PyUnicode_GET_LENGTH(b)) return 0;
    return PyUnicode_Compare(a, b) == 0;
}

static inline Py_ssize_t j_ssize(PyObject *o) {
    return PyLong_AsSsize_t(o);
}

/* ---- modifier_matches --------------------------------------------------- */

enum { D_OTHER = 0, D_FORWARD = 1, D_BACKWARD = 2, D_BOTH = 3, D_PSEUDO = 4, D_TERMINATE = 5 };

typedef struct {
    PyObject *modifier;  /* borrowed from the found list */
    Py_ssize_t start, end, order;
    int dir;
} JMod;

typedef struct { Py_ssize_t a, b; } JSpan;

static int j_direction_of(PyObject *modifier, int *dir) {
    PyObject *d = PyObject_GetAttr(modifier, j_direction);
    if (!d) return -1;
    int r = 0;
    static PyObject **names[] = {&j_forward, &j_backward, &j_both, &j_pseudo, &j_terminate};
    static const int codes[] = {D_FORWARD, D_BACKWARD, D_BOTH, D_PSEUDO, D_TERMINATE};
    *dir = D_OTHER;
    for (int k = 0; k < 5; k++) {
        int eq = j_streq(d, *names[k]);
        if (eq < 0) { r = -1; break; }
        if (eq) { *dir = codes[k]; break; }
    }
    Py_DECREF(d);
    return r;
}

/* sorted(..., key=(-(end - start), start)), stable: an insertion sort (a sentence has few modifiers). */
static void j_sort_length(JMod **v, Py_ssize_t n) {
    for (Py_ssize_t i = 1; i < n; i++) {
        JMod *x = v[i];
        Py_ssize_t j = i;
        while (j > 0) {
            JMod *y = v[j - 1];
            Py_ssize_t lx = x->end - x->start, ly = y->end - y->start;
            if (ly > lx || (ly == lx && y->start <= x->start)) break;
            v[j] = y;
            j--;
        }
        v[j] = x;
    }
}

static void j_sort_spans(JSpan *v, Py_ssize_t n) {
    for (Py_ssize_t i = 1; i < n; i++) {
        JSpan x = v[i];
        Py_ssize_t j = i;
        while (j > 0 && (v[j - 1].a > x.a || (v[j - 1].a == x.a && v[j - 1].b > x.b))) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

/* norms[i] in terminated_by (a list of str) */
static int j_in_seq(PyObject *seq, PyObject *item) {
    if (PyList_CheckExact(seq) || PyTuple_CheckExact(seq)) {
        Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
        PyObject **items = PySequence_Fast_ITEMS(seq);
        for (Py_ssize_t k = 0; k < n; k++) {
            int eq = j_streq(items[k], item);
            if (eq) return eq;
        }
        return 0;
    }
    return PySequence_Contains(seq, item);
}

static PyObject *j_pair(Py_ssize_t a, Py_ssize_t b) {
    PyObject *t = PyTuple_New(2);
    if (!t) return NULL;
    PyObject *x = PyLong_FromSsize_t(a), *y = PyLong_FromSsize_t(b);
    if (!x || !y) { Py_XDECREF(x); Py_XDECREF(y); Py_DECREF(t); return NULL; }
    PyTuple_SET_ITEM(t, 0, x);
    PyTuple_SET_ITEM(t, 1, y);
    return t;
}

/* ModifierFinder._scope for one kept modifier: a tuple of (a, b) spans. */
static PyObject *j_scope(const JMod *r, PyObject *norms, Py_ssize_t start, Py_ssize_t end,
                         const JSpan *terms, Py_ssize_t nterms) {
    PyObject *max_o = PyObject_GetAttr(r->modifier, j_max_scope);
    if (!max_o) return NULL;
    Py_ssize_t max_scope = j_ssize(max_o);
    Py_DECREF(max_o);
    if (max_scope == -1 && PyErr_Occurred()) return NULL;
    PyObject *extra = PyObject_GetAttr(r->modifier, j_terminated_by);
    if (!extra) return NULL;
    PyObject *spans[2];
    int n = 0;
    if (r->dir == D_FORWARD || r->dir == D_BOTH) {
        Py_ssize_t stop = r->end + max_scope < end ? r->end + max_scope : end;
        for (Py_ssize_t k = 0; k < nterms; k++) {
            Py_ssize_t ts = terms[k].a, te = terms[k].b;
            if (ts >= r->end) { if (ts < stop) stop = ts; }
            else if (ts < r->start && r->end <= te) { if (te < stop) stop = te; }
        }
        for (Py_ssize_t i = r->end; i < stop; i++) {
            int in = j_in_seq(extra, PyList_GET_ITEM(norms, i));
            if (in < 0) goto fail;
            if (in) { stop = i; break; }
        }
        if (!(spans[n] = j_pair(r->end, stop))) goto fail;
        n++;
    }
    if (r->dir == D_BACKWARD || r->dir == D_BOTH) {
        Py_ssize_t begin = r->start - max_scope > start ? r->start - max_scope : start;
        for (Py_ssize_t k = 0; k < nterms; k++) {
            Py_ssize_t ts = terms[k].a, te = terms[k].b;
            if (te <= r->start) { if (te > begin) begin = te; }
            else if (ts < r->start && r->end <= te) { if (ts > begin) begin = ts; }
        }
        for (Py_ssize_t i = r->start - 1; i > begin - 1; i--) {
            int in = j_in_seq(extra, PyList_GET_ITEM(norms, i));
            if (in < 0) goto fail;
            if (in) { begin = i + 1; break; }
        }
        if (!(spans[n] = j_pair(begin, r->start))) goto fail;
        n++;
    }
    Py_DECREF(extra);
    PyObject *t = PyTuple_New(n);
    if (!t) { for (int k = 0; k < n; k++) Py_DECREF(spans[k]); return NULL; }
    for (int k = 0; k < n; k++) PyTuple_SET_ITEM(t, k, spans[k]);
    return t;
fail:
    for (int k = 0; k < n; k++) Py_DECREF(spans[k]);
    Py_DECREF(extra);
    return NULL;
}

/* Whether norms[i] is longer than four characters and ends with "ing". */
static int j_ing_word(PyObject *w) {
    if (!PyUnicode_Check(w) || PyUnicode_GET_LENGTH(w) <= 4) return 0;
    return PyUnicode_Tailmatch(w, j_ing, 0, PY_SSIZE_T_MAX, 1) == 1;
}

static PyObject *j_make(PyObject *cls, PyObject *const *items, Py_ssize_t n) {
    if (plain_tuple_type(cls)) return tuple_of_type(cls, n, items);
    return PyObject_Vectorcall(cls, items, n, NULL);
}

/* modifier_matches(found, texts, norms, start, end, dashes, cls): ModifierFinder.matches_py over
 * the index's finds, each a (modifier, start, end, captures) tuple; cls(modifier, start, end, scope). */
static PyObject *modifier_matches(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 7 || !PyList_Check(args[0]) || !PyList_Check(args[1]) || !PyList_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "modifier_matches(found, texts, norms, start, end, dashes, cls)");
        return NULL;
    }
    PyObject *found = args[0], *texts = args[1], *norms = args[2], *dashes = args[5], *cls = args[6];
    Py_ssize_t start = j_ssize(args[3]), end = j_ssize(args[4]);
    if (PyErr_Occurred()) return NULL;
    if (start < 0 || end > PyList_GET_SIZE(texts) || end > PyList_GET_SIZE(norms) || start > end) {
        PyErr_SetString(PyExc_IndexError, "modifier_matches: tokens out of range");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(found);
    JMod *mods = NULL;
    JMod **cand = NULL, **kept = NULL, **pseudo = NULL;
    JSpan *terms = NULL;
    PyObject *out = NULL;
    Py_ssize_t ncand = 0, nkept = 0, npseudo = 0, nterms = 0;
    Py_ssize_t ndash = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        int in = PySet_Contains(dashes, PyList_GET_ITEM(texts, i));
        if (in < 0) return NULL;
        ndash += in;
    }
    mods = PyMem_Malloc(sizeof(JMod) * (n + 1));
    cand = PyMem_Malloc(sizeof(JMod *) * (3 * n + 1));
    terms = PyMem_Malloc(sizeof(JSpan) * (n + ndash + 1));
    if (!mods || !cand || !terms) { PyErr_NoMemory(); goto done; }
    kept = cand + n;
    pseudo = cand + 2 * n;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *m = PyList_GET_ITEM(found, k);
        if (!PyTuple_Check(m) || PyTuple_GET_SIZE(m) < 3) {
            PyErr_SetString(PyExc_TypeError, "modifier_matches: a find is (modifier, start, end, captures)");
            goto done;
        }
        JMod *r = &mods[k];
        r->modifier = PyTuple_GET_ITEM(m, 0);
        r->start = j_ssize(PyTuple_GET_ITEM(m, 1));
        r->end = j_ssize(PyTuple_GET_ITEM(m, 2));
        r->order = k;
        if (PyErr_Occurred() || j_direction_of(r->modifier, &r->dir) < 0) goto done;
        if (r->dir == D_PSEUDO) pseudo[npseudo++] = r;
        else if (r->dir != D_TERMINATE) cand[ncand++] = r;
    }
    j_sort_length(cand, ncand);
    for (Py_ssize_t k = 0; k < ncand; k++) {
        JMod *r = cand[k];
        int drop = 0;
        for (Py_ssize_t q = 0; q < npseudo && !drop; q++)
            drop = pseudo[q]->start < r->end && r->start < pseudo[q]->end;
        for (Py_ssize_t q = 0; q < nkept && !drop; q++)
            drop = kept[q]->start < r->end && r->start < kept[q]->end;
        if (!drop) kept[nkept++] = r;
    }
    /* A terminator inside a longer kept or pseudo phrase ends nothing. */
    for (Py_ssize_t k = 0; k < n; k++) {
        JMod *r = &mods[k];
        if (r->dir != D_TERMINATE) continue;
        int inside = 0;
        for (int pass = 0; pass < 2 && !inside; pass++) {
            JMod **v = pass ? pseudo : kept;
            Py_ssize_t nv = pass ? npseudo : nkept;
            for (Py_ssize_t q = 0; q < nv && !inside; q++) {
                JMod *o = v[q];
                inside = o->start <= r->start && r->end <= o->end && o->end - o->start > r->end - r->start;
            }
        }
        if (!inside) { terms[nterms].a = r->start; terms[nterms].b = r->end; nterms++; }
    }
    for (Py_ssize_t i = start; i < end; i++) {
        int in = PySet_Contains(dashes, PyList_GET_ITEM(texts, i));
        if (in < 0) goto done;
        if (!in) continue;
        if (i + 1 < end && j_ing_word(PyList_GET_ITEM(norms, i + 1))) continue;
        terms[nterms].a = i; terms[nterms].b = i + 1; nterms++;
    }
    j_sort_spans(terms, nterms);
    /* sorted(kept, key=start), stable */
    for (Py_ssize_t i = 1; i < nkept; i++) {
        JMod *x = kept[i];
        Py_ssize_t j = i;
        while (j > 0 && kept[j - 1]->start > x->start) { kept[j] = kept[j - 1]; j--; }
        kept[j] = x;
    }
    out = PyList_New(nkept);
    if (!out) goto done;
    for (Py_ssize_t k = 0; k < nkept; k++) {
        JMod *r = kept[k];
        PyObject *scope = j_scope(r, norms, start, end, terms, nterms);
        if (!scope) { Py_CLEAR(out); goto done; }
        PyObject *s = PyLong_FromSsize_t(r->start), *e = PyLong_FromSsize_t(r->end);
        PyObject *item = NULL;
        if (s && e) {
            PyObject *items[4] = {r->modifier, s, e, scope};
            item = j_make(cls, items, 4);
        }
        Py_XDECREF(s);
        Py_XDECREF(e);
        Py_DECREF(scope);
        if (!item) { Py_CLEAR(out); goto done; }
        PyList_SET_ITEM(out, k, item);
    }
done:
    PyMem_Free(mods);
    PyMem_Free(cand);
    PyMem_Free(terms);
    return out;
}

/* ---- modifier_categories ---------------------------------------------------- */

static int j_span_of(PyObject *t, Py_ssize_t *a, Py_ssize_t *b) {
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) < 2) {
        PyErr_SetString(PyExc_TypeError, "a span is (start, end)");
        return -1;
    }
    *a = j_ssize(PyTuple_GET_ITEM(t, 0));
    *b = j_ssize(PyTuple_GET_ITEM(t, 1));
    return PyErr_Occurred() ? -1 : 0;
}

/* categories_for(mods, start, end, gaps, mark) with the gaps and the mark (Hit.gaps, Hit.mark) read
 * from the hit's captures: a new set, and the mark's first token in *mark_start (start without one). */
static PyObject *j_categories(PyObject *mods, Py_ssize_t start, Py_ssize_t end, PyObject *captures,
                              Py_ssize_t *mark_start) {
    PyObject *out = PySet_New(NULL);
    if (!out) return NULL;
    PyObject *caps = PySequence_Tuple(captures);  /* a new reference to the tuple itself when it is one */
    if (!caps) { Py_DECREF(out); return NULL; }
    Py_ssize_t nmods = PyList_GET_SIZE(mods);
    Py_ssize_t ncaps = PyTuple_GET_SIZE(caps);
    int has_mark = 0;
    Py_ssize_t mark_a = 0, mark_b = 0;
    *mark_start = start;
    for (Py_ssize_t k = 0; k < ncaps && !has_mark; k++) {
        PyObject *c = PyTuple_GET_ITEM(caps, k);
        if (!PyTuple_Check(c) || PyTuple_GET_SIZE(c) < 3) goto bad_capture;
        int eq = j_streq(PyTuple_GET_ITEM(c, 0), s_mark);
        if (eq < 0) goto fail;
        if (eq) {
            has_mark = 1;
            mark_a = j_ssize(PyTuple_GET_ITEM(c, 1));
            mark_b = j_ssize(PyTuple_GET_ITEM(c, 2));
            if (PyErr_Occurred()) goto fail;
            *mark_start = mark_a;
        }
    }
    for (Py_ssize_t k = 0; k < nmods; k++) {
        PyObject *r = PyList_GET_ITEM(mods, k);
        if (!PyTuple_Check(r) || PyTuple_GET_SIZE(r) < 4 || !PyTuple_Check(PyTuple_GET_ITEM(r, 3))) {
            PyErr_SetString(PyExc_TypeError, "modifier_categories: a modifier match is (modifier, start, end, scope)");
            goto fail;
        }
        Py_ssize_t rs = j_ssize(PyTuple_GET_ITEM(r, 1)), re = j_ssize(PyTuple_GET_ITEM(r, 2));
        if (PyErr_Occurred()) goto fail;
        PyObject *scope = PyTuple_GET_ITEM(r, 3);
        Py_ssize_t nscope = PyTuple_GET_SIZE(scope);
        int add = 0;
        if (start <= rs && re <= end) {
            int in_gap = 0;
            for (Py_ssize_t q = 0; q < ncaps && !in_gap; q++) {
                PyObject *c = PyTuple_GET_ITEM(caps, q);
                if (!PyTuple_Check(c) || PyTuple_GET_SIZE(c) < 3) goto bad_capture;
                int eq = j_streq(PyTuple_GET_ITEM(c, 0), s_gap);
                if (eq < 0) goto fail;
                if (!eq) continue;
                Py_ssize_t a = j_ssize(PyTuple_GET_ITEM(c, 1)), b = j_ssize(PyTuple_GET_ITEM(c, 2));
                if (PyErr_Occurred()) goto fail;
                in_gap = a <= rs && re <= b;
            }
            if (in_gap) {
                if (!has_mark) add = 1;
                else {
                    for (Py_ssize_t q = 0; q < nscope && !add; q++) {
                        Py_ssize_t a, b;
                        if (j_span_of(PyTuple_GET_ITEM(scope, q), &a, &b) < 0) goto fail;
                        add = a < mark_b && mark_a < b;
                    }
                    if (!add) add = rs < mark_b && mark_a < re;
                }
            }
        } else if (rs < end && start < re) {
            add = 1;
        } else {
            for (Py_ssize_t q = 0; q < nscope && !add; q++) {
                Py_ssize_t a, b;
                if (j_span_of(PyTuple_GET_ITEM(scope, q), &a, &b) < 0) goto fail;
                add = a < end && start < b;
            }
        }
        if (add) {
            PyObject *cat = PyObject_GetAttr(PyTuple_GET_ITEM(r, 0), j_category);
            if (!cat) goto fail;
            int rc = PySet_Add(out, cat);
            Py_DECREF(cat);
            if (rc < 0) goto fail;
        }
    }
    Py_DECREF(caps);
    return out;
bad_capture:
    PyErr_SetString(PyExc_TypeError, "modifier_categories: a capture is (name, start, end, entry)");
fail:
    Py_DECREF(caps);
    Py_DECREF(out);
    return NULL;
}

/* modifier_categories(mods, start, end, captures): categories_for with the hit's gaps and mark. */
static PyObject *modifier_categories(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !PyList_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "modifier_categories(mods, start, end, captures)");
        return NULL;
    }
    Py_ssize_t start = j_ssize(args[1]), end = j_ssize(args[2]), mark_start;
    if (PyErr_Occurred()) return NULL;
    return j_categories(args[0], start, end, args[3], &mark_start);
}

/* ---- scare quotes ------------------------------------------------------------ */

/* The closing quote of an opening one (modifiers._QUOTES), or 0. */
static Py_UCS4 j_close_quote(Py_UCS4 q) {
    switch (q) {
    case '"': return '"';
    case 0x201C: return 0x201D;  /* “ ” */
    case 0x2018: return 0x2019;  /* ‘ ’ */
    case '\'': return '\'';
    default: return 0;
    }
}

/* str.isalnum() of one character */
static inline int j_alnum(Py_UCS4 c) {
    return Py_UNICODE_ISALPHA(c) || Py_UNICODE_ISDECIMAL(c) || Py_UNICODE_ISDIGIT(c) || Py_UNICODE_ISNUMERIC(c);
}

/* modifiers.scare_quoted(text, start): 1, 0, or -1 with an exception set. */
static int j_scare_quoted(PyObject *text, Py_ssize_t start, Py_ssize_t most_words) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (start == 0 || start > n) return 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_UCS4 close = j_close_quote(PyUnicode_READ(kind, data, start - 1));
    if (!close || (start >= 2 && j_alnum(PyUnicode_READ(kind, data, start - 2)))) return 0;
    Py_ssize_t j = PyUnicode_FindChar(text, close, start, n, 1);
    if (j == -2) return -1;
    if (j <= start) return 0;
    if (j + 1 < n && j_alnum(PyUnicode_READ(kind, data, j + 1))) return 0;  /* "'s" or "n't" */
    Py_ssize_t words = 0;
    int in_word = 0;
    for (Py_ssize_t i = start; i < j; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == '.' || c == '!' || c == '?') return 0;
        if (Py_UNICODE_ISSPACE(c)) in_word = 0;
        else if (!in_word) { in_word = 1; words++; }
    }
    return words > 0 && words <= most_words;
}

/* scare_quoted(text, start, most_words): modifiers.scare_quoted_py. */
static PyObject *scare_quoted(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "scare_quoted(text, start, most_words)");
        return NULL;
    }
    Py_ssize_t start = j_ssize(args[1]), most = j_ssize(args[2]);
    if (PyErr_Occurred()) return NULL;
    int r = j_scare_quoted(args[0], start, most);
    if (r < 0) return NULL;
    return PyBool_FromLong(r);
}

/* modifier_find(mods, start, end, captures, text, starts, most_words): modifiers.find_py for a hit
 * [start, end) with those captures, in a block of that text whose tokens start at `starts`. */
static PyObject *modifier_find(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 7 || !PyList_Check(args[0]) || !PyUnicode_Check(args[4]) || !PyList_Check(args[5])) {
        PyErr_SetString(PyExc_TypeError, "modifier_find(mods, start, end, captures, text, starts, most_words)");
        return NULL;
    }
    Py_ssize_t start = j_ssize(args[1]), end = j_ssize(args[2]), most = j_ssize(args[6]), mark_start;
    if (PyErr_Occurred()) return NULL;
    PyObject *out = j_categories(args[0], start, end, args[3], &mark_start);
    if (!out) return NULL;
    if (mark_start < 0 || mark_start >= PyList_GET_SIZE(args[5])) {
        PyErr_SetString(PyExc_IndexError, "modifier_find: the hit's first token is past the block's");
        Py_DECREF(out);
        return NULL;
    }
    Py_ssize_t at = j_ssize(PyList_GET_ITEM(args[5], mark_start));
    int r = (at == -1 && PyErr_Occurred()) ? -1 : j_scare_quoted(args[4], at, most);
    if (r > 0) r = PySet_Add(out, j_reported);
    if (r < 0) { Py_DECREF(out); return NULL; }
    return out;
}

/* ---- in_name -------------------------------------------------------------- */

static inline Py_UCS4 j_first(PyObject *s, int *has) {
    if (!PyUnicode_Check(s) || PyUnicode_GET_LENGTH(s) == 0) { *has = 0; return 0; }
    *has = 1;
    return PyUnicode_READ_CHAR(s, 0);
}

/* texts[i][:1].isalpha() */
static inline int j_alpha_first(PyObject *s) {
    int has;
    Py_UCS4 c = j_first(s, &has);
    return has && Py_UNICODE_ISALPHA(c);
}

/* texts[i][:1].isupper() (one character: str.isupper's own fast path) */
static inline int j_upper_first(PyObject *s) {
    int has;
    Py_UCS4 c = j_first(s, &has);
    return has && Py_UNICODE_ISUPPER(c);
}

/* str.isupper(): a cased character, and none lower or title case. */
static int j_isupper(PyObject *s) {
    if (!PyUnicode_Check(s)) return 0;
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    int cased = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISLOWER(c) || Py_UNICODE_ISTITLE(c)) return 0;
        if (!cased && Py_UNICODE_ISUPPER(c)) cased = 1;
    }
    return cased;
}

static int j_text_is(PyObject *s, const char *lit) {
    return PyUnicode_Check(s) && PyUnicode_CompareWithASCIIString(s, lit) == 0;
}

/* bool(view.lexicon_at(NAME_HEAD, None, i)) */
static int j_name_head_at(PyObject *view, Py_ssize_t i) {
    PyObject *pos = PyLong_FromSsize_t(i);
    if (!pos) return -1;
    PyObject *r = PyObject_CallMethodObjArgs(view, j_lexicon_at, j_name_head, Py_None, pos, NULL);
    Py_DECREF(pos);
    if (!r) return -1;
    int t = PyObject_IsTrue(r);
    Py_DECREF(r);
    return t;
}

static int j_upper_u(PyObject *s) {  /* "®" U+00AE, "™" U+2122 */
    return PyUnicode_Check(s) && PyUnicode_GET_LENGTH(s) == 1
           && (PyUnicode_READ_CHAR(s, 0) == 0xAE || PyUnicode_READ_CHAR(s, 0) == 0x2122);
}

/* Constraints.in_name_py (names on): 1, 0, or -1 with an exception set. */
static int j_in_name(PyObject *view, PyObject *texts, PyObject *transparent, Py_ssize_t start, Py_ssize_t end,
                     Py_ssize_t hs, Py_ssize_t he, Py_ssize_t name_span) {
    Py_ssize_t size = PyList_GET_SIZE(texts);
    if (start < 0 || hs < 0 || end > size || he > size || PyList_GET_SIZE(transparent) < size) {
        PyErr_SetString(PyExc_IndexError, "in_name: tokens out of range");
        return -1;
    }
    Py_ssize_t last = -1;
    int any = 0;
    for (Py_ssize_t i = hs; i < he; i++) {
        int t = PyObject_IsTrue(PyList_GET_ITEM(transparent, i));
        if (t < 0) return -1;
        PyObject *w = PyList_GET_ITEM(texts, i);
        if (t || !j_alpha_first(w)) continue;
        any = 1;
        if (!j_upper_first(w)) return 0;
        last = i;
    }
    if (!any) return 0;
    int sentence_any = 0, all_upper = 1;
    for (Py_ssize_t i = start; i < end && all_upper; i++) {
        PyObject *w = PyList_GET_ITEM(texts, i);
        if (!j_alpha_first(w) || PyUnicode_GET_LENGTH(w) <= 3) continue;
        sentence_any = 1;
        if (!j_upper_first(w)) all_upper = 0;
    }
    if (sentence_any && all_upper) return 0;  /* a heading in title case */
    if (last > hs) {
        int h = j_name_head_at(view, last);
        if (h) return h;
    }
    Py_ssize_t i = he, run = 0;
    while (i < end && run <= name_span) {
        PyObject *t = PyList_GET_ITEM(texts, i);
        int tr = PyObject_IsTrue(PyList_GET_ITEM(transparent, i));
        if (tr < 0) return -1;
        int sign = j_upper_u(t);
        if (tr && !sign) { i++; continue; }
        if (sign || j_text_is(t, "(R)") || j_text_is(t, "(TM)")) return 1;
        if (j_text_is(t, "(") && i + 2 < end && j_isupper(PyList_GET_ITEM(texts, i + 1))
            && PyUnicode_GET_LENGTH(PyList_GET_ITEM(texts, i + 1)) >= 2 && j_text_is(PyList_GET_ITEM(texts, i + 2), ")"))
            return 1;
        int h = j_name_head_at(view, i);
        if (h < 0) return -1;
        if (h && j_upper_first(t)) return 1;
        if (!j_upper_first(t)) return 0;
        i++;
        run++;
    }
    return 0;
}

/* in_name(view, texts, transparent, start, end, hs, he, span): Constraints.in_name_py (names on). */
static PyObject *in_name(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 8 || !PyList_Check(args[1]) || !PyList_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "in_name(view, texts, transparent, start, end, hs, he, span)");
        return NULL;
    }
    Py_ssize_t start = j_ssize(args[3]), end = j_ssize(args[4]), hs = j_ssize(args[5]), he = j_ssize(args[6]);
    Py_ssize_t name_span = j_ssize(args[7]);
    if (PyErr_Occurred()) return NULL;
    int r = j_in_name(args[0], args[1], args[2], start, end, hs, he, name_span);
    if (r < 0) return NULL;
    return PyBool_FromLong(r);
}

/* ---- stands: a hit's constraints ---------------------------------------------- */

/* index.find(view, s, e): a new reference to its list of matches. */
static PyObject *j_find(PyObject *index, PyObject *view, PyObject *s, PyObject *e) {
    PyObject *args[4] = {index, view, s, e};
    PyObject *found = PyObject_VectorcallMethod(j_find_name, args, 4 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    if (found && !PyList_Check(found)) {
        Py_DECREF(found);
        PyErr_SetString(PyExc_TypeError, "stands: an index's find() gives a list");
        return NULL;
    }
    return found;
}

/* Whether some match of `found` ends after a and starts before b (each a (key, start, end, ...) tuple). */
static int j_any_overlap(PyObject *found, Py_ssize_t a, Py_ssize_t b) {
    Py_ssize_t n = PyList_GET_SIZE(found);
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *m = PyList_GET_ITEM(found, k);
        if (!PyTuple_Check(m) || PyTuple_GET_SIZE(m) < 3) {
            PyErr_SetString(PyExc_TypeError, "stands: a match is (key, start, end, captures)");
            return -1;
        }
        Py_ssize_t ms = j_ssize(PyTuple_GET_ITEM(m, 1)), me = j_ssize(PyTuple_GET_ITEM(m, 2));
        if (PyErr_Occurred()) return -1;
        if (ms < b && a < me) return 1;
    }
    return 0;
}

/* Whether index.find(view, s, e) holds a match that ends after a and starts before b (-1 on an
 * error): the one test behind a requirement (within a window, or anywhere: a = PY_SSIZE_T_MIN,
 * b = PY_SSIZE_T_MAX), an `unless`, an `unless_sentence` and the measures. */
static int j_found_overlaps(PyObject *index, PyObject *view, PyObject *s, PyObject *e, Py_ssize_t a, Py_ssize_t b) {
    PyObject *found = j_find(index, view, s, e);
    if (!found) return -1;
    int r = j_any_overlap(found, a, b);
    Py_DECREF(found);
    return r;
}

/* stands(view, checks, measures, names, s, e, hs, he): Constraints.stands_py, that is hold() and not
 * not_a_claim(). checks: (requires: tuple of (within or None, index), unless index or None,
 * unless_sentence index or None); measures: an index or None; names: the words a name may run on
 * before its head word (constraints._NAME_SPAN), or None when names are not judged. */
static PyObject *stands(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 8 || !PyTuple_Check(args[1]) || PyTuple_GET_SIZE(args[1]) != 3 || !PyTuple_Check(PyTuple_GET_ITEM(args[1], 0))) {
        PyErr_SetString(PyExc_TypeError, "stands(view, (requires, unless, unless_sentence), measures, names, s, e, hs, he)");
        return NULL;
    }
    PyObject *view = args[0], *checks = args[1], *measures = args[2], *so = args[4], *eo = args[5];
    PyObject *requires = PyTuple_GET_ITEM(checks, 0), *unless = PyTuple_GET_ITEM(checks, 1),
             *unless_sentence = PyTuple_GET_ITEM(checks, 2);
    Py_ssize_t s = j_ssize(so), e = j_ssize(eo), hs = j_ssize(args[6]), he = j_ssize(args[7]);
    if (PyErr_Occurred()) return NULL;
    int names = args[3] != Py_None;
    Py_ssize_t name_span = names ? j_ssize(args[3]) : 0;
    if (PyErr_Occurred()) return NULL;
    Py_ssize_t nreq = PyTuple_GET_SIZE(requires);
    for (Py_ssize_t k = 0; k < nreq; k++) {
        PyObject *pair = PyTuple_GET_ITEM(requires, k);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            PyErr_SetString(PyExc_TypeError, "stands: a requirement is (within, index)");
            return NULL;
        }
        PyObject *within = PyTuple_GET_ITEM(pair, 0);
        Py_ssize_t a = PY_SSIZE_T_MIN, b = PY_SSIZE_T_MAX;  /* anywhere in the sentence */
        if (within != Py_None) {
            Py_ssize_t w = j_ssize(within);
            if (w == -1 && PyErr_Occurred()) return NULL;
            a = hs - w, b = he + w;
        }
        int met = j_found_overlaps(PyTuple_GET_ITEM(pair, 1), view, so, eo, a, b);
        if (met < 0) return NULL;
        if (!met) Py_RETURN_FALSE;
    }
    /* unless (overlapping the hit), unless_sentence (anywhere), the measures (overlapping the hit) */
    PyObject *voids[3] = {unless, unless_sentence, measures};
    for (int k = 0; k < 3; k++) {
        if (voids[k] == Py_None) continue;
        int anywhere = k == 1;
        int hit = j_found_overlaps(voids[k], view, so, eo, anywhere ? PY_SSIZE_T_MIN : hs, anywhere ? PY_SSIZE_T_MAX : he);
        if (hit < 0) return NULL;
        if (hit) Py_RETURN_FALSE;
    }
    if (names) {
        PyObject *texts = PyObject_GetAttr(view, j_texts), *transparent = PyObject_GetAttr(view, s_transparent);
        int r = -1;
        if (texts && transparent) {
            if (PyList_Check(texts) && PyList_Check(transparent))
                r = j_in_name(view, texts, transparent, s, e, hs, he, name_span);
            else
                PyErr_SetString(PyExc_TypeError, "stands: a view's texts and transparent are lists");
        }
        Py_XDECREF(texts);
        Py_XDECREF(transparent);
        if (r < 0) return NULL;
        if (r) Py_RETURN_FALSE;
    }
    Py_RETURN_TRUE;
}

/* ---- prune ---------------------------------------------------------------- */

typedef struct { PyObject *hit, *rule, *id; Py_ssize_t start, end; } JHit;

/* a < b by (rule id, -(length), start) */
static int j_before_by_rule(const JHit *a, const JHit *b, int *lt) {
    int c = PyObject_RichCompareBool(a->id, b->id, Py_LT);
    if (c < 0) return -1;
    if (c) { *lt = 1; return 0; }
    c = PyObject_RichCompareBool(b->id, a->id, Py_LT);
    if (c < 0) return -1;
    if (c) { *lt = 0; return 0; }
    Py_ssize_t la = a->end - a->start, lb = b->end - b->start;
    *lt = la > lb || (la == lb && a->start < b->start);
    return 0;
}

/* a < b by (start, rule id) */
static int j_before_by_start(const JHit *a, const JHit *b, int *lt) {
    if (a->start != b->start) { *lt = a->start < b->start; return 0; }
    int c = PyObject_RichCompareBool(a->id, b->id, Py_LT);
    if (c < 0) return -1;
    *lt = c;
    return 0;
}

/* A stable insertion sort with a comparison that may fail. */
static int j_sort_hits(JHit *v, Py_ssize_t n, int (*before)(const JHit *, const JHit *, int *)) {
    for (Py_ssize_t i = 1; i < n; i++) {
        JHit x = v[i];
        Py_ssize_t j = i;
        while (j > 0) {
            int lt;
            if (before(&x, &v[j - 1], &lt) < 0) return -1;
            if (!lt) break;
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
    return 0;
}

/* prune(hits): hits.prune_py, per rule the longest of overlapping hits. */
static PyObject *prune(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 1 || !PyList_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "prune(hits)");
        return NULL;
    }
    PyObject *hits = args[0];
    Py_ssize_t n = PyList_GET_SIZE(hits);
    if (n < 2) return Py_NewRef(hits);
    JHit *v = PyMem_Calloc(n, sizeof(JHit));
    if (!v) return PyErr_NoMemory();
    PyObject *out = NULL;
    Py_ssize_t k;
    for (k = 0; k < n; k++) {
        PyObject *h = PyList_GET_ITEM(hits, k);
        if (!PyTuple_Check(h) || PyTuple_GET_SIZE(h) < 4) {
            PyErr_SetString(PyExc_TypeError, "prune: a hit is (rule, spec, start, end, captures)");
            goto done;
        }
        v[k].hit = h;
        v[k].rule = PyTuple_GET_ITEM(h, 0);
        v[k].start = j_ssize(PyTuple_GET_ITEM(h, 2));
        v[k].end = j_ssize(PyTuple_GET_ITEM(h, 3));
        if (PyErr_Occurred()) goto done;
        if (!(v[k].id = PyObject_GetAttr(v[k].rule, j_id))) goto done;
    }
    if (j_sort_hits(v, n, j_before_by_rule) < 0) goto done;
    Py_ssize_t nkept = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int drop = 0;
        for (Py_ssize_t q = 0; q < nkept && !drop; q++)
            drop = v[q].rule == v[i].rule && v[q].start < v[i].end && v[i].start < v[q].end;
        if (drop) { Py_CLEAR(v[i].id); continue; }
        if (nkept != i) { v[nkept] = v[i]; v[i].id = NULL; }  /* kept hits are a prefix of v, owning their ids */
        nkept++;
    }
    if (j_sort_hits(v, nkept, j_before_by_start) < 0) goto done;
    out = PyList_New(nkept);
    if (!out) goto done;
    for (Py_ssize_t i = 0; i < nkept; i++) PyList_SET_ITEM(out, i, Py_NewRef(v[i].hit));
done:
    for (Py_ssize_t i = 0; i < n; i++) Py_XDECREF(v[i].id);
    PyMem_Free(v);
    return out;
}

/* ---- the module's part ------------------------------------------------------ */

#define CJUDGE_METHODS \
    {"modifier_matches", (PyCFunction)(void (*)(void))modifier_matches, METH_FASTCALL, \
     "modifier_matches(found, texts, norms, start, end, dashes, cls): ModifierFinder.matches_py."}, \
    {"modifier_categories", (PyCFunction)(void (*)(void))modifier_categories, METH_FASTCALL, \
     "modifier_categories(mods, start, end, captures): categories_for with the hit's gaps and mark."}, \
    {"scare_quoted", (PyCFunction)(void (*)(void))scare_quoted, METH_FASTCALL, \
     "scare_quoted(text, start, most_words): modifiers.scare_quoted_py."}, \
    {"modifier_find", (PyCFunction)(void (*)(void))modifier_find, METH_FASTCALL, \
     "modifier_find(mods, start, end, captures, text, starts, most_words): modifiers.find_py's categories."}, \
    {"in_name", (PyCFunction)(void (*)(void))in_name, METH_FASTCALL, \
     "in_name(view, texts, transparent, start, end, hs, he, span): Constraints.in_name_py."}, \
    {"stands", (PyCFunction)(void (*)(void))stands, METH_FASTCALL, \
     "stands(view, checks, measures, name_span, s, e, hs, he): Constraints.stands_py."}, \
    {"prune", (PyCFunction)(void (*)(void))prune, METH_FASTCALL, \
     "prune(hits): per rule, the longest of overlapping hits (hits.prune_py)."},

static int cjudge_init(void) {
#define S(var, text) if (!(var = PyUnicode_InternFromString(text))) return -1;
    S(j_find_name, "find") S(j_texts, "texts") S(j_reported, "reported") S(j_direction, "direction") S(j_max_scope, "max_scope") S(j_terminated_by, "terminated_by")
    S(j_category, "category") S(j_rule, "rule") S(j_id, "id") S(j_lexicon_at, "lexicon_at")
    S(j_name_head, "name-head") S(j_forward, "forward") S(j_backward, "backward") S(j_both, "both")
    S(j_pseudo, "pseudo") S(j_terminate, "terminate") S(j_ing, "ing")
#undef S
    return 0;
}
