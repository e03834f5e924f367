/* A built requirement gate as bytes, and a gate made again from them (included by _cmatch.c).
 *
 * Building a Gate from PatternIndex's tables walks Python dicts and lists: every key of every
 * requirement is looked up and listed (the main index's ~2,000 requirements hold ~57,000 keys),
 * about 50 million instructions for the main index, paid again by every process and worker.
 * gate_dumps(gate) writes what the built gate holds (its slots, requirements, alternatives and
 * key strings) as one bytes object, which PatternIndex pickles with its tables (the compiled
 * rules' cache entry); gate_loads(blob, ungated) makes the same gate again by reading arrays
 * and one dict of its words: no table is walked, so the compiled gate answers from the first
 * sentence. PatternIndex.possible_py stays the reference (tests/test_cmatch.py).
 *
 * The blob is for this build of the core only: it starts with a magic number, a format version
 * and its own length, and any blob that does not check out is refused (ValueError), whereupon
 * PatternIndex builds the gate from its tables. A gate with a requirement compared lazily (one
 * of more than inverted_max keys: a very large lexicon's) holds Python sets and is not dumped
 * (gate_dumps gives None). */

#define GBLOB_MAGIC 0x43474154u   /* "TAGC" */
#define GBLOB_VERSION 1u
/* Header, in uint32s: magic, version, total length in uint32s of the int part, then the counts. */
enum { GH_MAGIC, GH_VERSION, GH_LEN, GH_NWORDS, GH_NSYMBOLS, GH_NREQS, GH_NALTS, GH_NSETS, GH_NMAX, GH_NNUMBER,
       GH_SLOT_ALTS, GH_SLOT_REQS, GH_ALT_REQS, GH_SET_ALTS, GH_STRBYTES, GH_SIZE };

typedef struct { uint32_t *v; Py_ssize_t n, cap; } U32s;

static int u32_put(U32s *o, Py_ssize_t x) {
    if (x < 0 || (size_t)x > 0xFFFFFFFFu) { PyErr_SetString(PyExc_OverflowError, "a gate too large to dump"); return -1; }
    if (o->n == o->cap) {
        Py_ssize_t cap = o->cap ? o->cap * 2 : 1024;
        uint32_t *nv = PyMem_Realloc(o->v, cap * sizeof *nv);
        if (!nv) { PyErr_NoMemory(); return -1; }
        o->v = nv; o->cap = cap;
    }
    o->v[o->n++] = (uint32_t)x;
    return 0;
}

static PyObject *gate_dumps(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 1 || !Py_IS_TYPE(args[0], &GateType)) {
        PyErr_SetString(PyExc_TypeError, "gate_dumps(gate: Gate)");
        return NULL;
    }
    Gate *g = (Gate *)args[0];
    for (Py_ssize_t r = 0; r < g->nreqs; r++) if (g->reqs[r].large) Py_RETURN_NONE;
    Py_ssize_t nslots = g->nwords + g->nsymbols;
    PyObject **strs = PyMem_Calloc(nslots ? nslots : 1, sizeof *strs), *out = NULL, *k, *v;
    U32s o = {NULL, 0, 0};
    if (!strs) return PyErr_NoMemory();
    Py_ssize_t pos = 0;
    while (PyDict_Next(g->slot_of, &pos, &k, &v)) {  /* the words by slot */
        Py_ssize_t s = PyLong_AsSsize_t(v);
        if (s < 0 || s >= g->nwords) { PyErr_SetString(PyExc_SystemError, "a gate's word slot out of range"); goto done; }
        strs[s] = k;
    }
    for (Py_ssize_t j = 0; j < g->nsymbols; j++) strs[g->nwords + j] = g->symbols[j];
    Py_ssize_t slot_alts = 0, slot_reqs = 0, alt_reqs = 0, set_alts = 0, strbytes = 0;
    for (Py_ssize_t s = 0; s < nslots; s++) {
        Py_ssize_t n;
        if (!strs[s] || !PyUnicode_AsUTF8AndSize(strs[s], &n)) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_SystemError, "a gate's slot has no key");
            goto done;
        }
        strbytes += n; slot_alts += g->slots[s].nalts; slot_reqs += g->slots[s].nreqs;
    }
    for (Py_ssize_t a = 0; a < g->nalts; a++) alt_reqs += g->alts[a].nreq;
    for (Py_ssize_t j = 0; j < g->nsets; j++) set_alts += g->sets[j].nalts;
    Py_ssize_t head[GH_SIZE] = {GBLOB_MAGIC, GBLOB_VERSION, 0, g->nwords, g->nsymbols, g->nreqs, g->nalts, g->nsets,
                                g->nmax, g->nnumber, slot_alts, slot_reqs, alt_reqs, set_alts, strbytes};
    for (int h = 0; h < GH_SIZE; h++) if (u32_put(&o, head[h]) < 0) goto done;
#define PUT(x) do { if (u32_put(&o, (x)) < 0) goto done; } while (0)
    for (Py_ssize_t s = 0; s < nslots; s++) { PUT(g->slots[s].nalts); PUT(g->slots[s].nreqs); }
    for (Py_ssize_t s = 0; s < nslots; s++) for (Py_ssize_t i = 0; i < g->slots[s].nalts; i++) PUT(g->slots[s].alts[i]);
    for (Py_ssize_t s = 0; s < nslots; s++) for (Py_ssize_t i = 0; i < g->slots[s].nreqs; i++) PUT(g->slots[s].reqs[i]);
    for (Py_ssize_t r = 0; r < g->nreqs; r++) PUT(g->reqs[r].number ? 1 : 0);
    for (Py_ssize_t a = 0; a < g->nalts; a++) { PUT(g->alts[a].ni); PUT(g->alts[a].nreq); }
    for (Py_ssize_t a = 0; a < g->nalts; a++) for (Py_ssize_t i = 0; i < g->alts[a].nreq; i++) PUT(g->alts[a].reqs[i]);
    for (Py_ssize_t i = 0; i < g->nnumber; i++) PUT(g->number[i]);
    for (Py_ssize_t j = 0; j < g->nsets; j++) { PUT(g->set_req[j]); PUT(g->sets[j].nalts); }
    for (Py_ssize_t j = 0; j < g->nsets; j++) for (Py_ssize_t i = 0; i < g->sets[j].nalts; i++) PUT(g->sets[j].alts[i]);
    for (Py_ssize_t s = 0; s < nslots; s++) { Py_ssize_t n; PyUnicode_AsUTF8AndSize(strs[s], &n); PUT(n); }
#undef PUT
    o.v[GH_LEN] = (uint32_t)o.n;
    out = PyBytes_FromStringAndSize(NULL, o.n * 4 + strbytes);
    if (!out) goto done;
    char *p = PyBytes_AS_STRING(out);
    memcpy(p, o.v, o.n * 4);
    p += o.n * 4;
    for (Py_ssize_t s = 0; s < nslots; s++) {
        Py_ssize_t n;
        const char *u = PyUnicode_AsUTF8AndSize(strs[s], &n);
        memcpy(p, u, n);
        p += n;
    }
done:
    PyMem_Free(strs); PyMem_Free(o.v);
    return out;
}

/* A Gate from gate_dumps' bytes: its arrays in one block (freed with the gate), its words'
 * dict, symbols and pattern numbers made once; ValueError for bytes that do not check out. */
static PyObject *gate_loads(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyBytes_Check(args[0]) || !PyAnySet_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "gate_loads(blob: bytes, ungated: frozenset)");
        return NULL;
    }
    const char *base = PyBytes_AS_STRING(args[0]);
    Py_ssize_t size = PyBytes_GET_SIZE(args[0]);
    uint32_t head[GH_SIZE];
    if (size < (Py_ssize_t)sizeof head) goto bad;
    memcpy(head, base, sizeof head);
    if (head[GH_MAGIC] != GBLOB_MAGIC || head[GH_VERSION] != GBLOB_VERSION) goto bad;
    Py_ssize_t nw = head[GH_NWORDS], ns = head[GH_NSYMBOLS], nreqs = head[GH_NREQS], nalts = head[GH_NALTS],
               nsets = head[GH_NSETS], nmax = head[GH_NMAX], nnumber = head[GH_NNUMBER], slot_alts = head[GH_SLOT_ALTS],
               slot_reqs = head[GH_SLOT_REQS], alt_reqs = head[GH_ALT_REQS], set_alts = head[GH_SET_ALTS],
               strbytes = head[GH_STRBYTES], nslots = nw + ns;
    Py_ssize_t ints = GH_SIZE + 2 * nslots + slot_alts + slot_reqs + nreqs + 2 * nalts + alt_reqs + nnumber + 2 * nsets
                      + set_alts + nslots;
    if ((Py_ssize_t)head[GH_LEN] != ints || size != ints * 4 + strbytes) goto bad;
    /* The ints, read one at a time (the bytes' buffer need not be aligned for uint32_t). */
    const char *at = base + GH_SIZE * 4;
#define NEXT() (memcpy(&u, at, 4), at += 4, (Py_ssize_t)u)
    uint32_t u;
    Gate *g = (Gate *)GateType.tp_alloc(&GateType, 0);
    if (!g) return NULL;
    g->borrowed = 1;  /* the slots', alternatives' and sets' lists live in g->arena */
    PyObject *syms = NULL, *ns_objs = NULL;
    g->ungated = PyFrozenSet_New(args[1]);
    g->nwords = nw; g->nsymbols = ns; g->nreqs = nreqs; g->nalts = nalts; g->nsets = nsets; g->nmax = nmax;
    g->nnumber = nnumber;
    g->arena = PyMem_Malloc((slot_alts + slot_reqs + alt_reqs + nnumber + nsets + set_alts + 1) * sizeof(Py_ssize_t));
    g->slots = PyMem_Calloc(nslots ? nslots : 1, sizeof *g->slots);
    g->reqs = PyMem_Calloc(nreqs ? nreqs : 1, sizeof *g->reqs);
    g->alts = PyMem_Calloc(nalts ? nalts : 1, sizeof *g->alts);
    g->sets = PyMem_Calloc(nsets ? nsets : 1, sizeof *g->sets);
    g->symbols = PyMem_Calloc(ns ? ns : 1, sizeof *g->symbols);
    g->marked = PyMem_Calloc(nreqs ? nreqs : 1, sizeof *g->marked);
    g->asked = PyMem_Calloc(nreqs ? nreqs : 1, sizeof *g->asked);
    g->answer = PyMem_Calloc(nreqs ? nreqs : 1, 1);
    g->added = PyMem_Calloc(nmax ? nmax : 1, sizeof *g->added);
    g->slot_of = _PyDict_NewPresized(nw);
    syms = PyTuple_New(ns);
    ns_objs = PyTuple_New(nmax);
    if (!g->ungated || !g->arena || !g->slots || !g->reqs || !g->alts || !g->sets || !g->symbols || !g->marked
        || !g->asked || !g->answer || !g->added || !g->slot_of || !syms || !ns_objs) {
        if (!PyErr_Occurred()) PyErr_NoMemory();
        goto fail;
    }
    Py_ssize_t *arena = g->arena;
    for (Py_ssize_t s = 0; s < nslots; s++) { g->slots[s].nalts = NEXT(); g->slots[s].nreqs = NEXT(); }
    Py_ssize_t seen_alts = 0, seen_reqs = 0;
    for (Py_ssize_t s = 0; s < nslots; s++) {
        g->slots[s].alts = arena;
        if ((seen_alts += g->slots[s].nalts) > slot_alts) goto corrupt;
        for (Py_ssize_t i = 0; i < g->slots[s].nalts; i++) if ((*arena++ = NEXT()) >= nalts) goto corrupt;
    }
    if (seen_alts != slot_alts) goto corrupt;
    for (Py_ssize_t s = 0; s < nslots; s++) {
        g->slots[s].reqs = arena;
        if ((seen_reqs += g->slots[s].nreqs) > slot_reqs) goto corrupt;
        for (Py_ssize_t i = 0; i < g->slots[s].nreqs; i++) if ((*arena++ = NEXT()) >= nreqs) goto corrupt;
    }
    if (seen_reqs != slot_reqs) goto corrupt;
    for (Py_ssize_t r = 0; r < nreqs; r++) { g->reqs[r].number = (char)(NEXT() != 0); g->reqs[r].large = 0; }
    for (Py_ssize_t a = 0; a < nalts; a++) {
        g->alts[a].ni = NEXT(); g->alts[a].nreq = NEXT();
        if (g->alts[a].ni >= nmax) goto corrupt;
    }
    Py_ssize_t seen = 0;
    for (Py_ssize_t a = 0; a < nalts; a++) {
        g->alts[a].reqs = arena;
        if ((seen += g->alts[a].nreq) > alt_reqs) goto corrupt;
        for (Py_ssize_t i = 0; i < g->alts[a].nreq; i++) if ((*arena++ = NEXT()) >= nreqs) goto corrupt;
    }
    if (seen != alt_reqs) goto corrupt;
    g->number = arena;
    for (Py_ssize_t i = 0; i < nnumber; i++) if ((*arena++ = NEXT()) >= nalts) goto corrupt;
    g->set_req = arena;
    for (Py_ssize_t j = 0; j < nsets; j++) {
        if ((*arena++ = NEXT()) >= nreqs) goto corrupt;
        g->sets[j].nalts = NEXT();
    }
    seen = 0;
    for (Py_ssize_t j = 0; j < nsets; j++) {
        g->sets[j].alts = arena;
        if ((seen += g->sets[j].nalts) > set_alts) goto corrupt;
        for (Py_ssize_t i = 0; i < g->sets[j].nalts; i++) if ((*arena++ = NEXT()) >= nalts) goto corrupt;
    }
    if (seen != set_alts) goto corrupt;
    /* The keys: words into slot_of (slot numbers 0 .. nw - 1), then the symbols. */
    const char *str = base + ints * 4, *end = base + size;
    for (Py_ssize_t s = 0; s < nslots; s++) {
        Py_ssize_t n = NEXT();
        if (n > end - str) goto corrupt;
        PyObject *key = PyUnicode_DecodeUTF8(str, n, NULL);
        if (!key) goto fail;
        str += n;
        if (s < nw) {
            PyObject *id = PyLong_FromSsize_t(s);
            int rc = id ? PyDict_SetItem(g->slot_of, key, id) : -1;
            Py_XDECREF(id); Py_DECREF(key);
            if (rc < 0) goto fail;
        } else {
            PyTuple_SET_ITEM(syms, s - nw, key);
            g->symbols[s - nw] = key;  /* held by syms, in keep */
        }
    }
    if (PyDict_GET_SIZE(g->slot_of) != nw) goto corrupt;  /* two slots of one word */
#undef NEXT
    for (Py_ssize_t i = 0; i < nmax; i++) {
        PyObject *n = PyLong_FromSsize_t(i);
        if (!n) goto fail;
        PyTuple_SET_ITEM(ns_objs, i, n);
    }
    for (Py_ssize_t a = 0; a < nalts; a++) g->alts[a].n = PyTuple_GET_ITEM(ns_objs, g->alts[a].ni);
    g->keep = PyTuple_Pack(3, args[0], syms, ns_objs);
    Py_DECREF(syms); Py_DECREF(ns_objs);
    if (!g->keep) { Py_DECREF(g); return NULL; }
    g->gen = 0;
    return (PyObject *)g;
corrupt:
    PyErr_SetString(PyExc_ValueError, "not a gate's bytes: their lists do not check out");
fail:
    Py_XDECREF(syms); Py_XDECREF(ns_objs);
    Py_DECREF(g);
    return NULL;
bad:
    PyErr_SetString(PyExc_ValueError, "not a gate's bytes of this build of the core");
    return NULL;
}

#define CGATE_METHODS \
    {"gate_dumps", (PyCFunction)(void (*)(void))gate_dumps, METH_FASTCALL, \
     "gate_dumps(gate): the built gate as bytes for gate_loads, or None (a requirement compared lazily)."}, \
    {"gate_loads", (PyCFunction)(void (*)(void))gate_loads, METH_FASTCALL, \
     "gate_loads(blob, ungated): the Gate gate_dumps wrote (ValueError for bytes that do not check out)."},
