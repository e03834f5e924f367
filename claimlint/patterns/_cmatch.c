/* The compiled core of claimlint's pattern matcher.
 *
 * A pattern's node tree (claimlint/patterns/matcher.py) is flattened by
 * `native.flatten` into nested tuples and built here into a `Program`; its
 * `match_at(view, i)` gives exactly what `CompiledPattern.match_at` gives in
 * Python: the longest end reachable from token i, with the captures of the
 * first path (depth-first order) that reaches it.  The Python nodes stay the
 * reference (tests/test_cmatch.py compares the two).
 *
 * Why it is faster: a path's captures are a linked list of cells in one
 * arena (no tuple per step), the ends reached so far are marked in an array
 * indexed by position (no dict per sequence item), and only the winning
 * path's captures become Python objects.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

enum { K_WORD, K_TRIE, K_LEX, K_NUM, K_GAP, K_SEQ, K_ALT, K_MARK };

typedef struct Node {
    int kind;
    int depth;              /* nesting level: the marks slot of a SEQ or ALT */
    PyObject *obj;          /* WORD: frozenset of norms; TRIE: dict first -> [(rest, value)] */
    PyObject *name;         /* LEX: lexicon name (capture name); */
    PyObject *form;         /* LEX: form or None */
    int lex;                /* LEX: slot of its (name, form) in a call's lexicon table */
    int low, high;          /* GAP */
    int n;                  /* SEQ/ALT/MARK: children */
    struct Node **kids;
    char *optional;         /* SEQ: which items are optional */
} Node;

typedef struct {
    PyObject_HEAD
    Node *root;
    int depth;              /* deepest level + 1 */
    int nlex;
    PyObject *capture;      /* the Capture class (a NamedTuple) */
    int capture_tuple;      /* it is a plain_tuple_type: captures are filled here, not by its __new__ */
    PyObject *lex_names;    /* tuple of (name, form) per lex slot */
} Program;

/* ---- one call's state ------------------------------------------------ */

typedef struct { PyObject *name; Py_ssize_t start, end; PyObject *entry; Py_ssize_t parent; } Cell;
typedef struct { Py_ssize_t end; Py_ssize_t cap; } State;
typedef struct { State *v; Py_ssize_t n, cap; State inl[16]; } Vec;

typedef struct {
    PyObject *view;
    PyObject **norms, **nums, **transparent, **barrier;
    Py_ssize_t limit;
    PyObject **lexd;        /* per lex slot: the view's index dict (owned), or NULL until asked */
    const Program *prog;
} Ctx;

static Cell *cells;
static Py_ssize_t ncells, capcells;
static unsigned int *marks;
static Py_ssize_t marks_width;
static int marks_depth;
static int busy;  /* one call at a time: the arena and marks are shared */
static unsigned int gen;
static PyObject *s_gap, *s_mark, *s_number, *s_lexicon_starts, *s_lex_cache, *s_words, *s_words_attr, *s_words_key, *s_norms, *s_nums, *s_transparent,
    *s_barrier, *s_limit;

static void vec_init(Vec *v) { v->v = v->inl; v->n = 0; v->cap = 16; }
static void vec_free(Vec *v) { if (v->v != v->inl) PyMem_Free(v->v); }
static int vec_push(Vec *v, Py_ssize_t end, Py_ssize_t cap) {
    if (v->n == v->cap) {
        Py_ssize_t nc = v->cap * 2;
        State *nv = PyMem_Malloc(nc * sizeof(State));
        if (!nv) { PyErr_NoMemory(); return -1; }
        memcpy(nv, v->v, v->n * sizeof(State));
        if (v->v != v->inl) PyMem_Free(v->v);
        v->v = nv; v->cap = nc;
    }
    v->v[v->n].end = end; v->v[v->n].cap = cap; v->n++;
    return 0;
}

static Py_ssize_t cell(PyObject *name, Py_ssize_t start, Py_ssize_t end, PyObject *entry, Py_ssize_t parent) {
    if (ncells == capcells) {
        Py_ssize_t nc = capcells ? capcells * 2 : 1024;
        Cell *n = PyMem_Realloc(cells, nc * sizeof(Cell));
        if (!n) { PyErr_NoMemory(); return -2; }
        cells = n; capcells = nc;
    }
    cells[ncells].name = name; cells[ncells].start = start; cells[ncells].end = end;
    cells[ncells].entry = entry; cells[ncells].parent = parent;
    return ncells++;
}

/* A fresh generation for one dedup set: marks[slot][pos] == gen means pos is in it. */
static unsigned int new_gen(void) {
    if (++gen == 0) { memset(marks, 0, marks_width * marks_depth * sizeof(unsigned int)); gen = 1; }
    return gen;
}
static inline int marked(int slot, Py_ssize_t pos, unsigned int g) { return marks[slot * marks_width + pos] == g; }
static inline void mark(int slot, Py_ssize_t pos, unsigned int g) { marks[slot * marks_width + pos] = g; }

static inline int truth(PyObject *o) {
    if (o == Py_True) return 1;
    if (o == Py_False || o == Py_None) return 0;
    return PyObject_IsTrue(o);
}
static inline Py_ssize_t skip(const Ctx *c, Py_ssize_t i) {
    while (i < c->limit && truth(c->transparent[i]) > 0) i++;
    return i;
}

/* Whether cls is a tuple subclass with nothing of its own (a NamedTuple: __slots__ = ()), whose
 * instances can be made as tuple.__new__(cls, items) makes them, without calling its __new__. */
static int plain_tuple_type(PyObject *cls) {
    if (!PyType_Check(cls)) return 0;
    PyTypeObject *t = (PyTypeObject *)cls;
    return t != &PyTuple_Type && PyType_IsSubtype(t, &PyTuple_Type) && t->tp_basicsize == PyTuple_Type.tp_basicsize
           && t->tp_itemsize == PyTuple_Type.tp_itemsize && t->tp_dictoffset == 0 && t->tp_alloc;
}

/* An instance of a plain_tuple_type holding n items (new references taken): what tuple_subtype_new
 * does for cls(*items) of a NamedTuple, whose __new__ is Python code. */
static PyObject *tuple_of_type(PyObject *cls, Py_ssize_t n, PyObject *const *items) {
    PyObject *t = ((PyTypeObject *)cls)->tp_alloc((PyTypeObject *)cls, n);
    if (!t) return NULL;
    for (Py_ssize_t k = 0; k < n; k++) PyTuple_SET_ITEM(t, k, Py_NewRef(items[k]));
    return t;
}

static int run(const Node *nd, Ctx *c, Py_ssize_t i, Py_ssize_t cap, Vec *out);
static PyTypeObject ProgramType;

static int run_seq(const Node *nd, Ctx *c, Py_ssize_t i, Py_ssize_t cap, Vec *out) {
    Vec a, b, *states = &a, *nxt = &b;
    int rc = -1;
    vec_init(&a); vec_init(&b);
    if (vec_push(states, i, cap) < 0) goto done;
    for (int k = 0; k < nd->n; k++) {
        unsigned int g = new_gen();
        nxt->n = 0;
        for (Py_ssize_t s = 0; s < states->n; s++) {
            Py_ssize_t pos = states->v[s].end, pcap = states->v[s].cap, from = nxt->n, to = from;
            if (run(nd->kids[k], c, pos, pcap, nxt) < 0) goto done;
            for (Py_ssize_t r = from; r < nxt->n; r++) {  /* keep each end's first captures */
                Py_ssize_t e = nxt->v[r].end;
                if (!marked(nd->depth, e, g)) { mark(nd->depth, e, g); nxt->v[to++] = nxt->v[r]; }
            }
            nxt->n = to;
            if (nd->optional[k] && !marked(nd->depth, pos, g)) {
                mark(nd->depth, pos, g);
                if (vec_push(nxt, pos, pcap) < 0) goto done;
            }
        }
        if (nxt->n == 0) { rc = 0; goto done; }
        Vec *t = states; states = nxt; nxt = t;
    }
    for (Py_ssize_t s = 0; s < states->n; s++)
        if (vec_push(out, states->v[s].end, states->v[s].cap) < 0) goto done;
    rc = 0;
done:
    vec_free(&a); vec_free(&b);
    return rc;
}

/* view.lexicon_starts(name, form): read from the view's own table of them (TokenView._lex_cache,
 * keyed by (name, form)) when it holds them, without a Python call; asked of the view otherwise.
 * key is the (name, form) tuple when the caller has one, else NULL. A new reference. */
static PyObject *view_lexicon_starts(PyObject *view, PyObject *name, PyObject *form, PyObject *key) {
    PyObject *cache = PyObject_GetAttr(view, s_lex_cache);
    if (!cache) PyErr_Clear();
    else {
        PyObject *found = NULL;
        if (PyDict_CheckExact(cache)) {
            PyObject *k = key ? Py_NewRef(key) : PyTuple_Pack(2, name, form);
            if (!k) { Py_DECREF(cache); return NULL; }
            found = PyDict_GetItemWithError(cache, k);
            Py_DECREF(k);
            if (!found && PyErr_Occurred()) { Py_DECREF(cache); return NULL; }
        }
        Py_DECREF(cache);
        if (found) return Py_NewRef(found);
    }
    return PyObject_CallMethodObjArgs(view, s_lexicon_starts, name, form, NULL);
}

static PyObject *lexicon_index(Ctx *c, const Node *nd) {
    PyObject *d = c->lexd[nd->lex];
    if (!d) {
        d = view_lexicon_starts(c->view, nd->name, nd->form, NULL);
        if (!d) return NULL;
        c->lexd[nd->lex] = d;
    }
    return d;
}

static int run(const Node *nd, Ctx *c, Py_ssize_t i, Py_ssize_t cap, Vec *out) {
    switch (nd->kind) {
    case K_WORD: {
        i = skip(c, i);
        if (i < c->limit) {
            int has = PySet_Contains(nd->obj, c->norms[i]);
            if (has < 0) return -1;
            if (has) return vec_push(out, i + 1, cap);
        }
        return 0;
    }
    case K_TRIE: {
        i = skip(c, i);
        if (i >= c->limit) return 0;
        PyObject *lst = PyDict_GetItemWithError(nd->obj, c->norms[i]);
        if (!lst) return PyErr_Occurred() ? -1 : 0;
        Py_ssize_t n = PyList_GET_SIZE(lst);
        for (Py_ssize_t k = 0; k < n; k++) {
            PyObject *rest = PyTuple_GET_ITEM(PyList_GET_ITEM(lst, k), 0);
            Py_ssize_t j = i + 1, m = PyTuple_GET_SIZE(rest), r;
            for (r = 0; r < m; r++) {
                j = skip(c, j);
                if (j >= c->limit) break;
                int eq = PyObject_RichCompareBool(c->norms[j], PyTuple_GET_ITEM(rest, r), Py_EQ);
                if (eq < 0) return -1;
                if (!eq) break;
                j++;
            }
            if (r == m && vec_push(out, j, cap) < 0) return -1;
        }
        return 0;
    }
    case K_LEX: {
        i = skip(c, i);
        if (i >= c->limit) return 0;
        PyObject *index = lexicon_index(c, nd);
        if (!index) return -1;
        PyObject *key = PyLong_FromSsize_t(i);
        if (!key) return -1;
        PyObject *lst = PyDict_Check(index) ? PyDict_GetItemWithError(index, key) : NULL;
        Py_DECREF(key);
        if (!lst) return PyErr_Occurred() ? -1 : 0;
        PyObject *seq = PySequence_Fast(lst, "a lexicon index holds sequences");
        if (!seq) return -1;
        int rc = 0;
        for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(seq); k++) {
            PyObject *pair = PySequence_Fast_GET_ITEM(seq, k);
            if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
                PyErr_SetString(PyExc_TypeError, "a lexicon index holds (end, entry) pairs");
                rc = -1; break;
            }
            Py_ssize_t end = PyLong_AsSsize_t(PyTuple_GET_ITEM(pair, 0));
            if (end == -1 && PyErr_Occurred()) { rc = -1; break; }
            if (end <= c->limit) {
                Py_ssize_t cc = cell(nd->name, i, end, PyTuple_GET_ITEM(pair, 1), cap);
                if (cc < -1 || vec_push(out, end, cc) < 0) { rc = -1; break; }
            }
        }
        Py_DECREF(seq);
        return rc;
    }
    case K_NUM: {
        i = skip(c, i);
        if (i < c->limit) {
            int t = truth(c->nums[i]);
            if (t < 0) return -1;
            if (t) {
                Py_ssize_t cc = cell(s_number, i, i + 1, NULL, cap);
                if (cc < -1) return -1;
                return vec_push(out, i + 1, cc);
            }
        }
        return 0;
    }
    case K_GAP: {
        Py_ssize_t j = i;
        for (int count = 0;; count++) {
            if (count >= nd->low) {
                Py_ssize_t cc = cap;
                if (j > i && (cc = cell(s_gap, i, j, NULL, cap)) < -1) return -1;
                if (vec_push(out, j, cc) < 0) return -1;
            }
            if (count == nd->high) return 0;
            j = skip(c, j);
            if (j >= c->limit) return 0;
            int t = truth(c->barrier[j]);
            if (t < 0) return -1;
            if (t) return 0;
            j++;
        }
    }
    case K_SEQ:
        return run_seq(nd, c, i, cap, out);
    case K_ALT: {
        unsigned int g = new_gen();
        Py_ssize_t to = out->n;
        for (int k = 0; k < nd->n; k++) {
            Py_ssize_t from = out->n;
            if (run(nd->kids[k], c, i, cap, out) < 0) return -1;
            for (Py_ssize_t r = from; r < out->n; r++) {  /* the first alternative to reach an end wins */
                Py_ssize_t e = out->v[r].end;
                if (!marked(nd->depth, e, g)) { mark(nd->depth, e, g); out->v[to++] = out->v[r]; }
            }
            out->n = to;
        }
        return 0;
    }
    case K_MARK: {
        Py_ssize_t start = skip(c, i), from = out->n, to = from;
        if (run(nd->kids[0], c, i, cap, out) < 0) return -1;
        for (Py_ssize_t r = from; r < out->n; r++) {
            Py_ssize_t e = out->v[r].end;
            if (e > start) {
                Py_ssize_t cc = cell(s_mark, start, e, NULL, out->v[r].cap);
                if (cc < -1) return -1;
                out->v[to].end = e; out->v[to].cap = cc; to++;
            }
        }
        out->n = to;
        return 0;
    }
    }
    PyErr_SetString(PyExc_SystemError, "unknown node");
    return -1;
}

/* ---- building a Program from nested tuples ---------------------------- */

static void node_free(Node *nd) {
    if (!nd) return;
    for (int k = 0; k < nd->n; k++) node_free(nd->kids[k]);
    PyMem_Free(nd->kids);
    PyMem_Free(nd->optional);
    Py_XDECREF(nd->obj); Py_XDECREF(nd->name); Py_XDECREF(nd->form);
    PyMem_Free(nd);
}

/* ("word", frozenset) | ("trie", {first: [(rest, value)]}) | ("lex", name, form) | ("num",)
 * | ("gap", low, high) | ("seq", ((node, optional), ...)) | ("alt", (node, ...)) | ("mark", node) */
static Node *build(PyObject *t, int depth, Program *p, PyObject *lexslots) {
    const char *kind;
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) < 1 || !(kind = PyUnicode_AsUTF8(PyTuple_GET_ITEM(t, 0)))) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "a node is a tuple (kind, ...)");
        return NULL;
    }
    Node *nd = PyMem_Calloc(1, sizeof(Node));
    if (!nd) { PyErr_NoMemory(); return NULL; }
    nd->depth = depth;
    if (depth + 1 > p->depth) p->depth = depth + 1;
    Py_ssize_t size = PyTuple_GET_SIZE(t);
    if (!strcmp(kind, "word") && size == 2 && PyFrozenSet_Check(PyTuple_GET_ITEM(t, 1))) {
        nd->kind = K_WORD; nd->obj = Py_NewRef(PyTuple_GET_ITEM(t, 1));
    } else if (!strcmp(kind, "trie") && size == 2 && PyDict_CheckExact(PyTuple_GET_ITEM(t, 1))) {
        PyObject *d = PyTuple_GET_ITEM(t, 1), *k, *v;
        Py_ssize_t pos = 0;
        while (PyDict_Next(d, &pos, &k, &v)) {  /* checked once here, so run() can read them unchecked */
            if (!PyList_CheckExact(v)) goto bad;
            for (Py_ssize_t j = 0; j < PyList_GET_SIZE(v); j++) {
                PyObject *e = PyList_GET_ITEM(v, j);
                if (!PyTuple_CheckExact(e) || PyTuple_GET_SIZE(e) != 2 || !PyTuple_CheckExact(PyTuple_GET_ITEM(e, 0)))
                    goto bad;
            }
        }
        nd->kind = K_TRIE; nd->obj = Py_NewRef(d);
    } else if (!strcmp(kind, "lex") && size == 3) {
        nd->kind = K_LEX;
        nd->name = Py_NewRef(PyTuple_GET_ITEM(t, 1));
        nd->form = Py_NewRef(PyTuple_GET_ITEM(t, 2));
        PyObject *key = PyTuple_Pack(2, nd->name, nd->form);
        if (!key) goto fail;
        PyObject *slot = PyDict_GetItemWithError(lexslots, key);
        if (!slot && PyErr_Occurred()) { Py_DECREF(key); goto fail; }
        if (slot) nd->lex = (int)PyLong_AsLong(slot);
        else {
            nd->lex = p->nlex++;
            PyObject *num = PyLong_FromLong(nd->lex);
            if (!num || PyDict_SetItem(lexslots, key, num) < 0) { Py_XDECREF(num); Py_DECREF(key); goto fail; }
            Py_DECREF(num);
        }
        Py_DECREF(key);
    } else if (!strcmp(kind, "num") && size == 1) {
        nd->kind = K_NUM;
    } else if (!strcmp(kind, "gap") && size == 3) {
        nd->kind = K_GAP;
        nd->low = (int)PyLong_AsLong(PyTuple_GET_ITEM(t, 1));
        nd->high = (int)PyLong_AsLong(PyTuple_GET_ITEM(t, 2));
        if (PyErr_Occurred()) goto fail;
        if (nd->low < 0 || nd->high < nd->low) goto bad;
    } else if ((!strcmp(kind, "seq") || !strcmp(kind, "alt")) && size == 2 && PyTuple_Check(PyTuple_GET_ITEM(t, 1))) {
        PyObject *items = PyTuple_GET_ITEM(t, 1);
        int seq = kind[0] == 's';
        nd->kind = seq ? K_SEQ : K_ALT;
        nd->n = (int)PyTuple_GET_SIZE(items);
        if (!seq && nd->n == 0) goto bad;
        nd->kids = PyMem_Calloc(nd->n ? nd->n : 1, sizeof(Node *));
        nd->optional = PyMem_Calloc(nd->n ? nd->n : 1, 1);
        if (!nd->kids || !nd->optional) { PyErr_NoMemory(); goto fail; }
        for (int k = 0; k < nd->n; k++) {
            PyObject *it = PyTuple_GET_ITEM(items, k), *child = it;
            if (seq) {
                if (!PyTuple_Check(it) || PyTuple_GET_SIZE(it) != 2) goto bad;
                child = PyTuple_GET_ITEM(it, 0);
                int opt = PyObject_IsTrue(PyTuple_GET_ITEM(it, 1));
                if (opt < 0) goto fail;
                nd->optional[k] = (char)opt;
            }
            if (!(nd->kids[k] = build(child, depth + 1, p, lexslots))) goto fail;
        }
    } else if (!strcmp(kind, "mark") && size == 2) {
        nd->kind = K_MARK; nd->n = 1;
        nd->kids = PyMem_Calloc(1, sizeof(Node *));
        if (!nd->kids) { PyErr_NoMemory(); goto fail; }
        if (!(nd->kids[0] = build(PyTuple_GET_ITEM(t, 1), depth + 1, p, lexslots))) goto fail;
    } else {
        goto bad;
    }
    return nd;
bad:
    PyErr_Format(PyExc_ValueError, "malformed %s node", kind);
fail:
    node_free(nd);
    return NULL;
}

static PyObject *Program_new(PyTypeObject *type, PyObject *args, PyObject *kw) {
    PyObject *tree, *capture;
    static char *names[] = {"tree", "capture", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO", names, &tree, &capture)) return NULL;
    Program *p = (Program *)type->tp_alloc(type, 0);
    if (!p) return NULL;
    PyObject *lexslots = PyDict_New();
    if (!lexslots) { Py_DECREF(p); return NULL; }
    p->capture = Py_NewRef(capture);
    p->capture_tuple = plain_tuple_type(capture);
    p->root = build(tree, 0, p, lexslots);
    if (p->root) {
        p->lex_names = PyTuple_New(p->nlex);
        PyObject *k, *v;
        Py_ssize_t pos = 0;
        while (p->lex_names && PyDict_Next(lexslots, &pos, &k, &v))
            PyTuple_SET_ITEM(p->lex_names, PyLong_AsLong(v), Py_NewRef(k));
    }
    Py_DECREF(lexslots);
    if (!p->root || !p->lex_names) { Py_DECREF(p); return NULL; }
    return (PyObject *)p;
}

static void Program_dealloc(Program *p) {
    node_free(p->root);
    Py_XDECREF(p->capture);
    Py_XDECREF(p->lex_names);
    Py_TYPE(p)->tp_free((PyObject *)p);
}

/* ---- match_at ----------------------------------------------------------- */

static PyObject *fast_list(PyObject *view, PyObject *attr, PyObject **keep, Py_ssize_t need) {
    PyObject *o = PyObject_GetAttr(view, attr);
    if (!o) return NULL;
    *keep = PySequence_Fast(o, "token view attributes are sequences");
    Py_DECREF(o);
    if (!*keep) return NULL;
    if (PySequence_Fast_GET_SIZE(*keep) < need) {
        PyErr_SetString(PyExc_IndexError, "token view shorter than its limit");
        return NULL;
    }
    return *keep;
}

static PyObject *captures_tuple(const Program *p, Py_ssize_t cap) {
    Py_ssize_t n = 0;
    for (Py_ssize_t k = cap; k >= 0; k = cells[k].parent) n++;
    PyObject *out = PyTuple_New(n);
    if (!out) return NULL;
    for (Py_ssize_t k = cap; k >= 0; k = cells[k].parent) {
        const Cell *cl = &cells[k];
        PyObject *entry = cl->entry ? Py_NewRef(cl->entry) : PyDict_New(), *capture = NULL;
        if (entry && p->capture_tuple) {
            PyObject *s = PyLong_FromSsize_t(cl->start), *e = PyLong_FromSsize_t(cl->end);
            if (s && e) {
                PyObject *items[4] = {cl->name, s, e, entry};
                capture = tuple_of_type(p->capture, 4, items);
            }
            Py_XDECREF(s); Py_XDECREF(e); Py_DECREF(entry);
        } else if (entry) {
            PyObject *item = Py_BuildValue("(OnnN)", cl->name, cl->start, cl->end, entry);
            capture = item ? PyObject_Call(p->capture, item, NULL) : NULL;
            Py_XDECREF(item);
        }
        if (!capture) { Py_DECREF(out); return NULL; }
        PyTuple_SET_ITEM(out, --n, capture);
    }
    return out;
}

/* The longest match of p at token i of a view whose lists are given (checked at least `limit` long). */
static PyObject *match_lists(Program *p, PyObject *view, PyObject **norms, PyObject **nums, PyObject **transparent,
                             PyObject **barrier, Py_ssize_t limit, Py_ssize_t i) {
    if (busy) { PyErr_SetString(PyExc_RuntimeError, "match_at re-entered from a lexicon index"); return NULL; }
    PyObject *result = NULL, *lexd_inline[8], **lexd = lexd_inline;
    if (p->nlex > 8 && !(lexd = PyMem_Calloc(p->nlex, sizeof(PyObject *)))) return PyErr_NoMemory();
    for (int k = 0; k < p->nlex; k++) lexd[k] = NULL;
    Vec out;
    vec_init(&out);
    Py_ssize_t width = (limit > i ? limit : i) + 1;
    if (width > marks_width || p->depth > marks_depth) {  /* grows only, so old marks never alias */
        Py_ssize_t w = width > marks_width ? (width > 2 * marks_width ? width : 2 * marks_width) : marks_width;
        int d = p->depth > marks_depth ? p->depth : marks_depth;
        unsigned int *m = PyMem_Calloc(w * d, sizeof(unsigned int));
        if (!m) { PyErr_NoMemory(); goto done; }
        PyMem_Free(marks);
        marks = m; marks_width = w; marks_depth = d;
    }
    ncells = 0;
    Ctx c = {view, norms, nums, transparent, barrier, limit, lexd, p};
    busy = 1;
    int rc = run(p->root, &c, i, -1, &out);
    busy = 0;
    if (rc < 0) goto done;
    Py_ssize_t best = -1;
    for (Py_ssize_t r = 0; r < out.n; r++)
        if (best < 0 || out.v[r].end > out.v[best].end) best = r;
    if (best < 0 || out.v[best].end <= i) { result = Py_NewRef(Py_None); goto done; }
    PyObject *caps = captures_tuple(p, out.v[best].cap);
    if (caps) result = Py_BuildValue("(nN)", out.v[best].end, caps);
done:
    for (int k = 0; k < p->nlex; k++) Py_XDECREF(lexd[k]);
    if (lexd != lexd_inline) PyMem_Free(lexd);
    vec_free(&out);
    ncells = 0;
    return result;
}

/* The view's limit and its four lists, as match_lists reads them. */
typedef struct { PyObject *norms, *nums, *transparent, *barrier; Py_ssize_t limit; } Lists;

static void lists_release(Lists *l) {
    Py_XDECREF(l->norms); Py_XDECREF(l->nums); Py_XDECREF(l->transparent); Py_XDECREF(l->barrier);
}

static int lists_of(PyObject *view, Lists *l) {
    memset(l, 0, sizeof *l);
    PyObject *lim = PyObject_GetAttr(view, s_limit);
    if (!lim) return -1;
    l->limit = PyLong_AsSsize_t(lim);
    Py_DECREF(lim);
    if (l->limit == -1 && PyErr_Occurred()) return -1;
    if (l->limit < 0) l->limit = 0;
    if (!fast_list(view, s_norms, &l->norms, l->limit) || !fast_list(view, s_nums, &l->nums, l->limit)
        || !fast_list(view, s_transparent, &l->transparent, l->limit)
        || !fast_list(view, s_barrier, &l->barrier, l->limit)) {
        lists_release(l);
        return -1;
    }
    return 0;
}

static PyObject *lists_match(Program *p, PyObject *view, Lists *l, Py_ssize_t i) {
    return match_lists(p, view, PySequence_Fast_ITEMS(l->norms), PySequence_Fast_ITEMS(l->nums),
                       PySequence_Fast_ITEMS(l->transparent), PySequence_Fast_ITEMS(l->barrier), l->limit, i);
}

static PyObject *Program_match_at(Program *p, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2) { PyErr_SetString(PyExc_TypeError, "match_at(view, i)"); return NULL; }
    Py_ssize_t i = PyLong_AsSsize_t(args[1]);
    if (i == -1 && PyErr_Occurred()) return NULL;
    if (i < 0) { PyErr_SetString(PyExc_ValueError, "match_at: negative token index"); return NULL; }
    Lists l;
    if (lists_of(args[0], &l) < 0) return NULL;
    PyObject *result = lists_match(p, args[0], &l, i);
    lists_release(&l);
    return result;
}

static PyMethodDef Program_methods[] = {
    {"match_at", (PyCFunction)(void (*)(void))Program_match_at, METH_FASTCALL,
     "match_at(view, i): the longest match at token i as (end, captures), or None."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ProgramType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "claimlint.patterns._cmatch.Program",
    .tp_basicsize = sizeof(Program),
    .tp_dealloc = (destructor)Program_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A compiled pattern: Program(tree, capture_class).",
    .tp_methods = Program_methods,
    .tp_new = Program_new,
};


/* ---- the requirement gate (PatternIndex.possible) ---------------------- */

/* Gate(ungated, words, number, symbols, sets) is built once from PatternIndex's tables
 * (patterns/index.py): pattern alternatives (n, requirements) filed under the word or symbol
 * keys of their most selective requirement, under `number`, or under a large key set.
 *
 * Why it is built into arrays: possible() used to walk Python lists and test each requirement
 * of each alternative filed under a sentence's words against the sentence's word set, again
 * for every alternative that shares it. Here every distinct requirement is numbered once; a
 * call first marks the requirements the sentence touches (each sentence word lists the
 * requirements holding it; one of a very large lexicon's is compared with the words when an
 * alternative first asks), then an alternative is a few array reads. Marks are stamped with a
 * per-call generation, so nothing is cleared between calls. */

/* A requirement with more word keys than this (Gate's inverted_max; a large lexicon's) is compared with a sentence's
 * words when an alternative asks, instead of being listed under each of its keys: listing costs
 * memory per key, comparing costs a lookup per sentence word. A rule pack's lexicons of a few
 * hundred terms are listed, so a sentence's words reach them by one lookup each. */
#define INVERTED_MAX 4096

typedef struct {
    PyObject *keys;     /* word keys (a set, or a tuple when small), borrowed from `keep` */
    PyObject *symbols;  /* a tuple of strings that touch it when the text holds one */
    char number;        /* a number in the text satisfies it */
    char large;         /* compared with the sentence's words lazily, not listed under each key */
} GReq;

typedef struct { PyObject *n; Py_ssize_t ni; Py_ssize_t nreq; Py_ssize_t *reqs; } GAlt;
typedef struct { Py_ssize_t nalts, nreqs; Py_ssize_t *alts, *reqs; } GSlot;  /* a key's filed alternatives and the listed requirements holding it */

typedef struct {
    PyObject_HEAD
    PyObject *keep;      /* the tables given, kept alive (the structs below borrow from them) */
    PyObject *ungated;   /* a frozenset of pattern numbers */
    PyObject *slot_of;   /* word -> its slot number */
    PyObject **symbols;  /* symbol keys (a text holds them as substrings), each with the slot after the words' */
    Py_ssize_t nwords, nsymbols, nreqs, nalts, nsets, nmax;
    GSlot *slots;        /* nwords word slots, then nsymbols symbol slots */
    GReq *reqs;
    GAlt *alts;
    Py_ssize_t nnumber, *number;      /* alternatives filed under "a number" */
    Py_ssize_t *set_req;              /* per large primary: its requirement ... */
    GSlot *sets;                      /* ... and its alternatives */
    unsigned int gen, *marked, *asked, *added;  /* per-call stamps: requirement touched, large one asked, n added */
    char *answer;                     /* a large requirement's answer this call */
    Py_ssize_t *hits;                 /* this call's slots with a key in the text */
    Py_ssize_t nhits_cap;
    char borrowed;                    /* made by gate_loads (_cgate.c): the lists point into arena */
    Py_ssize_t *arena;
} Gate;

/* Whether two sets share no element, walking the smaller (as frozenset.isdisjoint does). */
static int disjoint_sets(PyObject *a, PyObject *b) {
    if (PySet_GET_SIZE(a) > PySet_GET_SIZE(b)) { PyObject *t = a; a = b; b = t; }
#if PY_VERSION_HEX < 0x030D0000
    Py_ssize_t pos = 0;
    PyObject *item;
    Py_hash_t hash;
    while (_PySet_NextEntry(a, &pos, &item, &hash)) {
        int has = PySet_Contains(b, item);
        if (has) return has < 0 ? -1 : 0;
    }
    return 1;
#else
    PyObject *it = PyObject_GetIter(a), *item;
    if (!it) return -1;
    int out = 1;
    while ((item = PyIter_Next(it))) {
        int has = PySet_Contains(b, item);
        Py_DECREF(item);
        if (has) { out = has < 0 ? -1 : 0; break; }
    }
    Py_DECREF(it);
    return (out == 1 && PyErr_Occurred()) ? -1 : out;
#endif
}

/* ---- building ---- */

typedef struct { Py_ssize_t n, cap; Py_ssize_t *v; } IVec;

static int ivec_push(IVec *v, Py_ssize_t x) {
    if (v->n == v->cap) {
        Py_ssize_t cap = v->cap ? v->cap * 2 : 4;
        Py_ssize_t *nv = PyMem_Realloc(v->v, cap * sizeof *nv);
        if (!nv) { PyErr_NoMemory(); return -1; }
        v->v = nv; v->cap = cap;
    }
    v->v[v->n++] = x;
    return 0;
}

/* An open-addressed map from (object pointer, number) to an index, for the build only: the tables
 * file one alternative object under each of its keys (a pack's ~2,600 alternatives are ~20,000
 * entries) and share requirement objects, so each object is numbered once, by identity (the
 * tables are kept alive while the gate is built), before any requirement tuple is hashed. */
typedef struct { const void *p; Py_ssize_t n, v; } PItem;
typedef struct { PItem *v; Py_ssize_t cap, used; } PMap;

/* The item of (p, n): found, or new with v == -1 (to be set by the caller); NULL on no memory. */
static PItem *pmap_at(PMap *m, const void *p, Py_ssize_t n) {
    if (2 * (m->used + 1) > m->cap) {
        Py_ssize_t cap = m->cap ? m->cap * 2 : 256;
        PItem *nv = PyMem_Calloc(cap, sizeof *nv);
        if (!nv) { PyErr_NoMemory(); return NULL; }
        for (Py_ssize_t i = 0; i < m->cap; i++) {
            if (!m->v[i].p) continue;
            size_t h = (((size_t)m->v[i].p >> 4) ^ (size_t)m->v[i].n * 0x9E3779B97F4A7C15ULL) & (size_t)(cap - 1);
            while (nv[h].p) h = (h + 1) & (size_t)(cap - 1);
            nv[h] = m->v[i];
        }
        PyMem_Free(m->v);
        m->v = nv; m->cap = cap;
    }
    size_t h = (((size_t)p >> 4) ^ (size_t)n * 0x9E3779B97F4A7C15ULL) & (size_t)(m->cap - 1);
    while (m->v[h].p && (m->v[h].p != p || m->v[h].n != n)) h = (h + 1) & (size_t)(m->cap - 1);
    if (!m->v[h].p) { m->v[h].p = p; m->v[h].n = n; m->v[h].v = -1; m->used++; }
    return &m->v[h];
}

typedef struct {
    PMap req_ptr, alt_ptr;  /* requirement object -> its number; (n, requirements object) -> its alternative */
    PyObject *req_id;    /* requirement tuple -> its number (equal requirements share one) */
    PyObject *word_slot; /* word -> slot number (dict), symbol -> slot number (dict) */
    PyObject *sym_slot;
    IVec *s_alts, *s_reqs;  /* per slot, grown as slots appear */
    Py_ssize_t nslots, cap_slots;
    GReq *reqs; Py_ssize_t nreqs, cap_reqs;
    GAlt *alts; Py_ssize_t nalts, cap_alts;
    Py_ssize_t nmax, inverted_max;
} Builder;

static Py_ssize_t builder_slot(Builder *b, PyObject *dict, PyObject *key) {
    PyObject *got = PyDict_GetItemWithError(dict, key);
    if (got) return PyLong_AsSsize_t(got);
    if (PyErr_Occurred()) return -1;
    if (b->nslots == b->cap_slots) {
        Py_ssize_t cap = b->cap_slots ? b->cap_slots * 2 : 64;
        IVec *a = PyMem_Realloc(b->s_alts, cap * sizeof *a), *r;
        if (!a) { PyErr_NoMemory(); return -1; }
        b->s_alts = a;
        r = PyMem_Realloc(b->s_reqs, cap * sizeof *r);
        if (!r) { PyErr_NoMemory(); return -1; }
        b->s_reqs = r;
        memset(b->s_alts + b->nslots, 0, (cap - b->nslots) * sizeof *a);
        memset(b->s_reqs + b->nslots, 0, (cap - b->nslots) * sizeof *r);
        b->cap_slots = cap;
    }
    PyObject *id = PyLong_FromSsize_t(b->nslots);
    if (!id || PyDict_SetItem(dict, key, id) < 0) { Py_XDECREF(id); return -1; }
    Py_DECREF(id);
    return b->nslots++;
}

/* The number of a requirement (word keys, symbols, number, keys), listing a new small one under
 * each of its words and symbols. */
static Py_ssize_t builder_req(Builder *b, PyObject *req) {
    if (!PyTuple_Check(req) || PyTuple_GET_SIZE(req) < 3
        || !(PyAnySet_Check(PyTuple_GET_ITEM(req, 0)) || PyTuple_Check(PyTuple_GET_ITEM(req, 0)))
        || !PyTuple_Check(PyTuple_GET_ITEM(req, 1))) {
        PyErr_SetString(PyExc_TypeError, "a requirement is (word keys, symbols, number, keys)");
        return -1;
    }
    PItem *seen = pmap_at(&b->req_ptr, req, 0);
    if (!seen) return -1;
    if (seen->v >= 0) return seen->v;
    PyObject *got = PyDict_GetItemWithError(b->req_id, req);
    if (got) return seen->v = PyLong_AsSsize_t(got);
    if (PyErr_Occurred()) return -1;
    int number = PyObject_IsTrue(PyTuple_GET_ITEM(req, 2));
    if (number < 0) return -1;
    if (b->nreqs == b->cap_reqs) {
        Py_ssize_t cap = b->cap_reqs ? b->cap_reqs * 2 : 64;
        GReq *nv = PyMem_Realloc(b->reqs, cap * sizeof *nv);
        if (!nv) { PyErr_NoMemory(); return -1; }
        b->reqs = nv; b->cap_reqs = cap;
    }
    Py_ssize_t r = b->nreqs;
    PyObject *keys = PyTuple_GET_ITEM(req, 0), *symbols = PyTuple_GET_ITEM(req, 1);
    GReq *g = &b->reqs[r];
    g->keys = keys; g->symbols = symbols; g->number = (char)number;
    /* Word keys are a set (a large requirement's) or a tuple (a small one's, always listed). */
    g->large = PyAnySet_Check(keys) && PySet_GET_SIZE(keys) > b->inverted_max;
    PyObject *id = PyLong_FromSsize_t(r);
    if (!id || PyDict_SetItem(b->req_id, req, id) < 0) { Py_XDECREF(id); return -1; }
    Py_DECREF(id);
    b->nreqs++;
    seen->v = r;  /* (the map is not grown below: the item stays where it is) */
    if (g->large) return r;
    PyObject *it = PyObject_GetIter(keys), *k;
    if (!it) return -1;
    while ((k = PyIter_Next(it))) {
        Py_ssize_t s = builder_slot(b, b->word_slot, k);
        Py_DECREF(k);
        if (s < 0 || ivec_push(&b->s_reqs[s], r) < 0) { Py_DECREF(it); return -1; }
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) return -1;
    for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(symbols); j++) {
        PyObject *sym = PyTuple_GET_ITEM(symbols, j);
        if (!PyUnicode_Check(sym)) { PyErr_SetString(PyExc_TypeError, "a requirement's symbols are strings"); return -1; }
        Py_ssize_t s = builder_slot(b, b->sym_slot, sym);
        if (s < 0 || ivec_push(&b->s_reqs[s], r) < 0) return -1;
    }
    return r;
}

/* The number of a new alternative (n, requirements). */
static Py_ssize_t builder_alt(Builder *b, PyObject *entry) {
    if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) != 2 || !PyLong_Check(PyTuple_GET_ITEM(entry, 0))) {
        PyErr_SetString(PyExc_TypeError, "a gate entry is (n, requirements)");
        return -1;
    }
    Py_ssize_t ni = PyLong_AsSsize_t(PyTuple_GET_ITEM(entry, 0));
    if (ni < 0) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "a pattern number is not negative");
        return -1;
    }
    PItem *seen = pmap_at(&b->alt_ptr, PyTuple_GET_ITEM(entry, 1), ni);
    if (!seen) return -1;
    if (seen->v >= 0) return seen->v;  /* the same alternative filed under another key */
    PyObject *seq = PySequence_Fast(PyTuple_GET_ITEM(entry, 1), "requirements are a sequence");
    if (!seq) return -1;
    Py_ssize_t nreq = PySequence_Fast_GET_SIZE(seq);
    Py_ssize_t *ids = PyMem_Malloc((nreq ? nreq : 1) * sizeof *ids);
    if (!ids) { Py_DECREF(seq); PyErr_NoMemory(); return -1; }
    for (Py_ssize_t k = 0; k < nreq; k++) {
        ids[k] = builder_req(b, PySequence_Fast_GET_ITEM(seq, k));
        if (ids[k] < 0) { Py_DECREF(seq); PyMem_Free(ids); return -1; }
    }
    Py_DECREF(seq);
    if (b->nalts == b->cap_alts) {
        Py_ssize_t cap = b->cap_alts ? b->cap_alts * 2 : 64;
        GAlt *nv = PyMem_Realloc(b->alts, cap * sizeof *nv);
        if (!nv) { PyMem_Free(ids); PyErr_NoMemory(); return -1; }
        b->alts = nv; b->cap_alts = cap;
    }
    GAlt *a = &b->alts[b->nalts];
    a->n = PyTuple_GET_ITEM(entry, 0); a->ni = ni; a->nreq = nreq; a->reqs = ids;
    if (ni > b->nmax) b->nmax = ni;
    return seen->v = b->nalts++;
}

/* Each alternative of `alts` (a sequence of (n, requirements)) listed in slot `slot`'s
 * alternatives, or in `out` when slot is -1 (found again after each alternative: adding one
 * may add slots, which moves them). */
static int builder_alts(Builder *b, PyObject *alts, Py_ssize_t slot, IVec *out) {
    PyObject *seq = PySequence_Fast(alts, "gate entries are a sequence");
    if (!seq) return -1;
    for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(seq); k++) {
        Py_ssize_t a = builder_alt(b, PySequence_Fast_GET_ITEM(seq, k));
        if (a < 0 || ivec_push(slot < 0 ? out : &b->s_alts[slot], a) < 0) { Py_DECREF(seq); return -1; }
    }
    Py_DECREF(seq);
    return 0;
}

static void gslot_take(GSlot *s, IVec *alts, IVec *reqs) {
    s->nalts = alts->n; s->alts = alts->v; s->nreqs = reqs->n; s->reqs = reqs->v;
    alts->v = reqs->v = NULL; alts->n = reqs->n = 0;
}

static void Gate_dealloc(Gate *g) {
    if (g->borrowed) {
        PyMem_Free(g->arena);
        g->number = g->set_req = NULL;
    } else {
        if (g->slots) for (Py_ssize_t s = 0; s < g->nwords + g->nsymbols; s++) {
            PyMem_Free(g->slots[s].alts); PyMem_Free(g->slots[s].reqs);
        }
        if (g->sets) for (Py_ssize_t s = 0; s < g->nsets; s++) PyMem_Free(g->sets[s].alts);
        if (g->alts) for (Py_ssize_t a = 0; a < g->nalts; a++) PyMem_Free(g->alts[a].reqs);
    }
    PyMem_Free(g->slots); PyMem_Free(g->sets); PyMem_Free(g->alts); PyMem_Free(g->reqs); PyMem_Free(g->symbols);
    PyMem_Free(g->number); PyMem_Free(g->set_req); PyMem_Free(g->marked); PyMem_Free(g->asked);
    PyMem_Free(g->added); PyMem_Free(g->answer); PyMem_Free(g->hits);
    Py_XDECREF(g->keep); Py_XDECREF(g->ungated); Py_XDECREF(g->slot_of);
    Py_TYPE(g)->tp_free((PyObject *)g);
}

static int gate_build(Gate *g, PyObject *words, PyObject *number, PyObject *symbols, PyObject *sets,
                      Py_ssize_t inverted_max) {
    Builder b;
    memset(&b, 0, sizeof b);
    b.inverted_max = inverted_max;
    int rc = -1;
    IVec numalts = {0, 0, NULL};
    IVec *set_alts = NULL;
    Py_ssize_t nsets = PyList_GET_SIZE(sets);
    b.req_id = PyDict_New(); b.word_slot = PyDict_New(); b.sym_slot = PyDict_New();
    if (!b.req_id || !b.word_slot || !b.sym_slot) goto done;
    /* Words first, so word slots are numbered 0 .. nwords - 1; symbols' slots are renumbered after. */
    PyObject *k, *v;
    Py_ssize_t pos = 0;
    while (PyDict_Next(words, &pos, &k, &v)) {
        if (!PyUnicode_Check(k)) { PyErr_SetString(PyExc_TypeError, "gate keys are strings"); goto done; }
        Py_ssize_t s = builder_slot(&b, b.word_slot, k);
        if (s < 0 || builder_alts(&b, v, s, NULL) < 0) goto done;
    }
    if (builder_alts(&b, number, -1, &numalts) < 0) goto done;
    pos = 0;
    while (PyDict_Next(symbols, &pos, &k, &v)) {
        if (!PyUnicode_Check(k)) { PyErr_SetString(PyExc_TypeError, "gate keys are strings"); goto done; }
        Py_ssize_t s = builder_slot(&b, b.sym_slot, k);
        if (s < 0 || builder_alts(&b, v, s, NULL) < 0) goto done;
    }
    g->set_req = PyMem_Calloc(nsets ? nsets : 1, sizeof *g->set_req);
    set_alts = PyMem_Calloc(nsets ? nsets : 1, sizeof *set_alts);
    if (!g->set_req || !set_alts) { PyErr_NoMemory(); goto done; }
    for (Py_ssize_t j = 0; j < nsets; j++) {
        PyObject *e = PyList_GET_ITEM(sets, j);
        if ((g->set_req[j] = builder_req(&b, PyTuple_GET_ITEM(e, 0))) < 0) goto done;
        if (builder_alts(&b, PyTuple_GET_ITEM(e, 1), -1, &set_alts[j]) < 0) goto done;
    }
    /* Slots were numbered in the order keys first appeared, words and symbols mixed: the gate's
     * are words first (numbered by slot_of), then symbols (in `symbols`' order). */
    Py_ssize_t nslots = b.nslots, nw = PyDict_GET_SIZE(b.word_slot), ns = PyDict_GET_SIZE(b.sym_slot);
    g->slots = PyMem_Calloc(nslots ? nslots : 1, sizeof *g->slots);
    g->symbols = PyMem_Calloc(ns ? ns : 1, sizeof *g->symbols);
    g->slot_of = PyDict_New();
    if (!g->slots || !g->symbols || !g->slot_of) { PyErr_NoMemory(); goto done; }
    g->nwords = nw; g->nsymbols = ns;  /* the slots taken below are freed with the gate, even on an error */
    Py_ssize_t wi = 0, si = 0;
    pos = 0;
    while (PyDict_Next(b.word_slot, &pos, &k, &v)) {
        Py_ssize_t s = PyLong_AsSsize_t(v);
        PyObject *id = PyLong_FromSsize_t(wi);
        if (!id || PyDict_SetItem(g->slot_of, k, id) < 0) { Py_XDECREF(id); goto done; }
        Py_DECREF(id);
        gslot_take(&g->slots[wi++], &b.s_alts[s], &b.s_reqs[s]);
    }
    pos = 0;
    while (PyDict_Next(b.sym_slot, &pos, &k, &v)) {
        Py_ssize_t s = PyLong_AsSsize_t(v);
        g->symbols[si] = k;  /* borrowed: symbols are keys of `symbols` or items of requirements in `keep` */
        gslot_take(&g->slots[nw + si++], &b.s_alts[s], &b.s_reqs[s]);
    }
    g->nreqs = b.nreqs; g->reqs = b.reqs; b.reqs = NULL;
    g->nalts = b.nalts; g->alts = b.alts; b.alts = NULL;
    g->nnumber = numalts.n; g->number = numalts.v; numalts.v = NULL;
    g->nsets = nsets;
    g->sets = PyMem_Calloc(nsets ? nsets : 1, sizeof *g->sets);
    if (!g->sets) { PyErr_NoMemory(); goto done; }
    for (Py_ssize_t j = 0; j < nsets; j++) {
        IVec none = {0, 0, NULL};
        gslot_take(&g->sets[j], &set_alts[j], &none);
    }
    g->nmax = b.nmax + 1;
    g->marked = PyMem_Calloc(g->nreqs ? g->nreqs : 1, sizeof *g->marked);
    g->asked = PyMem_Calloc(g->nreqs ? g->nreqs : 1, sizeof *g->asked);
    g->answer = PyMem_Calloc(g->nreqs ? g->nreqs : 1, 1);
    g->added = PyMem_Calloc(g->nmax, sizeof *g->added);
    if (!g->marked || !g->asked || !g->answer || !g->added) { PyErr_NoMemory(); goto done; }
    g->gen = 0;
    rc = 0;
done:
    if (b.s_alts) for (Py_ssize_t s = 0; s < b.nslots; s++) { PyMem_Free(b.s_alts[s].v); PyMem_Free(b.s_reqs[s].v); }
    if (set_alts) for (Py_ssize_t j = 0; j < nsets; j++) PyMem_Free(set_alts[j].v);
    PyMem_Free(set_alts); PyMem_Free(b.s_alts); PyMem_Free(b.s_reqs); PyMem_Free(numalts.v);
    if (b.reqs) PyMem_Free(b.reqs);
    if (b.alts) { for (Py_ssize_t a = 0; a < b.nalts; a++) PyMem_Free(b.alts[a].reqs); PyMem_Free(b.alts); }
    Py_XDECREF(b.req_id); Py_XDECREF(b.word_slot); Py_XDECREF(b.sym_slot);
    PyMem_Free(b.req_ptr.v); PyMem_Free(b.alt_ptr.v);
    return rc;
}

/* ---- one call ---- */

typedef struct { Gate *g; PyObject *words, *text; int has_number; unsigned int gen; } Call;

/* Whether requirement r is touched by the text (its words or symbols), or -1. */
static int touched(Call *c, Py_ssize_t r) {
    Gate *g = c->g;
    GReq *q = &g->reqs[r];
    if (!q->large) return g->marked[r] == c->gen;
    if (g->asked[r] == c->gen) return g->answer[r];
    int d = disjoint_sets(q->keys, c->words), found = 0;
    if (d < 0) return -1;
    if (!d) found = 1;
    for (Py_ssize_t j = 0; !found && j < PyTuple_GET_SIZE(q->symbols); j++) {
        found = PyUnicode_Contains(c->text, PyTuple_GET_ITEM(q->symbols, j));
        if (found < 0) return -1;
    }
    g->asked[r] = c->gen; g->answer[r] = (char)found;
    return found;
}

/* Whether alternative a is satisfied and not yet given: 1 and its n stamped, 0, or -1. */
static int alt_met(Call *c, Py_ssize_t a) {
    Gate *g = c->g;
    GAlt *alt = &g->alts[a];
    if (g->added[alt->ni] == c->gen) return 0;
    for (Py_ssize_t k = 0; k < alt->nreq; k++) {
        Py_ssize_t r = alt->reqs[k];
        if (c->has_number && g->reqs[r].number) continue;
        int t = touched(c, r);
        if (t <= 0) return t;
    }
    g->added[alt->ni] = c->gen;
    return 1;
}

/* Mark the requirements the text touches; gives the number of slots hit (listed in g->hits), or -1. */
static Py_ssize_t gate_mark(Call *c) {
    Gate *g = c->g;
    if (++g->gen == 0) {  /* wrapped: clear the stamps once */
        memset(g->marked, 0, g->nreqs * sizeof *g->marked);
        memset(g->asked, 0, g->nreqs * sizeof *g->asked);
        memset(g->added, 0, g->nmax * sizeof *g->added);
        g->gen = 1;
    }
    c->gen = g->gen;
    Py_ssize_t need = PySet_GET_SIZE(c->words) + g->nsymbols;
    if (need > g->nhits_cap) {
        Py_ssize_t *nv = PyMem_Realloc(g->hits, (need ? need : 1) * sizeof *nv);
        if (!nv) { PyErr_NoMemory(); return -1; }
        g->hits = nv; g->nhits_cap = need;
    }
    Py_ssize_t nhits = 0;
    PyObject *w;
#if PY_VERSION_HEX < 0x030D0000
    Py_ssize_t pos = 0;
    Py_hash_t hash;
    while (_PySet_NextEntry(c->words, &pos, &w, &hash)) {
#else
    PyObject *it = PyObject_GetIter(c->words);
    if (!it) return -1;
    while ((w = PyIter_Next(it))) {
        Py_DECREF(w);  /* the set holds it */
#endif
        PyObject *id = PyDict_GetItemWithError(g->slot_of, w);
        if (!id) {
            if (PyErr_Occurred()) goto fail;
            continue;
        }
        Py_ssize_t s = PyLong_AsSsize_t(id);
        GSlot *slot = &g->slots[s];
        for (Py_ssize_t k = 0; k < slot->nreqs; k++) g->marked[slot->reqs[k]] = c->gen;
        g->hits[nhits++] = s;
    }
#if PY_VERSION_HEX >= 0x030D0000
    Py_DECREF(it);
    if (PyErr_Occurred()) return -1;
#endif
    for (Py_ssize_t j = 0; j < g->nsymbols; j++) {
        int in = PyUnicode_Contains(c->text, g->symbols[j]);
        if (in < 0) return -1;
        if (!in) continue;
        GSlot *slot = &g->slots[g->nwords + j];
        for (Py_ssize_t k = 0; k < slot->nreqs; k++) g->marked[slot->reqs[k]] = c->gen;
        g->hits[nhits++] = g->nwords + j;
    }
    return nhits;
fail:
#if PY_VERSION_HEX >= 0x030D0000
    Py_DECREF(it);
#endif
    return -1;
}

/* Every satisfied alternative's n added to out (a set), or, when out is NULL, 1 at the first one. */
static int gate_run(Gate *g, PyObject *const *args, Py_ssize_t nargs, PyObject *out) {
    if (nargs != 3 || !PyAnySet_Check(args[0]) || !PyUnicode_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "possible(words: set, has_number, text: str)");
        return -1;
    }
    Call c = {g, args[0], args[2], 0, 0};
    if ((c.has_number = PyObject_IsTrue(args[1])) < 0) return -1;
    Py_ssize_t nhits = gate_mark(&c);
    if (nhits < 0) return -1;
#define TRY(a) do { int ok = alt_met(&c, (a)); \
        if (ok < 0) return -1; \
        if (ok) { if (!out) return 1; if (PySet_Add(out, g->alts[(a)].n) < 0) return -1; } } while (0)
    for (Py_ssize_t h = 0; h < nhits; h++) {
        GSlot *slot = &g->slots[g->hits[h]];
        for (Py_ssize_t k = 0; k < slot->nalts; k++) TRY(slot->alts[k]);
    }
    if (c.has_number) for (Py_ssize_t k = 0; k < g->nnumber; k++) TRY(g->number[k]);
    for (Py_ssize_t j = 0; j < g->nsets; j++) {
        Py_ssize_t r = g->set_req[j];
        int t = (c.has_number && g->reqs[r].number) ? 1 : touched(&c, r);
        if (t < 0) return -1;
        if (t) for (Py_ssize_t k = 0; k < g->sets[j].nalts; k++) TRY(g->sets[j].alts[k]);
    }
#undef TRY
    return 0;
}

static PyObject *Gate_possible(Gate *g, PyObject *const *args, Py_ssize_t nargs) {
    PyObject *out = PySet_New(g->ungated);
    if (!out) return NULL;
    if (gate_run(g, args, nargs, out) < 0) { Py_DECREF(out); return NULL; }
    return out;
}

static PyObject *Gate_any(Gate *g, PyObject *const *args, Py_ssize_t nargs) {
    if (PySet_GET_SIZE(g->ungated)) Py_RETURN_TRUE;
    int got = gate_run(g, args, nargs, NULL);
    if (got < 0) return NULL;
    return PyBool_FromLong(got);
}

static PyObject *Gate_new(PyTypeObject *type, PyObject *args, PyObject *kw) {
    PyObject *ungated, *words, *number, *symbols, *sets;
    Py_ssize_t inverted_max = INVERTED_MAX;
    static char *names[] = {"ungated", "words", "number", "symbols", "sets", "inverted_max", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO!OO!O!|n", names, &ungated, &PyDict_Type, &words, &number,
                                     &PyDict_Type, &symbols, &PyList_Type, &sets, &inverted_max))
        return NULL;
    for (Py_ssize_t j = 0; j < PyList_GET_SIZE(sets); j++) {
        PyObject *e = PyList_GET_ITEM(sets, j);
        if (!PyTuple_Check(e) || PyTuple_GET_SIZE(e) != 2) {
            PyErr_SetString(PyExc_TypeError, "sets holds (requirement, entries) pairs");
            return NULL;
        }
    }
    Gate *g = (Gate *)type->tp_alloc(type, 0);
    if (!g) return NULL;
    g->ungated = PyFrozenSet_New(ungated);
    g->keep = PyTuple_Pack(4, words, number, symbols, sets);
    if (!g->ungated || !g->keep || gate_build(g, words, number, symbols, sets, inverted_max) < 0) {
        Py_DECREF(g);
        return NULL;
    }
    return (PyObject *)g;
}

static PyMethodDef Gate_methods[] = {
    {"possible", (PyCFunction)(void (*)(void))Gate_possible, METH_FASTCALL,
     "possible(words, has_number, text): the numbers of the patterns whose requirements the text meets."},
    {"any", (PyCFunction)(void (*)(void))Gate_any, METH_FASTCALL,
     "any(words, has_number, text): whether possible() would give any number (stops at the first)."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject GateType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "claimlint.patterns._cmatch.Gate",
    .tp_basicsize = sizeof(Gate),
    .tp_dealloc = (destructor)Gate_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "PatternIndex's requirement gate: Gate(ungated, words, number, symbols, sets, inverted_max=4096)\n"
              "(requirements with more word keys than inverted_max are compared with the words, not listed).",
    .tp_methods = Gate_methods,
    .tp_new = Gate_new,
};


/* ---- the start-token loop (PatternIndex.find) -------------------------- */

typedef struct {
    PyObject_HEAD
    PyObject *by_word, *by_number, *anywhere, *by_lexicon, *programs, *match;
    int match_tuple;  /* match is a plain tuple subclass (a NamedTuple): its items are filled here */
} Finder;

/* The pair table of one find: (pattern, token) pairs tried, with their match, and (entry, token)
 * pairs given, as open-addressed tables of two integers, with no Python object per pair. */
typedef struct { Py_ssize_t a, b; PyObject *v; } Pair;
typedef struct { Pair *v; Py_ssize_t cap, n; Pair inl[64]; } Pairs;

static void pairs_init(Pairs *t) {
    t->v = t->inl; t->cap = 64; t->n = 0;
    for (Py_ssize_t k = 0; k < t->cap; k++) t->v[k].a = -1;
}

static void pairs_free(Pairs *t) {
    for (Py_ssize_t k = 0; k < t->cap; k++) if (t->v[k].a != -1) Py_XDECREF(t->v[k].v);
    if (t->v != t->inl) PyMem_Free(t->v);
}

static inline size_t pair_hash(Py_ssize_t a, Py_ssize_t b) {
    size_t h = (size_t)a * 0x9E3779B97F4A7C15ull;
    return (h ^ (h >> 29)) + (size_t)b * 0xBF58476D1CE4E5B9ull;
}

/* The slot of (a, b): its own when present, else the empty one where it goes (a == -1). */
static Pair *pair_slot(Pairs *t, Py_ssize_t a, Py_ssize_t b) {
    size_t mask = (size_t)t->cap - 1, k = pair_hash(a, b) & mask;
    while (t->v[k].a != -1 && !(t->v[k].a == a && t->v[k].b == b)) k = (k + 1) & mask;
    return &t->v[k];
}

/* Put (a, b) -> v (v's reference is taken) in its empty slot s, growing the table if need be. */
static int pair_put(Pairs *t, Pair *s, Py_ssize_t a, Py_ssize_t b, PyObject *v) {
    s->a = a; s->b = b; s->v = v;
    if (++t->n * 2 <= t->cap) return 0;
    Py_ssize_t cap = t->cap * 2;
    Pair *old = t->v, *nv = PyMem_Malloc(cap * sizeof(Pair));
    if (!nv) { PyErr_NoMemory(); return -1; }
    Py_ssize_t oldcap = t->cap;
    t->v = nv; t->cap = cap;
    for (Py_ssize_t k = 0; k < cap; k++) nv[k].a = -1;
    for (Py_ssize_t k = 0; k < oldcap; k++)
        if (old[k].a != -1) *pair_slot(t, old[k].a, old[k].b) = old[k];
    if (old != t->inl) PyMem_Free(old);
    return 0;
}

typedef struct {
    Finder *f; PyObject *view; Lists *l; PyObject *out;
    const char *allowed; Py_ssize_t nallowed;  /* allowed[n]: pattern n is in `possible` */
    Pairs tried, given;
} Find;

/* Each possible pattern of entries matched once at token i, its match given to every key that
 * uses it; a token reaching an entry twice (by its word and as a lexicon start) gets it once. */
static int try_at(Find *c, PyObject *entries, Py_ssize_t i) {
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(entries); k++) {
        PyObject *entry = PyList_GET_ITEM(entries, k);
        PyObject *n = PyTuple_GET_ITEM(entry, 2);
        Py_ssize_t idx = PyLong_AsSsize_t(n);
        if (idx == -1 && PyErr_Occurred()) return -1;
        if (idx < 0 || idx >= c->nallowed || !c->allowed[idx]) continue;
        Pair *g = pair_slot(&c->given, (Py_ssize_t)entry, i);
        if (g->a != -1) continue;
        if (pair_put(&c->given, g, (Py_ssize_t)entry, i, NULL) < 0) return -1;
        Pair *t = pair_slot(&c->tried, idx, i);
        PyObject *m;
        if (t->a != -1) m = t->v;
        else {
            if (idx >= PyList_GET_SIZE(c->f->programs)) {
                PyErr_SetString(PyExc_IndexError, "a pattern number out of range");
                return -1;
            }
            if (PyList_GET_ITEM(c->f->programs, idx) == Py_None) {
                /* Built on the pattern's first try (pattern.program()): a page tries few of the
                 * pack's patterns, and building one opens its node tree. */
                PyObject *built = PyObject_CallMethod(PyTuple_GET_ITEM(entry, 1), "program", NULL);
                if (!built) return -1;
                if (!Py_IS_TYPE(built, &ProgramType)) {
                    Py_DECREF(built);
                    PyErr_SetString(PyExc_TypeError, "pattern.program() gave no Program");
                    return -1;
                }
                PyList_SetItem(c->f->programs, idx, built);  /* steals the reference */
            }
            m = lists_match((Program *)PyList_GET_ITEM(c->f->programs, idx), c->view, c->l, i);
            if (!m) return -1;
            /* the table holds m; t may have moved if the table grew: m is still ours to read */
            if (pair_put(&c->tried, pair_slot(&c->tried, idx, i), idx, i, m) < 0) { Py_DECREF(m); return -1; }
        }
        if (m != Py_None) {
            PyObject *hit;
            if (c->f->match_tuple) {
                PyObject *at = PyLong_FromSsize_t(i);
                if (!at) return -1;
                PyObject *items[4] = {PyTuple_GET_ITEM(entry, 0), at, PyTuple_GET_ITEM(m, 0), PyTuple_GET_ITEM(m, 1)};
                hit = tuple_of_type(c->f->match, 4, items);
                Py_DECREF(at);
            } else
                hit = PyObject_CallFunction(c->f->match, "OnOO", PyTuple_GET_ITEM(entry, 0), i,
                                            PyTuple_GET_ITEM(m, 0), PyTuple_GET_ITEM(m, 1));
            if (!hit || PyList_Append(c->out, hit) < 0) { Py_XDECREF(hit); return -1; }
            Py_DECREF(hit);
        }
    }
    return 0;
}

static PyObject *Finder_find(Finder *f, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !PyAnySet_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError, "find(view, start, end, possible: set)");
        return NULL;
    }
    Py_ssize_t start = PyLong_AsSsize_t(args[1]), end = PyLong_AsSsize_t(args[2]);
    if (PyErr_Occurred()) return NULL;
    Lists l;
    if (lists_of(args[0], &l) < 0) return NULL;
    if (start < 0) start = 0;
    if (end > l.limit) end = l.limit;  /* find() sets the view's limit to end */
    /* `possible` as a table indexed by pattern number: a set lookup per entry was the loop's cost */
    Py_ssize_t npat = PyList_GET_SIZE(f->programs);
    char inl_allowed[512], *allowed = npat <= 512 ? inl_allowed : PyMem_Malloc(npat);
    if (!allowed) { lists_release(&l); return PyErr_NoMemory(); }
    memset(allowed, 0, npat);
    Find c = {f, args[0], &l, PyList_New(0), allowed, npat};
    pairs_init(&c.tried); pairs_init(&c.given);
    PyObject *keys = NULL, *it = NULL, *item;
    if (!c.out) goto fail;
    if (!(it = PyObject_GetIter(args[3]))) goto fail;
    while ((item = PyIter_Next(it))) {
        Py_ssize_t n = PyLong_Check(item) ? PyLong_AsSsize_t(item) : -1;
        Py_DECREF(item);
        if (n == -1 && PyErr_Occurred()) PyErr_Clear();  /* a number out of range names no pattern */
        else if (0 <= n && n < npat) allowed[n] = 1;
    }
    Py_CLEAR(it);
    if (PyErr_Occurred()) goto fail;
    PyObject **norms = PySequence_Fast_ITEMS(l.norms), **nums = PySequence_Fast_ITEMS(l.nums),
             **transparent = PySequence_Fast_ITEMS(l.transparent);
    for (Py_ssize_t i = start; i < end; i++) {
        int t = truth(transparent[i]);
        if (t < 0) goto fail;
        if (t) continue;
        PyObject *entries = PyDict_GetItemWithError(f->by_word, norms[i]);
        if (!entries && PyErr_Occurred()) goto fail;
        if (entries && try_at(&c, entries, i) < 0) goto fail;
        int num = truth(nums[i]);
        if (num < 0 || (num && try_at(&c, f->by_number, i) < 0)) goto fail;
        if (try_at(&c, f->anywhere, i) < 0) goto fail;
    }
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(f->by_lexicon); k++) {
        PyObject *pair = PyList_GET_ITEM(f->by_lexicon, k), *lexkey = PyTuple_GET_ITEM(pair, 0),
                 *entries = PyTuple_GET_ITEM(pair, 1);
        int any = 0;
        for (Py_ssize_t j = 0; j < PyList_GET_SIZE(entries) && !any; j++) {
            Py_ssize_t n = PyLong_AsSsize_t(PyTuple_GET_ITEM(PyList_GET_ITEM(entries, j), 2));
            if (n == -1 && PyErr_Occurred()) goto fail;
            any = 0 <= n && n < npat && allowed[n];
        }
        if (!any) continue;
        PyObject *index = view_lexicon_starts(c.view, PyTuple_GET_ITEM(lexkey, 0), PyTuple_GET_ITEM(lexkey, 1), lexkey);
        if (!index) goto fail;
        keys = PySequence_List(index);  /* its positions, in order, held while matching */
        Py_DECREF(index);
        if (!keys) goto fail;
        for (Py_ssize_t j = 0; j < PyList_GET_SIZE(keys); j++) {
            Py_ssize_t i = PyLong_AsSsize_t(PyList_GET_ITEM(keys, j));
            if (i == -1 && PyErr_Occurred()) goto fail;
            if (start <= i && i < end && try_at(&c, entries, i) < 0) goto fail;
        }
        Py_CLEAR(keys);
    }
    pairs_free(&c.tried); pairs_free(&c.given);
    if (allowed != inl_allowed) PyMem_Free(allowed);
    lists_release(&l);
    return c.out;
fail:
    Py_XDECREF(it); Py_XDECREF(keys); Py_XDECREF(c.out);
    pairs_free(&c.tried); pairs_free(&c.given);
    if (allowed != inl_allowed) PyMem_Free(allowed);
    lists_release(&l);
    return NULL;
}

/* view.words(start, end): the view's own answer (TokenView._words) when it was last asked for the
 * same tokens (TokenView._words_key), without a Python call; asked of the view otherwise. */
static PyObject *view_words(PyObject *view, PyObject *start, PyObject *end) {
    PyObject *key = PyObject_GetAttr(view, s_words_key);
    if (!key) PyErr_Clear();
    else {
        int same = PyTuple_CheckExact(key) && PyTuple_GET_SIZE(key) == 2;
        if (same) same = PyObject_RichCompareBool(PyTuple_GET_ITEM(key, 0), start, Py_EQ);
        if (same > 0) same = PyObject_RichCompareBool(PyTuple_GET_ITEM(key, 1), end, Py_EQ);
        Py_DECREF(key);
        if (same < 0) return NULL;
        if (same) {
            PyObject *words = PyObject_GetAttr(view, s_words_attr);
            if (words && PyTuple_CheckExact(words) && PyTuple_GET_SIZE(words) == 3) return words;
            Py_XDECREF(words);
            PyErr_Clear();
        }
    }
    return PyObject_CallMethodObjArgs(view, s_words, start, end, NULL);
}

/* PatternIndex.find without `possible`: the gate's possible patterns for the tokens' words, then
 * find() over them with the view's limit at end, as the Python method did around the two calls. */
static PyObject *Finder_search(Finder *f, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !Py_IS_TYPE(args[3], &GateType)) {
        PyErr_SetString(PyExc_TypeError, "search(view, start, end, gate: Gate)");
        return NULL;
    }
    PyObject *view = args[0], *words = view_words(view, args[1], args[2]);
    if (!words) return NULL;
    if (!PyTuple_Check(words) || PyTuple_GET_SIZE(words) != 3) {
        Py_DECREF(words);
        PyErr_SetString(PyExc_TypeError, "view.words() gives (words, has_number, text)");
        return NULL;
    }
    PyObject *possible = Gate_possible((Gate *)args[3], &PyTuple_GET_ITEM(words, 0), 3);
    Py_DECREF(words);
    if (!possible) return NULL;
    if (PySet_GET_SIZE(possible) == 0) { Py_DECREF(possible); return PyList_New(0); }
    PyObject *saved = PyObject_GetAttr(view, s_limit);
    if (!saved || PyObject_SetAttr(view, s_limit, args[2]) < 0) { Py_XDECREF(saved); Py_DECREF(possible); return NULL; }
    PyObject *call[4] = {view, args[1], args[2], possible};
    PyObject *out = Finder_find(f, call, 4);
    Py_DECREF(possible);
    PyObject *et, *ev, *tb;
    PyErr_Fetch(&et, &ev, &tb);  /* the limit is put back whatever happened, as `finally` did */
    int rc = PyObject_SetAttr(view, s_limit, saved);
    Py_DECREF(saved);
    if (et) { if (rc < 0) PyErr_Clear(); PyErr_Restore(et, ev, tb); Py_XDECREF(out); return NULL; }
    if (rc < 0) { Py_XDECREF(out); return NULL; }
    return out;
}

static int entries_ok(PyObject *entries) {
    if (!PyList_Check(entries)) return 0;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(entries); k++) {
        PyObject *e = PyList_GET_ITEM(entries, k);
        if (!PyTuple_Check(e) || PyTuple_GET_SIZE(e) != 3 || !PyLong_Check(PyTuple_GET_ITEM(e, 2))) return 0;
    }
    return 1;
}

static PyObject *Finder_new(PyTypeObject *type, PyObject *args, PyObject *kw) {
    PyObject *by_word, *by_number, *anywhere, *by_lexicon, *programs, *match, *k, *v;
    static char *names[] = {"by_word", "by_number", "anywhere", "by_lexicon", "programs", "match", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O!O!O!O!O!O", names, &PyDict_Type, &by_word, &PyList_Type, &by_number,
                                     &PyList_Type, &anywhere, &PyList_Type, &by_lexicon, &PyList_Type, &programs, &match))
        return NULL;
    int ok = entries_ok(by_number) && entries_ok(anywhere);
    Py_ssize_t pos = 0;
    while (ok && PyDict_Next(by_word, &pos, &k, &v)) ok = entries_ok(v);
    for (Py_ssize_t j = 0; ok && j < PyList_GET_SIZE(by_lexicon); j++) {
        PyObject *pair = PyList_GET_ITEM(by_lexicon, j);
        ok = PyTuple_Check(pair) && PyTuple_GET_SIZE(pair) == 2 && PyTuple_Check(PyTuple_GET_ITEM(pair, 0))
             && PyTuple_GET_SIZE(PyTuple_GET_ITEM(pair, 0)) == 2 && entries_ok(PyTuple_GET_ITEM(pair, 1));
    }
    for (Py_ssize_t j = 0; ok && j < PyList_GET_SIZE(programs); j++)
        ok = Py_IS_TYPE(PyList_GET_ITEM(programs, j), &ProgramType) || PyList_GET_ITEM(programs, j) == Py_None;
    if (!ok) {
        PyErr_SetString(PyExc_TypeError, "Finder: entries are lists of (key, pattern, n), programs are Programs");
        return NULL;
    }
    Finder *f = (Finder *)type->tp_alloc(type, 0);
    if (!f) return NULL;
    f->by_word = Py_NewRef(by_word); f->by_number = Py_NewRef(by_number); f->anywhere = Py_NewRef(anywhere);
    f->by_lexicon = Py_NewRef(by_lexicon); f->programs = Py_NewRef(programs); f->match = Py_NewRef(match);
    f->match_tuple = plain_tuple_type(match);
    return (PyObject *)f;
}

static void Finder_dealloc(Finder *f) {
    Py_XDECREF(f->by_word); Py_XDECREF(f->by_number); Py_XDECREF(f->anywhere); Py_XDECREF(f->by_lexicon);
    Py_XDECREF(f->programs); Py_XDECREF(f->match);
    Py_TYPE(f)->tp_free((PyObject *)f);
}

static PyMethodDef Finder_methods[] = {
    {"find", (PyCFunction)(void (*)(void))Finder_find, METH_FASTCALL,
     "find(view, start, end, possible): the longest match of each possible pattern at each start."},
    {"search", (PyCFunction)(void (*)(void))Finder_search, METH_FASTCALL,
     "search(view, start, end, gate): find() over the patterns gate.possible(*view.words(start, end)) gives."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject FinderType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "claimlint.patterns._cmatch.Finder",
    .tp_basicsize = sizeof(Finder),
    .tp_dealloc = (destructor)Finder_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "PatternIndex's start-token loop: Finder(by_word, by_number, anywhere, by_lexicon, programs, match).",
    .tp_methods = Finder_methods,
    .tp_new = Finder_new,
};

/* ---- where a lexicon's phrases start (LexiconSet.index) ---------------- */

/* phrase_starts(norms, transparent, first): {i: [(end, value), ...]} for every token i where a
 * phrase of a trie starts (first: first token -> [(the remaining tokens, value), ...]), the
 * remaining tokens matched past transparent ones, in the trie's order: what LexiconSet.index
 * gives in Python (PhraseTrie.match at every token), without a generator per token. */
static PyObject *phrase_starts(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyList_Check(args[0]) || !PyList_Check(args[1]) || !PyDict_Check(args[2])
        || PyList_GET_SIZE(args[0]) != PyList_GET_SIZE(args[1])) {
        PyErr_SetString(PyExc_TypeError, "phrase_starts(norms: list, transparent: list of the same length, first: dict)");
        return NULL;
    }
    PyObject *norms = args[0], *transparent = args[1], *first = args[2];
    Py_ssize_t n = PyList_GET_SIZE(norms);
    PyObject *out = PyDict_New();
    if (!out) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *rests = PyDict_GetItemWithError(first, PyList_GET_ITEM(norms, i));
        if (!rests) {
            if (PyErr_Occurred()) goto fail;
            continue;
        }
        if (!PyList_Check(rests)) { PyErr_SetString(PyExc_TypeError, "a trie's entries are a list"); goto fail; }
        PyObject *ends = NULL;
        for (Py_ssize_t k = 0; k < PyList_GET_SIZE(rests); k++) {
            PyObject *e = PyList_GET_ITEM(rests, k);
            if (!PyTuple_Check(e) || PyTuple_GET_SIZE(e) != 2 || !PyTuple_Check(PyTuple_GET_ITEM(e, 0))) {
                PyErr_SetString(PyExc_TypeError, "a trie entry is (remaining tokens, value)");
                Py_XDECREF(ends); goto fail;
            }
            PyObject *rest = PyTuple_GET_ITEM(e, 0);
            Py_ssize_t j = i + 1;
            int ok = 1;
            for (Py_ssize_t r = 0; r < PyTuple_GET_SIZE(rest) && ok; r++) {
                int t;
                while (j < n && (t = truth(PyList_GET_ITEM(transparent, j))) > 0) j++;
                if (j < n && t < 0) { Py_XDECREF(ends); goto fail; }
                if (j >= n) { ok = 0; break; }
                int eq = PyObject_RichCompareBool(PyList_GET_ITEM(norms, j), PyTuple_GET_ITEM(rest, r), Py_EQ);
                if (eq < 0) { Py_XDECREF(ends); goto fail; }
                if (eq) j++; else ok = 0;
            }
            if (!ok) continue;
            if (!ends && !(ends = PyList_New(0))) goto fail;
            PyObject *item = Py_BuildValue("(nO)", j, PyTuple_GET_ITEM(e, 1));
            if (!item || PyList_Append(ends, item) < 0) { Py_XDECREF(item); Py_DECREF(ends); goto fail; }
            Py_DECREF(item);
        }
        if (ends) {
            PyObject *key = PyLong_FromSsize_t(i);
            int rc = key ? PyDict_SetItem(out, key, ends) : -1;
            Py_XDECREF(key); Py_DECREF(ends);
            if (rc < 0) goto fail;
        }
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* ---- the tokenizer's loop over a text's runs (claimlint.tokenizer.tokenize) ------ */

/* Append `k` items of tuple `t` (from item `from`) to `list`. */
static int extend_from(PyObject *list, PyObject *t, Py_ssize_t from) {
    for (Py_ssize_t k = from; k < PyTuple_GET_SIZE(t); k++)
        if (PyList_Append(list, PyTuple_GET_ITEM(t, k)) < 0) return -1;
    return 0;
}

/* One run's tokens appended to the columns: columns(run) is tokenizer._run_columns
 * ((offsets, texts, norms, nums, is_space, rejoin), offsets from the run's start `a`);
 * `space`: whether the run's last token has a trailing space. Returns rejoin (0 or 1) or -1. */
static int add_run(PyObject *columns, PyObject *run, Py_ssize_t a, int space, PyObject **lists) {
    PyObject *cols = PyObject_CallOneArg(columns, run);
    if (!cols) return -1;
    if (!PyTuple_Check(cols) || PyTuple_GET_SIZE(cols) != 6) {
        PyErr_SetString(PyExc_TypeError, "a run's columns are (offsets, texts, norms, nums, is_space, rejoin)");
        goto fail;
    }
    PyObject *offsets = PyTuple_GET_ITEM(cols, 0);
    for (int c = 0; c < 5; c++)
        if (!PyTuple_Check(PyTuple_GET_ITEM(cols, c))
            || PyTuple_GET_SIZE(PyTuple_GET_ITEM(cols, c)) != PyTuple_GET_SIZE(offsets)) {
            PyErr_SetString(PyExc_TypeError, "a run's columns are tuples of one length");
            goto fail;
        }
    Py_ssize_t n = PyTuple_GET_SIZE(offsets);
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_ssize_t o = PyLong_AsSsize_t(PyTuple_GET_ITEM(offsets, k));
        if (o == -1 && PyErr_Occurred()) goto fail;
        PyObject *at = PyLong_FromSsize_t(a + o);
        if (!at || PyList_Append(lists[0], at) < 0) { Py_XDECREF(at); goto fail; }
        Py_DECREF(at);
        if (PyList_Append(lists[5], (space && k == n - 1) ? Py_True : Py_False) < 0) goto fail;
    }
    for (int c = 1; c < 5; c++)
        if (extend_from(lists[c], PyTuple_GET_ITEM(cols, c), 0) < 0) goto fail;
    int rejoin = PyObject_IsTrue(PyTuple_GET_ITEM(cols, 5));
    Py_DECREF(cols);
    return rejoin;
fail:
    Py_DECREF(cols);
    return -1;
}

/* tokenize_runs(text, pos, columns, starts, texts, norms, nums, is_space, spaces): the loop of
 * claimlint.tokenizer.tokenize from `pos` (where no white space starts), in one call. The text is
 * cut as the expression (\S+)( ?)(\s*) cuts it, match after match (\s is Py_UNICODE_ISSPACE, as
 * in `re`): each run without white space, then the single " " that is its last token's trailing
 * space, then any other white space, a run of its own whose tokens have none; each run's tokens
 * come from columns(run) (tokenizer._run_columns, cached there) and are appended to the six
 * lists. Returns whether any run's tokens spell a special case to rejoin. The Python loop
 * stays the reference and the fallback (tests/test_tokenizer.py compares the two). */
static PyObject *tokenize_runs(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 9 || !PyUnicode_Check(args[0]) || !PyLong_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError,
                        "tokenize_runs(text, pos, columns, starts, texts, norms, nums, is_space, spaces)");
        return NULL;
    }
    PyObject *lists[6];
    for (int c = 0; c < 6; c++) {
        lists[c] = args[3 + c];
        if (!PyList_Check(lists[c])) { PyErr_SetString(PyExc_TypeError, "the token columns are lists"); return NULL; }
    }
    PyObject *text = args[0], *columns = args[2];
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t i = PyLong_AsSsize_t(args[1]);
    if (i == -1 && PyErr_Occurred()) return NULL;
    if (i < 0) i = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    int rejoin = 0;
    while (i < n) {
        Py_ssize_t j = i;
        while (j < n && !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j))) j++;
        if (j == i) { i++; continue; }  /* white space where a run starts: `re` would search on */
        int space = j < n && PyUnicode_READ(kind, data, j) == ' ';
        Py_ssize_t k = j + space, m = k;
        while (m < n && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, m))) m++;
        PyObject *run = PyUnicode_Substring(text, i, j);
        if (!run) return NULL;
        int r = add_run(columns, run, i, space, lists);
        Py_DECREF(run);
        if (r < 0) return NULL;
        rejoin |= r;
        if (m > k) {
            PyObject *rest = PyUnicode_Substring(text, k, m);
            if (!rest) return NULL;
            r = add_run(columns, rest, k, 0, lists);
            Py_DECREF(rest);
            if (r < 0) return NULL;
            rejoin |= r;
        }
        i = m;
    }
    return PyBool_FromLong(rejoin);
}

/* ---- Markdown: markdown-it-pyrs's syntax tree -> prose blocks (documents/markdown_rs.py) ---- */

/* markdown_blocks(tree, source, doc, hooks): claimlint.documents.markdown_rs._Reader's walk of
 * one page's syntax tree in one call: the same blocks (text, offsets, kind, lead-in, links,
 * footnote references, entity ends), footnote labels and comments, appended to the Document's
 * lists in the same order. hooks = (Block, array, mask_urls, is_citation_href, front_matter,
 * html_block): what stays in Python (the Block and array('I') classes, a URL's masking, the
 * citation test of a link, front matter and HTML blocks, which the Python readers parse). Every
 * node attribute is read once (markdown-it-pyrs builds the value again on every read). Returns
 * True, or False where it leaves the page to the Python walk (the reference and the fallback:
 * tests/test_markdown_readers.py compares the two): a table cell's `\|` (add_unescaped_pipes),
 * a source with lone surrogates, a meta value of an unexpected type, nesting past MD_DEPTH. */

enum {
    N_OTHER, N_TEXT, N_TEXT_SPECIAL, N_SOFTBREAK, N_HARDBREAK, N_CODE_INLINE, N_HTML_INLINE, N_AUTOLINK,
    N_LINK, N_IMAGE, N_FOOTNOTE_REF, N_EM, N_STRONG, N_STRIKE,
    N_BLOCK,  /* the names below are blocks of their own (markdown_rs._BLOCKS) */
    N_HEADING = N_BLOCK, N_LHEADING, N_LIST_ITEM, N_TCELL, N_BLOCKQUOTE, N_FOOTNOTE_DEF,
    N_BULLET_LIST, N_ORDERED_LIST, N_FENCE, N_CODE_BLOCK, N_HR, N_DEFINITION, N_FOOTNOTE_REF_ANCHOR,
    N_TABLE, N_THEAD, N_TBODY, N_TROW, N_FOOTNOTE_CONTAINER, N_ROOT, N_PARAGRAPH, N_HTML_BLOCK, N_FRONT_MATTER,
};

static const struct { const char *name; int id; } md_names[] = {
    {"text", N_TEXT}, {"text_special", N_TEXT_SPECIAL}, {"softbreak", N_SOFTBREAK}, {"hardbreak", N_HARDBREAK},
    {"code_inline", N_CODE_INLINE}, {"html_inline", N_HTML_INLINE}, {"autolink", N_AUTOLINK}, {"link", N_LINK},
    {"image", N_IMAGE}, {"footnote_ref", N_FOOTNOTE_REF}, {"em", N_EM}, {"strong", N_STRONG},
    {"strikethrough", N_STRIKE}, {"heading", N_HEADING}, {"lheading", N_LHEADING}, {"list_item", N_LIST_ITEM},
    {"tcell", N_TCELL}, {"blockquote", N_BLOCKQUOTE}, {"footnote_def", N_FOOTNOTE_DEF},
    {"bullet_list", N_BULLET_LIST}, {"ordered_list", N_ORDERED_LIST}, {"fence", N_FENCE},
    {"code_block", N_CODE_BLOCK}, {"hr", N_HR}, {"definition", N_DEFINITION},
    {"footnote_ref_anchor", N_FOOTNOTE_REF_ANCHOR}, {"table", N_TABLE}, {"thead", N_THEAD}, {"tbody", N_TBODY},
    {"trow", N_TROW}, {"footnote_container", N_FOOTNOTE_CONTAINER}, {"root", N_ROOT}, {"paragraph", N_PARAGRAPH},
    {"html_block", N_HTML_BLOCK}, {"front_matter", N_FRONT_MATTER},
};
#define MD_NNAMES ((int)(sizeof md_names / sizeof md_names[0]))
#define MD_DEPTH 1000   /* block nesting (too_deep leaves deeper pages to markdown-it-py long before) */
#define MD_NONE PY_SSIZE_T_MIN

/* the prose kinds (markdown_rs._CONTAINERS), as kind ids */
enum { K_PARAGRAPH_, K_HEADING_, K_LIST_ITEM_, K_TABLE_CELL_, K_QUOTE_, K_FOOTNOTE_ };
static PyObject *md_kind_str[6];
static size_t md_name_len[MD_NNAMES];
static PyObject *s_name, *s_srcmap, *s_children, *s_meta, *s_content, *s_markup, *s_url, *s_label, *s_text_attr,
    *s_offsets, *s_kind, *s_lead_in, *s_links, *s_footnote_refs, *s_ends, *s_I, *s_empty, *s_space, *s_empty_tuple;

typedef struct { PyObject *node; int id, has; Py_ssize_t a, b; } MdItem;     /* a grouped inline node */
typedef struct { PyObject *kids; Py_ssize_t i, n; int link; Py_ssize_t start, end; } MdFrame;
typedef struct { Py_ssize_t a, b; PyObject *label; } MdRef;

typedef struct {
    PyObject *source, *blocks, *footnotes, *comments;
    PyObject *block_type, *array_type, *mask_urls, *is_citation, *front_matter, *html_block;
    int skind; const void *sdata; Py_ssize_t n;
    Py_ssize_t *b2c, nbytes;             /* byte -> char offset; NULL for an ASCII source */
    int kinds[MD_DEPTH + 1]; int nkinds;
    PyObject *leads[MD_DEPTH + 1]; int nleads;  /* owned */
    PyObject *last_block;                        /* owned or NULL */
    int depth;
    MdItem *items; Py_ssize_t nitems, capitems;
    MdFrame *frames; Py_ssize_t nframes, capframes;
    /* the block being built (model.ProseBuilder) */
    Py_UCS4 *text; unsigned int *offs; Py_ssize_t len, cap;
    int pieces, last_space, ascii;      /* ascii: every piece so far is ASCII */
    Py_ssize_t *links; Py_ssize_t nlinks, caplinks;         /* pairs */
    MdRef *refs; Py_ssize_t nrefs, caprefs;                  /* labels owned */
    Py_ssize_t *ends; Py_ssize_t nends, capends;             /* pairs (index, source end) */
    Py_ssize_t cursor, end;
    /* an array('I') whose buffer a block's offsets are copied into: each block's array is a slice
     * of it (making an array from bytes parses arguments and looks up frombytes, ~2,000 instructions) */
    PyObject *scratch; Py_buffer sview; Py_ssize_t scap;
} Md;

static int md_grow(void **v, Py_ssize_t *cap, Py_ssize_t need, size_t size) {
    if (need <= *cap) return 0;
    Py_ssize_t c = *cap ? *cap : 16;
    while (c < need) c *= 2;
    void *p = PyMem_Realloc(*v, (size_t)c * size);
    if (!p) { PyErr_NoMemory(); return -1; }
    *v = p; *cap = c;
    return 0;
}

static int md_name_id(PyObject *name) {
    if (!PyUnicode_Check(name) || !PyUnicode_IS_COMPACT_ASCII(name)) return N_OTHER;
    Py_ssize_t n = PyUnicode_GET_LENGTH(name);
    const char *s = (const char *)PyUnicode_1BYTE_DATA(name);
    for (int k = 0; k < MD_NNAMES; k++)
        if (md_name_len[k] == (size_t)n && memcmp(md_names[k].name, s, (size_t)n) == 0) return md_names[k].id;
    return N_OTHER;
}

/* The node's name id (-1 on an error). */
static int md_node_id(PyObject *node) {
    PyObject *name = PyObject_GetAttr(node, s_name);
    if (!name) return -1;
    int id = md_name_id(name);
    Py_DECREF(name);
    return id;
}

/* Its srcmap in bytes: 1 when it has one, 0 when None, -1 on an error, 2 when malformed (bail). */
static int md_srcmap(PyObject *node, Py_ssize_t *a, Py_ssize_t *b) {
    PyObject *sm = PyObject_GetAttr(node, s_srcmap);
    if (!sm) return -1;
    int r;
    if (sm == Py_None) r = 0;
    else if (!PyTuple_Check(sm) || PyTuple_GET_SIZE(sm) != 2) r = 2;
    else {
        *a = PyLong_AsSsize_t(PyTuple_GET_ITEM(sm, 0));
        *b = PyLong_AsSsize_t(PyTuple_GET_ITEM(sm, 1));
        if ((*a == -1 || *b == -1) && PyErr_Occurred()) r = -1;
        else r = (*a < 0 || *b < 0) ? 2 : 1;
    }
    Py_DECREF(sm);
    return r;
}

/* _Chars.__call__: the character holding UTF-8 byte `b` (floored), or -1 past the end (bail). */
static Py_ssize_t md_char(const Md *m, Py_ssize_t b) {
    if (!m->b2c) return b;
    return b <= m->nbytes ? m->b2c[b] : -1;
}

static Py_UCS4 md_at(const Md *m, Py_ssize_t i) { return PyUnicode_READ(m->skind, m->sdata, i); }

/* _Reader.line_start: the start of the line holding `off` (lines break at \r\n, \r, \n). */
static Py_ssize_t md_line_start(const Md *m, Py_ssize_t off) {
    Py_ssize_t q = off < m->n ? off : m->n;
    for (Py_ssize_t p = q - 1; p >= 0; p--) {
        Py_UCS4 c = md_at(m, p);
        if (c == '\n') return p + 1;
        if (c == '\r') {
            if (p + 1 == off && off < m->n && md_at(m, off) == '\n') continue;  /* "\r\n" ends after off */
            return p + 1;
        }
    }
    return 0;
}

/* _Reader.next_line: the start of the line after the one holding `off`, or the source's end. */
static Py_ssize_t md_next_line(const Md *m, Py_ssize_t off) {
    for (Py_ssize_t q = off < 0 ? 0 : off; q < m->n; q++) {
        Py_UCS4 c = md_at(m, q);
        if (c == '\n') return q + 1;
        if (c == '\r') return (q + 1 < m->n && md_at(m, q + 1) == '\n') ? q + 2 : q + 1;
    }
    return m->n;
}

/* ProseBuilder.add / add_mapped (end < 0: None) / space */
static int md_add(Md *m, PyObject *text, Py_ssize_t at, Py_ssize_t end, int mapped) {
    Py_ssize_t tl = PyUnicode_GET_LENGTH(text);
    if (m->len + tl > m->cap) {  /* the text and its offsets grow together */
        Py_ssize_t c = m->cap ? m->cap : 256;
        while (c < m->len + tl) c *= 2;
        Py_UCS4 *t = PyMem_Realloc(m->text, (size_t)c * sizeof(Py_UCS4));
        if (!t) { PyErr_NoMemory(); return -1; }
        m->text = t;
        unsigned int *o = PyMem_Realloc(m->offs, (size_t)c * sizeof(unsigned int));
        if (!o) { PyErr_NoMemory(); return -1; }
        m->offs = o;
        m->cap = c;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    if (mapped && end >= 0 && end > at + 1) {
        if (md_grow((void **)&m->ends, &m->capends, 2 * (m->nends + tl), sizeof(Py_ssize_t)) < 0) return -1;
        for (Py_ssize_t k = 0; k < tl; k++) { m->ends[2 * m->nends] = m->len + k; m->ends[2 * m->nends + 1] = end; m->nends++; }
    }
    Py_UCS4 *t = m->text + m->len;
    unsigned int *o = m->offs + m->len;
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *d = data;
        for (Py_ssize_t k = 0; k < tl; k++) t[k] = d[k];
    } else if (kind == PyUnicode_2BYTE_KIND) {
        const Py_UCS2 *d = data;
        for (Py_ssize_t k = 0; k < tl; k++) t[k] = d[k];
    } else memcpy(t, data, (size_t)tl * sizeof(Py_UCS4));
    if (mapped) for (Py_ssize_t k = 0; k < tl; k++) o[k] = (unsigned int)at;
    else for (Py_ssize_t k = 0; k < tl; k++) o[k] = (unsigned int)(at + k);
    if (!PyUnicode_IS_ASCII(text)) m->ascii = 0;
    m->len += tl;
    m->pieces = 1;
    m->last_space = tl > 0 && (m->text[m->len - 1] == ' ' || m->text[m->len - 1] == '\n');
    return 0;
}

static int md_space(Md *m, Py_ssize_t at) {
    if (!m->pieces || m->last_space) return 0;
    return md_add(m, s_space, at, -1, 1);
}

static int md_link(Md *m, Py_ssize_t a, Py_ssize_t b) {
    if (md_grow((void **)&m->links, &m->caplinks, 2 * (m->nlinks + 1), sizeof(Py_ssize_t)) < 0) return -1;
    m->links[2 * m->nlinks] = a; m->links[2 * m->nlinks + 1] = b; m->nlinks++;
    return 0;
}

static int md_ref(Md *m, Py_ssize_t a, Py_ssize_t b, PyObject *label) {  /* steals label */
    if (md_grow((void **)&m->refs, &m->caprefs, m->nrefs + 1, sizeof(MdRef)) < 0) { Py_DECREF(label); return -1; }
    m->refs[m->nrefs].a = a; m->refs[m->nrefs].b = b; m->refs[m->nrefs].label = label; m->nrefs++;
    return 0;
}

/* _InlineWalker.place: where `text` is (-1: nowhere, -2: an error). */
static Py_ssize_t md_place(Md *m, PyObject *text, Py_ssize_t at) {
    Py_ssize_t r = PyUnicode_Tailmatch(m->source, text, at, PY_SSIZE_T_MAX, -1);
    if (r < 0) return -2;
    if (r) return at;
    if (PyUnicode_GET_LENGTH(text) == 0) return m->cursor;
    return PyUnicode_Find(m->source, text, m->cursor, m->end, 1);
}

/* node.meta.get(key, "") as a new reference; `want_str`: bail (NULL, no error) unless it is a str. */
static PyObject *md_meta(PyObject *node, PyObject *key, int want_str, int *bail) {
    PyObject *meta = PyObject_GetAttr(node, s_meta);
    if (!meta) return NULL;
    if (!PyDict_Check(meta)) { Py_DECREF(meta); *bail = 1; return NULL; }
    PyObject *v = PyDict_GetItemWithError(meta, key);
    if (!v && PyErr_Occurred()) { Py_DECREF(meta); return NULL; }
    if (!v) v = s_empty;
    Py_INCREF(v);
    Py_DECREF(meta);
    if (want_str && !PyUnicode_Check(v)) { Py_DECREF(v); *bail = 1; return NULL; }
    return v;
}

static int md_push(Md *m, PyObject *node, int link, Py_ssize_t start, Py_ssize_t end) {
    PyObject *kids = PyObject_GetAttr(node, s_children);
    if (!kids) return -1;
    PyObject *seq = PySequence_Fast(kids, "children");
    Py_DECREF(kids);
    if (!seq) return -1;
    if (md_grow((void **)&m->frames, &m->capframes, m->nframes + 1, sizeof(MdFrame)) < 0) { Py_DECREF(seq); return -1; }
    MdFrame *f = &m->frames[m->nframes++];
    f->kids = seq; f->i = 0; f->n = PySequence_Fast_GET_SIZE(seq); f->link = link; f->start = start; f->end = end;
    return 0;
}

#define MD_TRY(x) do { int _r = (x); if (_r) return _r; } while (0)
#define MD_ERR(x) do { if ((x) < 0) return -1; } while (0)

/* _InlineWalker.text */
static int md_text(Md *m, PyObject *content, Py_ssize_t a) {
    Py_ssize_t tl = PyUnicode_GET_LENGTH(content);
    if (!tl) return 0;
    if (PyUnicode_FindChar(content, '|', 0, tl, 1) >= 0) {
        Py_ssize_t r = PyUnicode_Tailmatch(m->source, content, a, PY_SSIZE_T_MAX, -1);
        if (r < 0) return -1;
        if (!r) return 1;  /* perhaps a cell's "\|": add_unescaped_pipes, in Python */
    }
    Py_ssize_t at = md_place(m, content, a);
    if (at == -2) return -1;
    if (at < 0) return 0;
    MD_ERR(md_add(m, content, at, -1, 0));
    m->cursor = at + tl;
    return 0;
}

/* One inline node of _InlineWalker.walk: 0, -1 on an error, 1 to bail. */
static int md_inline(Md *m, PyObject *node, int id, int has, Py_ssize_t sa, Py_ssize_t sb) {
    Py_ssize_t a = m->cursor, e = m->cursor;
    if (has) {
        a = md_char(m, sa); e = md_char(m, sb);
        if (a < 0 || e < 0) return 1;
    }
    int bail = 0;
    switch (id) {
    case N_TEXT: {
        PyObject *content = md_meta(node, s_content, 1, &bail);
        if (!content) return bail ? 1 : -1;
        int r = md_text(m, content, a);
        Py_DECREF(content);
        return r;
    }
    case N_TEXT_SPECIAL: {
        PyObject *markup = md_meta(node, s_markup, 1, &bail);
        if (!markup) return bail ? 1 : -1;
        Py_ssize_t at = md_place(m, markup, a), ml = PyUnicode_GET_LENGTH(markup);
        Py_DECREF(markup);
        if (at == -2) return -1;
        if (at >= 0) {
            PyObject *content = md_meta(node, s_content, 1, &bail);
            if (!content) return bail ? 1 : -1;
            int r = md_add(m, content, at, at + ml, 1);
            Py_DECREF(content);
            MD_ERR(r);
            m->cursor = at + ml;
        }
        return 0;
    }
    case N_SOFTBREAK: case N_HARDBREAK: {
        Py_ssize_t at = e > a ? PyUnicode_FindChar(m->source, '\n', a, e, 1) : -1;
        if (at == -2) return -1;
        if (at < 0) at = PyUnicode_FindChar(m->source, '\n', m->cursor, m->end, 1);
        if (at == -2) return -1;
        if (at < 0) at = m->cursor;
        MD_ERR(md_space(m, at));
        m->cursor = at < m->end ? at + 1 : at;
        return 0;
    }
    case N_CODE_INLINE:
        MD_ERR(md_space(m, a));
        m->cursor = e;
        return 0;
    case N_HTML_INLINE: {
        PyObject *content = md_meta(node, s_content, 1, &bail);
        if (!content) return bail ? 1 : -1;
        Py_ssize_t at = md_place(m, content, a), cl = PyUnicode_GET_LENGTH(content);
        if (at < 0) { Py_DECREF(content); return at == -2 ? -1 : 0; }
        int kind = PyUnicode_KIND(content);
        const void *d = PyUnicode_DATA(content);
        if (cl >= 4 && PyUnicode_READ(kind, d, 0) == '<' && PyUnicode_READ(kind, d, 1) == '!' &&
            PyUnicode_READ(kind, d, 2) == '-' && PyUnicode_READ(kind, d, 3) == '-') {
            PyObject *t = Py_BuildValue("(nnO)", at, at + cl, content);
            if (!t || PyList_Append(m->comments, t) < 0) { Py_XDECREF(t); Py_DECREF(content); return -1; }
            Py_DECREF(t);
        }
        /* re.match(r"<br\b", content, re.I) */
        if (cl >= 3 && PyUnicode_READ(kind, d, 0) == '<' && (PyUnicode_READ(kind, d, 1) | 32) == 'b' &&
            (PyUnicode_READ(kind, d, 2) | 32) == 'r') {
            Py_UCS4 c = cl > 3 ? PyUnicode_READ(kind, d, 3) : ' ';
            if (!(Py_UNICODE_ISALNUM(c) || c == '_') && md_space(m, at) < 0) { Py_DECREF(content); return -1; }
        }
        Py_DECREF(content);
        m->cursor = at + cl;
        return 0;
    }
    case N_AUTOLINK:
        MD_ERR(md_space(m, m->cursor));
        MD_ERR(md_link(m, m->len - 1, m->len));
        m->cursor = e;
        return 0;
    case N_LINK: {
        PyObject *url = md_meta(node, s_url, 0, &bail);
        if (!url) return bail ? 1 : -1;
        PyObject *href = PyObject_Str(url);
        Py_DECREF(url);
        if (!href) return -1;
        Py_ssize_t hl = PyUnicode_GET_LENGTH(href);
        if (hl && PyUnicode_READ_CHAR(href, 0) == '#') {
            PyObject *label = PyUnicode_Substring(href, 1, hl);
            if (!label || md_ref(m, m->len, m->len, label) < 0) { Py_DECREF(href); return -1; }
        }
        PyObject *cite = PyObject_CallOneArg(m->is_citation, href);
        Py_DECREF(href);
        if (!cite) return -1;
        int c = PyObject_IsTrue(cite);
        Py_DECREF(cite);
        if (c < 0) return -1;
        m->cursor = a + 1;
        return md_push(m, node, 1, c ? m->len : MD_NONE, e);
    }
    case N_IMAGE:
        MD_ERR(md_space(m, a));
        m->cursor = e > a + 2 ? e : a + 2;
        return 0;
    case N_FOOTNOTE_REF: {
        MD_ERR(md_space(m, a));
        PyObject *v = md_meta(node, s_label, 0, &bail);
        if (!v) return bail ? 1 : -1;
        PyObject *label = PyObject_Str(v);
        Py_DECREF(v);
        if (!label) return -1;
        MD_ERR(md_ref(m, m->len - 1, m->len, label));
        m->cursor = e;
        return 0;
    }
    case N_EM: case N_STRONG: case N_STRIKE:
        return md_push(m, node, 0, 0, 0);
    default:
        return 0;  /* anything else (a footnote's back-reference anchor) holds no prose */
    }
}

/* Drain the frame stack (the nodes under one of a block's inline nodes). */
static int md_drain(Md *m) {
    while (m->nframes) {
        MdFrame *f = &m->frames[m->nframes - 1];
        if (f->i >= f->n) {
            if (f->link) {
                if (f->start != MD_NONE) MD_ERR(md_link(m, f->start, m->len > f->start + 1 ? m->len : f->start + 1));
                if (f->end > m->cursor) m->cursor = f->end;
            }
            Py_DECREF(f->kids);
            m->nframes--;
            continue;
        }
        PyObject *node = PySequence_Fast_GET_ITEM(f->kids, f->i);
        f->i++;
        Py_INCREF(node);
        int id = md_node_id(node), has = 0, r;
        Py_ssize_t sa = 0, sb = 0;
        if (id < 0) r = -1;
        else {
            has = md_srcmap(node, &sa, &sb);
            r = has < 0 ? -1 : has == 2 ? 1 : md_inline(m, node, id, has, sa, sb);
        }
        Py_DECREF(node);
        if (r) return r;
    }
    return 0;
}

static int md_clear_frames(Md *m) {
    while (m->nframes) { Py_DECREF(m->frames[m->nframes - 1].kids); m->nframes--; }
    return 0;
}

static PyObject *md_pairs(const Py_ssize_t *v, Py_ssize_t n, Py_ssize_t lead, Py_ssize_t trail) {
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_ssize_t a = v[2 * k], b = v[2 * k + 1];
        if (!(b > lead && a < trail)) continue;
        Py_ssize_t x = a - lead > 0 ? a - lead : 0, y = b - lead < trail - lead ? b - lead : trail - lead;
        PyObject *t = Py_BuildValue("(nn)", x, y);
        if (!t || PyList_Append(out, t) < 0) { Py_XDECREF(t); Py_DECREF(out); return NULL; }
        Py_DECREF(t);
    }
    return out;
}

/* A new array('I') of the offsets [lead, trail): a slice of the scratch array. */
static PyObject *md_offsets(Md *m, Py_ssize_t lead, Py_ssize_t trail) {
    Py_ssize_t n = trail - lead;
    if (n > m->scap) {
        if (m->scratch) { PyBuffer_Release(&m->sview); Py_CLEAR(m->scratch); }
        Py_ssize_t c = m->scap ? m->scap : 1024;
        while (c < n) c *= 2;
        m->scap = 0;
        PyObject *bytes = PyBytes_FromStringAndSize(NULL, c * (Py_ssize_t)sizeof(unsigned int));
        if (!bytes) return NULL;
        memset(PyBytes_AS_STRING(bytes), 0, (size_t)c * sizeof(unsigned int));
        PyObject *arr = PyObject_CallFunctionObjArgs(m->array_type, s_I, bytes, NULL);
        Py_DECREF(bytes);
        if (!arr) return NULL;
        if (PyObject_GetBuffer(arr, &m->sview, PyBUF_WRITABLE | PyBUF_FORMAT) < 0) { Py_DECREF(arr); return NULL; }
        m->scratch = arr;
        if (m->sview.itemsize != (Py_ssize_t)sizeof(unsigned int) || m->sview.len != c * (Py_ssize_t)sizeof(unsigned int)) {
            PyErr_SetString(PyExc_SystemError, "array('I') items are not C unsigned ints");
            return NULL;
        }
        m->scap = c;
    }
    memcpy(m->sview.buf, m->offs + lead, (size_t)n * sizeof(unsigned int));
    return PySequence_GetSlice(m->scratch, 0, n);
}

/* The str of the UCS4 characters s[0:n] (`ascii`: they all are). */
static PyObject *md_str(const Py_UCS4 *s, Py_ssize_t n, int ascii) {
    if (!ascii || n == 1) return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, s, n);  /* (one character: its cached str) */
    PyObject *t = PyUnicode_New(n, 127);
    if (!t) return NULL;
    Py_UCS1 *d = PyUnicode_1BYTE_DATA(t);
    for (Py_ssize_t k = 0; k < n; k++) d[k] = (Py_UCS1)s[k];
    return t;
}

/* ProseBuilder.build and what _Reader.prose does with the block: the Block, or None. */
static PyObject *md_build(Md *m, int kind, PyObject *lead_in) {
    Py_ssize_t lead = 0, trail = m->len;
    while (lead < m->len && Py_UNICODE_ISSPACE(m->text[lead])) lead++;
    while (trail > 0 && Py_UNICODE_ISSPACE(m->text[trail - 1])) trail--;
    if (trail <= lead) Py_RETURN_NONE;
    PyObject *text = NULL, *offsets = NULL, *links = NULL, *refs = NULL, *ends = NULL, *block = NULL;
    text = md_str(m->text + lead, trail - lead, m->ascii);
    if (!text) goto fail;
    offsets = md_offsets(m, lead, trail);
    if (!offsets) goto fail;
    links = md_pairs(m->links, m->nlinks, lead, trail);
    if (!links) goto fail;
    refs = PyList_New(0);
    if (!refs) goto fail;
    for (Py_ssize_t k = 0; k < m->nrefs; k++) {
        MdRef *r = &m->refs[k];
        if (!(r->a >= lead && r->b <= trail)) continue;
        PyObject *t = Py_BuildValue("(nnO)", r->a - lead, r->b - lead, r->label);
        if (!t || PyList_Append(refs, t) < 0) { Py_XDECREF(t); goto fail; }
        Py_DECREF(t);
    }
    ends = PyDict_New();
    if (!ends) goto fail;
    for (Py_ssize_t k = 0; k < m->nends; k++) {
        Py_ssize_t i = m->ends[2 * k];
        if (!(lead <= i && i < trail)) continue;
        PyObject *key = PyLong_FromSsize_t(i - lead), *val = PyLong_FromSsize_t(m->ends[2 * k + 1]);
        int rc = key && val ? PyDict_SetItem(ends, key, val) : -1;
        Py_XDECREF(key); Py_XDECREF(val);
        if (rc < 0) goto fail;
    }
    /* Block(text, offsets, kind, lead_in, links, footnote_refs, ends): its dataclass __init__ sets
     * just these seven attributes, in this order */
    block = PyBaseObject_Type.tp_new((PyTypeObject *)m->block_type, s_empty_tuple, NULL);
    if (!block) goto fail;
    if (PyObject_SetAttr(block, s_text_attr, text) < 0 || PyObject_SetAttr(block, s_offsets, offsets) < 0 ||
        PyObject_SetAttr(block, s_kind, md_kind_str[kind]) < 0 || PyObject_SetAttr(block, s_lead_in, lead_in) < 0 ||
        PyObject_SetAttr(block, s_links, links) < 0 || PyObject_SetAttr(block, s_footnote_refs, refs) < 0 ||
        PyObject_SetAttr(block, s_ends, ends) < 0) goto fail;
    Py_DECREF(offsets); Py_DECREF(links); Py_DECREF(refs); Py_DECREF(ends);
    /* urls.could_hold_url(text): "@", "://" or "www." in any case */
    int url = 0;
    for (Py_ssize_t k = lead; k < trail && !url; k++) {
        Py_UCS4 c = m->text[k];
        if (c != '@' && c != ':' && (c | 32) != 'w') continue;
        if (c == '@') url = 1;
        else if (c == ':' && k + 2 < trail && m->text[k + 1] == '/' && m->text[k + 2] == '/') url = 1;
        else if ((c | 32) == 'w' && k + 3 < trail && (m->text[k + 1] | 32) == 'w' && (m->text[k + 2] | 32) == 'w' &&
                 m->text[k + 3] == '.') url = 1;
    }
    Py_DECREF(text);
    if (url) {
        PyObject *masked = PyObject_CallOneArg(m->mask_urls, block);
        Py_DECREF(block);
        return masked;
    }
    return block;
fail:
    Py_XDECREF(text); Py_XDECREF(offsets); Py_XDECREF(links); Py_XDECREF(refs);
    Py_XDECREF(ends); Py_XDECREF(block);
    return NULL;
}

static void md_reset(Md *m) {
    m->len = 0; m->pieces = 0; m->last_space = 0; m->ascii = 1; m->nlinks = 0; m->nends = 0;
    for (Py_ssize_t k = 0; k < m->nrefs; k++) Py_DECREF(m->refs[k].label);
    m->nrefs = 0;
}

/* _Reader.prose over the grouped items [base, nitems) */
static int md_prose(Md *m, Py_ssize_t base) {
    Py_ssize_t first = -1, last = -1;
    for (Py_ssize_t k = base; k < m->nitems; k++)
        if (m->items[k].has) { if (first < 0) first = k; last = k; }
    if (first < 0) return 0;
    Py_ssize_t a = md_char(m, m->items[first].a), b = md_char(m, m->items[last].b);
    if (a < 0 || b < 0) return 1;
    Py_ssize_t start = md_line_start(m, a);
    m->end = md_next_line(m, start > b - 1 ? start : b - 1);
    m->cursor = start;
    md_reset(m);
    for (Py_ssize_t k = base; k < m->nitems; k++) {
        MdItem *it = &m->items[k];
        int r = md_inline(m, it->node, it->id, it->has, it->a, it->b);
        if (!r) r = md_drain(m);
        if (r) { md_clear_frames(m); return r; }
    }
    int kind = m->nkinds ? m->kinds[m->nkinds - 1] : K_PARAGRAPH_;
    PyObject *lead = m->nleads && kind == K_LIST_ITEM_ ? m->leads[m->nleads - 1] : Py_None;
    PyObject *block = md_build(m, kind, lead);
    if (!block) return -1;
    if (block != Py_None) {
        if (PyList_Append(m->blocks, block) < 0) { Py_DECREF(block); return -1; }
        if (kind != K_LIST_ITEM_) { Py_XSETREF(m->last_block, block); return 0; }
    }
    Py_DECREF(block);
    return 0;
}

static int md_block(Md *m, PyObject *node, int id);

/* _Reader.children */
static int md_children(Md *m, PyObject *node) {
    PyObject *kids = PyObject_GetAttr(node, s_children);
    if (!kids) return -1;
    PyObject *seq = PySequence_Fast(kids, "children");
    Py_DECREF(kids);
    if (!seq) return -1;
    Py_ssize_t base = m->nitems, n = PySequence_Fast_GET_SIZE(seq);
    int r = 0;
    for (Py_ssize_t k = 0; k < n && !r; k++) {
        PyObject *child = PySequence_Fast_GET_ITEM(seq, k);
        int id = md_node_id(child);
        if (id < 0) { r = -1; break; }
        if (id >= N_BLOCK) {
            if (m->nitems > base) { r = md_prose(m, base); m->nitems = base; if (r) break; }
            r = md_block(m, child, id);
        } else {
            if (md_grow((void **)&m->items, &m->capitems, m->nitems + 1, sizeof(MdItem)) < 0) { r = -1; break; }
            MdItem *it = &m->items[m->nitems];
            it->node = child; it->id = id; it->a = it->b = 0;
            it->has = md_srcmap(child, &it->a, &it->b);
            if (it->has < 0) r = -1;
            else if (it->has == 2) r = 1;
            else m->nitems++;
        }
    }
    if (!r && m->nitems > base) r = md_prose(m, base);
    m->nitems = base;
    Py_DECREF(seq);
    return r;
}

/* _Reader.block */
static int md_block(Md *m, PyObject *node, int id) {
    if (m->depth >= MD_DEPTH) return 1;
    int r = 0;
    Py_ssize_t sa, sb;
    m->depth++;
    switch (id) {
    case N_FENCE: case N_CODE_BLOCK: case N_HR: case N_DEFINITION: case N_FOOTNOTE_REF_ANCHOR:
        break;
    case N_FRONT_MATTER: case N_HTML_BLOCK: {
        int has = md_srcmap(node, &sa, &sb);
        if (has != 1) { r = has < 0 ? -1 : has == 2 ? 1 : 0; break; }
        Py_ssize_t a = md_char(m, sa), b = md_char(m, sb);
        if (a < 0 || b < 0) { r = 1; break; }
        if (id == N_FRONT_MATTER) {
            PyObject *res = PyObject_CallFunction(m->front_matter, "n", b);
            if (!res) r = -1;
            Py_XDECREF(res);
            break;
        }
        PyObject *res = PyObject_CallFunction(m->html_block, "nn", md_line_start(m, a), md_next_line(m, a > b - 1 ? a : b - 1));
        if (!res) { r = -1; break; }
        PyObject *seq = PySequence_Fast(res, "html blocks");
        Py_DECREF(res);
        if (!seq) { r = -1; break; }
        for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(seq) && !r; k++) {
            PyObject *blk = PySequence_Fast_GET_ITEM(seq, k);
            if (PyList_Append(m->blocks, blk) < 0) r = -1;
            else { Py_INCREF(blk); Py_XSETREF(m->last_block, blk); }
        }
        Py_DECREF(seq);
        break;
    }
    case N_BULLET_LIST: case N_ORDERED_LIST: {
        PyObject *lead = Py_None;
        if (m->last_block) {
            PyObject *t = PyObject_GetAttr(m->last_block, s_text_attr);
            if (!t) { r = -1; break; }
            if (!PyUnicode_Check(t)) { Py_DECREF(t); r = 1; break; }
            Py_ssize_t tl = PyUnicode_GET_LENGTH(t);
            if (tl && PyUnicode_READ_CHAR(t, tl - 1) == ':') lead = m->last_block;
            Py_DECREF(t);
        }
        Py_INCREF(lead);
        m->leads[m->nleads++] = lead;
        r = md_children(m, node);
        Py_DECREF(m->leads[--m->nleads]);
        break;
    }
    case N_HEADING: case N_LHEADING: case N_LIST_ITEM: case N_TCELL: case N_BLOCKQUOTE: case N_FOOTNOTE_DEF: {
        int kind = id == N_LIST_ITEM ? K_LIST_ITEM_ : id == N_TCELL ? K_TABLE_CELL_ : id == N_BLOCKQUOTE ? K_QUOTE_
                 : id == N_FOOTNOTE_DEF ? K_FOOTNOTE_ : K_HEADING_;
        if (id == N_FOOTNOTE_DEF) {
            int bail = 0;
            PyObject *v = md_meta(node, s_label, 0, &bail);
            if (!v) { r = bail ? 1 : -1; break; }
            PyObject *label = PyObject_Str(v);
            Py_DECREF(v);
            if (!label) { r = -1; break; }
            int rc = PySet_Add(m->footnotes, label);
            Py_DECREF(label);
            if (rc < 0) { r = -1; break; }
        }
        m->kinds[m->nkinds++] = kind;
        r = md_children(m, node);
        m->nkinds--;
        break;
    }
    default:  /* paragraph, table parts, the footnote container, the root */
        r = md_children(m, node);
    }
    m->depth--;
    return r;
}

static PyObject *markdown_blocks(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !PyUnicode_Check(args[1]) || !PyTuple_Check(args[3]) || PyTuple_GET_SIZE(args[3]) != 6) {
        PyErr_SetString(PyExc_TypeError, "markdown_blocks(tree, source, doc, (Block, array, mask_urls, "
                        "is_citation_href, front_matter, html_block))");
        return NULL;
    }
    Md *m = PyMem_Calloc(1, sizeof(Md));
    if (!m) return PyErr_NoMemory();
    PyObject *hooks = args[3], *doc = args[2], *result = NULL;
    m->source = args[1];
    m->skind = PyUnicode_KIND(m->source); m->sdata = PyUnicode_DATA(m->source); m->n = PyUnicode_GET_LENGTH(m->source);
    m->block_type = PyTuple_GET_ITEM(hooks, 0); m->array_type = PyTuple_GET_ITEM(hooks, 1);
    m->mask_urls = PyTuple_GET_ITEM(hooks, 2); m->is_citation = PyTuple_GET_ITEM(hooks, 3);
    m->front_matter = PyTuple_GET_ITEM(hooks, 4); m->html_block = PyTuple_GET_ITEM(hooks, 5);
    if (!PyType_Check(m->block_type)) { PyErr_SetString(PyExc_TypeError, "Block must be a class"); goto done; }
    m->blocks = PyObject_GetAttrString(doc, "blocks");
    m->footnotes = PyObject_GetAttrString(doc, "footnotes");
    m->comments = PyObject_GetAttrString(doc, "comments");
    if (!m->blocks || !m->footnotes || !m->comments) goto done;
    if (!PyList_Check(m->blocks) || !PySet_Check(m->footnotes) || !PyList_Check(m->comments)) {
        PyErr_SetString(PyExc_TypeError, "the Document's blocks, footnotes and comments"); goto done;
    }
    int r = 0;
    if (!PyUnicode_IS_ASCII(m->source)) {
        Py_ssize_t nb;
        const char *u = PyUnicode_AsUTF8AndSize(m->source, &nb);
        if (!u) { PyErr_Clear(); r = 1; }  /* lone surrogates: Python's "surrogatepass" decides */
        else {
            m->nbytes = nb;
            m->b2c = PyMem_Malloc((size_t)(nb + 1) * sizeof(Py_ssize_t));
            if (!m->b2c) { PyErr_NoMemory(); goto done; }
            /* b2c[k]: the characters wholly before byte k (a byte inside a character is floored to it) */
            Py_ssize_t c = 0;
            for (Py_ssize_t k = 0; k < nb; k++) {
                if (((unsigned char)u[k] & 0xC0) == 0x80) m->b2c[k] = c - 1;
                else m->b2c[k] = c++;
            }
            m->b2c[nb] = m->n;
        }
    }
    if (!r) {
        int id = md_node_id(args[0]);
        r = id < 0 ? -1 : md_block(m, args[0], id);
    }
    if (r >= 0) result = PyBool_FromLong(r == 0);
done:
    if (m->scratch) { PyBuffer_Release(&m->sview); Py_DECREF(m->scratch); }
    md_clear_frames(m);
    md_reset(m);
    for (int k = 0; k < m->nleads; k++) Py_DECREF(m->leads[k]);
    Py_XDECREF(m->last_block);
    Py_XDECREF(m->blocks); Py_XDECREF(m->footnotes); Py_XDECREF(m->comments);
    PyMem_Free(m->b2c); PyMem_Free(m->items); PyMem_Free(m->frames); PyMem_Free(m->text); PyMem_Free(m->offs);
    PyMem_Free(m->links); PyMem_Free(m->refs); PyMem_Free(m->ends);
    PyMem_Free(m);
    return result;
}

static int md_init(void) {
#define S(var, text) if (!(var = PyUnicode_InternFromString(text))) return -1;
    S(s_name, "name") S(s_srcmap, "srcmap") S(s_children, "children") S(s_meta, "meta") S(s_content, "content")
    S(s_markup, "markup") S(s_url, "url") S(s_label, "label") S(s_text_attr, "text") S(s_offsets, "offsets")
    S(s_kind, "kind") S(s_lead_in, "lead_in") S(s_links, "links") S(s_footnote_refs, "footnote_refs")
    S(s_ends, "ends") S(s_I, "I") S(s_empty, "") S(s_space, " ")
    S(md_kind_str[K_PARAGRAPH_], "paragraph") S(md_kind_str[K_HEADING_], "heading")
    S(md_kind_str[K_LIST_ITEM_], "list_item") S(md_kind_str[K_TABLE_CELL_], "table_cell")
    S(md_kind_str[K_QUOTE_], "quote") S(md_kind_str[K_FOOTNOTE_], "footnote")
#undef S
    if (!(s_empty_tuple = PyTuple_New(0))) return -1;
    for (int k = 0; k < MD_NNAMES; k++) md_name_len[k] = strlen(md_names[k].name);
    return 0;
}

/* ---- a text's words for the requirement gates (requirements.text_words) ---------- */

/* ascii_words(text): for an ASCII text, (the set of its lower-cased \w+ runs, whether it holds a
 * digit), what requirements.text_words finds with set(WORD.findall(text.lower())) and
 * _DIGIT.search(text), in one pass and without the lower-cased copy and the list; None for a
 * text that is not ASCII (Python's Unicode rules then decide). In ASCII, \w is [A-Za-z0-9_]. */
static PyObject *ascii_words(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 1 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "ascii_words(text: str)");
        return NULL;
    }
    PyObject *text = args[0];
    if (!PyUnicode_IS_ASCII(text)) Py_RETURN_NONE;
    const unsigned char *c = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *words = PySet_New(NULL);
    if (!words) return NULL;
    int digit = 0;
    Py_ssize_t i = 0;
    while (i < n) {
        unsigned char ch = c[i];
        int w = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
        if (!w) { i++; continue; }
        Py_ssize_t j = i;
        while (j < n) {
            ch = c[j];
            if (ch >= '0' && ch <= '9') digit = 1;
            else if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_')) break;
            j++;
        }
        PyObject *word = PyUnicode_New(j - i, 127);
        if (!word) { Py_DECREF(words); return NULL; }
        unsigned char *out = PyUnicode_1BYTE_DATA(word);
        for (Py_ssize_t k = i; k < j; k++) out[k - i] = (c[k] >= 'A' && c[k] <= 'Z') ? (unsigned char)(c[k] + 32) : c[k];
        int rc = PySet_Add(words, word);
        Py_DECREF(word);
        if (rc < 0) { Py_DECREF(words); return NULL; }
        i = j;
    }
    PyObject *out = PyTuple_Pack(2, words, digit ? Py_True : Py_False);
    Py_DECREF(words);
    return out;
}

/* ---- a rule regex's required literals (ruleset.regex.UserRegex._cannot) ------------- */

/* lacks_group(text, groups): whether some group (a tuple of strings) has no string that occurs
 * in `text`, as the Python loops of UserRegex._cannot decide it; one call per regex and text
 * instead of a Python step per literal (a pack's regexes are asked about every block). */
static PyObject *lacks_group(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyTuple_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "lacks_group(text: str, groups: tuple of tuples of str)");
        return NULL;
    }
    PyObject *text = args[0], *groups = args[1];
    for (Py_ssize_t g = 0; g < PyTuple_GET_SIZE(groups); g++) {
        PyObject *group = PyTuple_GET_ITEM(groups, g);
        if (!PyTuple_Check(group)) { PyErr_SetString(PyExc_TypeError, "a group of literals is a tuple"); return NULL; }
        int found = 0;
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(group) && !found; k++) {
            PyObject *lit = PyTuple_GET_ITEM(group, k);
            if (!PyUnicode_Check(lit)) { PyErr_SetString(PyExc_TypeError, "a literal is a str"); return NULL; }
            found = PyUnicode_Contains(text, lit);
            if (found < 0) return NULL;
        }
        if (!found) Py_RETURN_TRUE;
    }
    Py_RETURN_FALSE;
}

/* ---- the judge's steps: their own file (see its header) ---------------- */

#include "_cjudge.c"
#include "_cregex.c"
#include "_cgate.c"

/* ---- a block's sentences and token view: their own file (see its header) ---------------- */

#include "_cblock.c"

static PyMethodDef module_methods[] = {
    CJUDGE_METHODS
    CREGEX_METHODS
    CGATE_METHODS
    CBLOCK_METHODS
    {"markdown_blocks", (PyCFunction)(void (*)(void))markdown_blocks, METH_FASTCALL,
     "markdown_blocks(tree, source, doc, hooks): a markdown-it-pyrs tree's prose blocks, as markdown_rs._Reader."},
    {"phrase_starts", (PyCFunction)(void (*)(void))phrase_starts, METH_FASTCALL,
     "phrase_starts(norms, transparent, first): where a trie's phrases start, with their ends and values."},
    {"ascii_words", (PyCFunction)(void (*)(void))ascii_words, METH_FASTCALL,
     "ascii_words(text): (set of lower-cased words, holds a digit) of an ASCII text, else None."},
    {"tokenize_runs", (PyCFunction)(void (*)(void))tokenize_runs, METH_FASTCALL,
     "tokenize_runs(text, pos, columns, starts, texts, norms, nums, is_space, spaces): the tokenizer's loop."},
    {"lacks_group", (PyCFunction)(void (*)(void))lacks_group, METH_FASTCALL,
     "lacks_group(text, groups): whether some group of strings has none in text."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "_cmatch", "claimlint's compiled pattern-matching core.", -1, module_methods,
};

PyMODINIT_FUNC PyInit__cmatch(void) {
    if (PyType_Ready(&ProgramType) < 0 || PyType_Ready(&GateType) < 0 || PyType_Ready(&FinderType) < 0) return NULL;
    PyObject *m = PyModule_Create(&moduledef);
    if (!m) return NULL;
#define S(var, text) if (!(var = PyUnicode_InternFromString(text))) return NULL;
    S(s_gap, "_gap") S(s_mark, "_mark") S(s_number, "number") S(s_lexicon_starts, "lexicon_starts") S(s_lex_cache, "_lex_cache") S(s_words, "words") S(s_words_attr, "_words") S(s_words_key, "_words_key")
    S(s_norms, "norms") S(s_nums, "nums") S(s_transparent, "transparent") S(s_barrier, "barrier")
    S(s_limit, "limit")
#undef S
    if (md_init() < 0 || cjudge_init() < 0 || cblock_init() < 0) return NULL;
    Py_INCREF(&ProgramType);
    if (PyModule_AddObject(m, "Program", (PyObject *)&ProgramType) < 0) return NULL;
    Py_INCREF(&GateType);
    if (PyModule_AddObject(m, "Gate", (PyObject *)&GateType) < 0) return NULL;
    Py_INCREF(&FinderType);
    if (PyModule_AddObject(m, "Finder", (PyObject *)&FinderType) < 0) return NULL;
    return m;
}
