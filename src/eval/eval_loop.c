/* eval_loop.c - for and while loops.
 *
 * A for loop over a range with a concrete trip count of at most
 * I->max_unroll iterations is unrolled: the body runs once per index.
 * Longer loops and loops over symbolic ranges run the body ONCE for every
 * iteration at once: the index is a fresh symbolic value i with
 * start <= i < stop (and i = start (mod step)), after the domain decided
 * that the loop runs at all (the zero-trip path runs `else` only).
 *
 * One pass stands for all iterations only if nothing carries from one
 * iteration to the next.  Names assigned in the body (a syntactic pass,
 * analysis.c) are therefore, before the pass:
 *   - affine induction variables (x += e, e invariant): bound to x0 + j*e,
 *     and to x0 + trip*e after the loop;
 *   - objects updated only in place (acc += matmul(...)): kept, as long as
 *     the update returns the same object;
 *   - any other name that may be read before it is assigned in the body:
 *     the loop is unrolled instead when its trip count is concrete, else
 *     the name is bound to V_UNKNOWN ("value carried across iterations");
 *   - everything else: V_UNKNOWN before the pass (a closure reading it sees
 *     no stale value), and after the loop (its value is that of some
 *     iteration), except values that are the same in every iteration.
 * Containers (lists, dicts, instances, module globals) mutated in a pass
 * are tracked dynamically (Seq/Dict born/rd/poisoned): a container that
 * predates the loop becomes unknown ("poisoned") when the pass mutates it,
 * and the path is given up when the pass read it before mutating it (the
 * read saw the first iteration's contents only).  A list that every
 * iteration extends by one append is modelled instead: its length is
 * symbolic, its items known when they are the same in every iteration
 * (Seq.sym; see "lists filled by a symbolic loop" below).
 *
 * while loops iterate; a condition that is symbolic is decided by the
 * domain at most I->max_unroll times, then the path is given up.
 */
#include <stdarg.h>
#include <string.h>

#include "interp_int.h"

/* ---- symbolic-loop bookkeeping ------------------------------------------------------ */

uint32_t symloop_epoch(Interp *I) {
    for (LoopCtx *l = I->loop; l; l = l->parent)
        if (l->symbolic) return l->epoch;
    return UINT32_MAX;
}

int symloop_line(Interp *I) {
    for (LoopCtx *l = I->loop; l; l = l->parent)
        if (l->symbolic) return l->loc.line;
    return 0;
}

bool container_write_slow(Interp *I, uint32_t born, uint32_t rd, bool *poisoned, Loc loc) {
    LoopCtx *outer = NULL;
    for (LoopCtx *l = I->loop; l; l = l->parent)
        if (l->symbolic && born < l->epoch) outer = l;
    if (!outer) return true;
    if (rd >= outer->epoch) {
        interp_abort(I, loc,
                     "value carried across iterations of the loop at line %d is not modelled "
                     "(read, then modified in the loop)",
                     outer->loc.line);
        return false;
    }
    *poisoned = true;
    return true;
}

bool seq_write_slow(Interp *I, Seq *s, Loc loc) {
    if (s->shared) {
        /* the list of every iteration: a write to one is not one to all */
        s->poisoned = true;
        s->writes += 2;
        if (!I->symloops) return true;
    }
    /* the symbolic loops the list predates: one write in the pass of an
     * inner one stands for many in the pass of the outermost */
    LoopCtx *inner = NULL, *outer = NULL;
    for (LoopCtx *l = I->loop; l; l = l->parent)
        if (l->symbolic && s->born < l->epoch) {
            if (!inner) inner = l;
            outer = l;
        }
    s->writes += inner != outer ? 2 : 1;
    return container_write_slow(I, s->born, s->rd, &s->poisoned, loc);
}

Value *poisoned_value(Interp *I, Loc loc) {
    return v_unknown(I, loc, "value modified in a loop over a symbolic range is not modelled");
}

/* Whether term t may depend on the index of `loop` (true when unsure). */
static bool mentions_index(Interp *I, SymTerm *t, const LoopCtx *loop) {
    if (!t) return false;
    const Value *idx = loop->index;
    if (!idx || idx->kind != V_INT || !idx->u.i.sym || !I->dom->mentions) return true;
    return I->dom->mentions(I->dom_state, t, idx->u.i.sym);
}

void symloop_note_decision(Interp *I, const Value *cond) {
    SymTerm *t = (cond->kind == V_BOOL || cond->kind == V_INT) ? cond->u.i.sym : NULL;
    if (!t) return;
    for (LoopCtx *l = I->loop; l; l = l->parent)
        if (l->symbolic && mentions_index(I, t, l)) l->index_decisions++;
}

/* ---- lists filled by a symbolic loop ------------------------------------------------------
 *
 * `for k in range(KT): ... band.append(t)` with KT symbolic runs the body
 * once; without a model, `band` (older than the loop, mutated in the pass)
 * is poisoned.  When every iteration appends exactly one item, the list
 * after the loop is its n0 items from before, then trip items, the one of
 * iteration j being "the t of iteration j" (Seq.sym).  Sound because:
 *   - the pass made no decision whose condition may depend on the index
 *     (LoopCtx.index_decisions == 0): every iteration then takes the same
 *     path through the body, so what one pass does to the list (one
 *     append, the prefix untouched, checked after it) each iteration does;
 *     the only differences between iterations are the values of terms that
 *     mention the index, and the identity of objects made in the pass;
 *   - the list was older than the loop and no enclosing symbolic loop
 *     (whose pass would stand for many fillings), not read in the pass
 *     before it was modified (container_write_slow gives up the path), and
 *     the loop cannot break;
 *   - the item stands for every iteration's item only when it is the same
 *     in each (loop_invariant_value): ints whose terms do not mention the
 *     index, objects older than the loop, tuples of such, objects made in
 *     the pass whose type says one can stand for all (an on-chip tensor
 *     allocated in the pass: its shape, dtype and buffer are the same in
 *     every iteration; src/nki/tensor.c), and lists made in the pass whose
 *     items (or model) are such: these become `shared`, and a later write
 *     to one (which would be a write to one iteration's list only) makes
 *     it unknown.  Otherwise the length is still known and reading an item
 *     gives an unknown value with the reason;
 *   - any later write (SEQ_WRITE, or passing the list to an unmodelled
 *     callable) drops the model: the list is then poisoned, as before.
 *   - the pass wrote the list once (Seq.writes), directly (not in a nested
 *     symbolic pass, not through an unmodelled callable), leaving its n0
 *     items as they were and one more: that write appended (append,
 *     extend, insert, += or a slice assignment that has this effect on
 *     these items has it on the items of any iteration);
 * Reading an item decides 0 <= j < len (-len <= j < 0 wraps), raising
 * IndexError on the other side, as for sequences of known length. */

static bool invariant_depth(Interp *I, Value *v, const LoopCtx *loop, int depth) {
    if (depth > 16) return false;
    switch (v->kind) {
    case V_NONE:
    case V_FLOAT:
    case V_STR:
    case V_MODULE: return true;
    case V_BOOL:
    case V_INT: return !v->u.i.sym || !mentions_index(I, v->u.i.sym, loop);
    case V_TUPLE:
        for (int i = 0; i < v->u.seq.n; i++)
            if (!invariant_depth(I, v->u.seq.v[i], loop, depth + 1)) return false;
        return true;
    case V_SLICE:
        return invariant_depth(I, v->u.slice.lower, loop, depth + 1) &&
               invariant_depth(I, v->u.slice.upper, loop, depth + 1) &&
               invariant_depth(I, v->u.slice.step, loop, depth + 1);
    case V_RANGE:
        return invariant_depth(I, v->u.range.start, loop, depth + 1) &&
               invariant_depth(I, v->u.range.stop, loop, depth + 1) &&
               invariant_depth(I, v->u.range.step, loop, depth + 1);
    /* mutable containers older than the loop: the same object in every iteration */
    case V_LIST:
        if (v->u.seq.born < loop->epoch) return true;
        /* made in the pass: one can stand for all if every iteration's has the same items */
        if (v->u.seq.sym) {
            SeqSym *m = v->u.seq.sym;
            if (!invariant_depth(I, m->len, loop, depth + 1)) return false;
            if (m->item && !invariant_depth(I, m->item, loop, depth + 1)) return false;
            for (int i = 0; i < m->n0; i++)
                if (!invariant_depth(I, v->u.seq.v[i], loop, depth + 1)) return false;
            return true;
        }
        if (v->u.seq.poisoned) return true;   /* contents unknown in any case */
        for (int i = 0; i < v->u.seq.n; i++)
            if (!invariant_depth(I, v->u.seq.v[i], loop, depth + 1)) return false;
        return true;
    case V_SET: return v->u.seq.born < loop->epoch;
    case V_DICT: return v->u.dict.born < loop->epoch;
    case V_INSTANCE: return v->u.inst.attrs.born < loop->epoch;
    case V_CLASS: return v->u.cls.attrs.born < loop->epoch;
    case V_OBJECT: return v->u.obj.type->loop_invariant && v->u.obj.type->loop_invariant(I, v, loop);
    case V_FUNCTION:
    case V_BUILTIN:
    case V_BOUND:
    case V_UNKNOWN: return false;
    }
    return false;
}

bool loop_invariant_value(Interp *I, Value *v, const LoopCtx *loop) { return invariant_depth(I, v, loop, 0); }

/* The lists made in the pass of `loop` that x (accepted by
 * loop_invariant_value) holds now stand for every iteration's. */
static void mark_shared(Value *x, const LoopCtx *loop, int depth) {
    if (depth > 16) return;
    if (x->kind == V_TUPLE) {
        for (int i = 0; i < x->u.seq.n; i++) mark_shared(x->u.seq.v[i], loop, depth + 1);
        return;
    }
    if (x->kind != V_LIST || x->u.seq.born < loop->epoch || x->u.seq.shared) return;
    x->u.seq.shared = true;
    int n = x->u.seq.sym ? x->u.seq.sym->n0 : x->u.seq.n;
    for (int i = 0; i < n; i++) mark_shared(x->u.seq.v[i], loop, depth + 1);
    if (x->u.seq.sym && x->u.seq.sym->item) mark_shared(x->u.seq.sym->item, loop, depth + 1);
}

/* Why the item `x` appended in a pass of `loop` cannot stand for every iteration's. */
static const char *variant_reason(Interp *I, Value *x, const LoopCtx *loop) {
    switch (x->kind) {
    case V_UNKNOWN: return x->u.unknown.reason;
    case V_BOOL:
    case V_INT: return "it depends on the loop index";
    case V_LIST:
        if (!x->u.seq.sym && !x->u.seq.poisoned)
            for (int i = 0; i < x->u.seq.n; i++)
                if (!loop_invariant_value(I, x->u.seq.v[i], loop))
                    return arena_printf(I->arena, "each iteration appends a list of its own, whose items differ (%s)",
                                   variant_reason(I, x->u.seq.v[i], loop));
        return "each iteration appends a list of its own, whose items differ";
    case V_SET:
    case V_DICT:
    case V_INSTANCE:
    case V_CLASS:
        return arena_printf(I->arena, "each iteration appends a %s of its own", value_type_name(x));
    case V_TUPLE:
    case V_SLICE:
    case V_RANGE:
        for (int i = 0; x->kind == V_TUPLE && i < x->u.seq.n; i++)
            if (!loop_invariant_value(I, x->u.seq.v[i], loop)) return variant_reason(I, x->u.seq.v[i], loop);
        return arena_printf(I->arena, "the %s depends on the loop index", value_type_name(x));
    case V_OBJECT:
    case V_FUNCTION:
    case V_BUILTIN:
    case V_BOUND:
    case V_NONE:
    case V_FLOAT:
    case V_STR:
    case V_MODULE: break;
    }
    return arena_printf(I->arena, "each iteration appends a %s of its own", value_type_name(x));
}

/* A list the pass of a symbolic loop may fill: its state before the pass. */
typedef struct Fill {
    const char *name;
    Value *list;
    int n0;
    Value **prefix;   /* v[0..n0) before the pass */
    uint32_t writes;  /* Seq.writes before the pass */
} Fill;

/* The lists (named in `li->appends`) the pass may fill; *n of them. */
static Fill *fills_before(Interp *I, const LoopInfo *li, int *n) {
    *n = 0;
    if (!li->nappends) return NULL;
    Fill *f = arena_alloc(I->arena, (size_t)li->nappends * sizeof *f);
    for (int i = 0; i < li->nappends; i++) {
        Value *l = name_peek_local(I, li->appends[i]);
        if (!l || l->kind != V_LIST || l->u.seq.poisoned || l->u.seq.sym) continue;
        bool dup = false;
        for (int k = 0; k < *n; k++) dup |= f[k].list == l;
        if (dup) continue;
        Fill *x = &f[(*n)++];
        x->name = li->appends[i];
        x->list = l;
        x->n0 = l->u.seq.n;
        x->writes = l->u.seq.writes;
        x->prefix = arena_alloc(I->arena, (size_t)(x->n0 ? x->n0 : 1) * sizeof(Value *));
        if (x->n0) memcpy(x->prefix, l->u.seq.v, (size_t)x->n0 * sizeof(Value *));
    }
    return f;
}

/* After a pass of `loop` that ended normally (no break): models the lists
 * it filled with one append (see above); `trip` is the trip count. */
static bool fills_after(Interp *I, Fill *f, int n, const LoopCtx *loop, Value *trip, Loc loc) {
    if (loop->index_decisions) return true;
    for (int i = 0; i < n; i++) {
        Value *l = f[i].list;
        Seq *s = &l->u.seq;
        if (!s->poisoned || s->sym || s->writes != f[i].writes + 1 || s->n != f[i].n0 + 1) continue;
        if (f[i].n0 && memcmp(s->v, f[i].prefix, (size_t)f[i].n0 * sizeof(Value *)) != 0) continue;
        bool outer = false;   /* filled once per iteration of an enclosing symbolic loop */
        for (LoopCtx *o = I->loop; o && !outer; o = o->parent) outer = o->symbolic && s->born < o->epoch;
        if (outer) continue;
        Value *len = int_binop(I, OP_ADD, v_int(I, f[i].n0), trip, loc);
        if (!len) return false;
        if (len->kind != V_INT) continue;
        SeqSym *m = arena_alloc(I->arena, sizeof *m);
        m->n0 = f[i].n0;
        m->len = len;
        m->line = loop->loc.line;
        Value *x = s->v[f[i].n0];
        if (loop_invariant_value(I, x, loop)) {
            m->item = x;
            mark_shared(x, loop, 0);
        } else {
            m->why = arena_printf(I->arena, "the items appended to '%s' in the loop at line %d are not modelled: %s",
                                  f[i].name, loop->loc.line, variant_reason(I, x, loop));
        }
        s->sym = m;
    }
    return true;
}

Value *seq_sym_getitem(Interp *I, Value *list, Value *key, Loc loc) {
    Seq *s = &list->u.seq;
    SeqSym *m = s->sym;
    SEQ_READ(I, s);
    if (key->kind == V_UNKNOWN) return unknown_from(I, key, loc);
    if (key->kind == V_SLICE)
        return v_unknown(I, loc, "a slice of a list filled in the loop at line %d (symbolic length) is not modelled",
                         m->line);
    if (key->kind != V_INT && key->kind != V_BOOL) {
        if (key->kind == V_INSTANCE || key->kind == V_OBJECT)
            return v_unknown(I, loc, "index of type '%s' into a list is not modelled", value_type_name(key));
        interp_raise(I, loc, "TypeError", "list indices must be integers or slices, not %s", value_type_name(key));
        return NULL;
    }
    /* -len <= key < len, as Python's IndexError */
    Value *neg_len = interp_unary(I, UOP_USUB, m->len, loc);
    if (!neg_len) return NULL;
    Value *lo = int_cmp(I, CMP_GTE, key, neg_len, loc);
    Value *hi = int_cmp(I, CMP_LT, key, m->len, loc);
    if (!lo || !hi) return NULL;
    if (lo->kind != V_BOOL || hi->kind != V_BOOL) return v_unknown(I, loc, "list index not representable");
    Tri t = truth_of(I, bool_and_v(I, lo, hi, loc), loc);
    if (t == TRI_UNKNOWN) return NULL;
    if (t == TRI_FALSE) {
        interp_raise(I, loc, "IndexError", "list index out of range");
        return NULL;
    }
    Value *idx = key;
    Value *neg = int_cmp(I, CMP_LT, key, v_int(I, 0), loc);
    if (!neg) return NULL;
    if (neg->kind != V_BOOL) return v_unknown(I, loc, "list index not representable");
    t = truth_of(I, neg, loc);
    if (t == TRI_UNKNOWN) return NULL;
    if (t == TRI_TRUE) {
        idx = int_binop(I, OP_ADD, key, m->len, loc);
        if (!idx) return NULL;
        if (idx->kind != V_INT) return idx;
    }
    if (m->n0) {
        /* an item from before the loop? */
        Value *pre = int_cmp(I, CMP_LT, idx, v_int(I, m->n0), loc);
        if (!pre) return NULL;
        if (pre->kind != V_BOOL) return v_unknown(I, loc, "list index not representable");
        t = truth_of(I, pre, loc);
        if (t == TRI_UNKNOWN) return NULL;
        if (t == TRI_TRUE) return seq_getitem(I, v_tuple_of(I, m->n0, s->v), idx, loc);
    }
    return m->item ? m->item : v_unknown(I, loc, "%s", m->why);
}

/* ---- ranges ---------------------------------------------------------------------------- */

static bool is_int(const Value *v) { return v->kind == V_INT || v->kind == V_BOOL; }

/* Trip count of a range: raw (may be negative) or clamped at 0. */
static Value *range_trip(Interp *I, Value *r, Loc loc, bool clamp) {
    Value *start = r->u.range.start, *stop = r->u.range.stop, *stp = r->u.range.step;
    for (int i = 0; i < 3; i++) {
        Value *v = i == 0 ? start : i == 1 ? stop : stp;
        if (v->kind == V_UNKNOWN) return unknown_from(I, v, loc);
        if (!is_int(v)) {
            interp_raise(I, loc, "TypeError", "'%s' object cannot be interpreted as an integer", value_type_name(v));
            return NULL;
        }
    }
    if (stp->u.i.sym) return v_unknown(I, loc, "range with a symbolic step is not modelled");
    int64_t s = stp->u.i.c;
    if (s == 0) {
        interp_raise(I, loc, "ValueError", "range() arg 3 must not be zero");
        return NULL;
    }
    Value *n;
    if (!start->u.i.sym && !stop->u.i.sym) {
        __int128 d = s > 0 ? (__int128)stop->u.i.c - start->u.i.c : (__int128)start->u.i.c - stop->u.i.c;
        __int128 as = s > 0 ? s : -(__int128)s;
        __int128 q = d > 0 ? (d + as - 1) / as : 0;
        if (!clamp && d <= 0) q = 0;
        return v_int(I, (int64_t)q);
    }
    Value *d = s > 0 ? int_binop(I, OP_SUB, stop, start, loc) : int_binop(I, OP_SUB, start, stop, loc);
    if (!d || d->kind != V_INT) return d;
    int64_t as = s > 0 ? s : -s;
    if (as != 1) {
        d = int_binop(I, OP_ADD, d, v_int(I, as - 1), loc);
        if (!d || d->kind != V_INT) return d;
        d = int_binop(I, OP_FLOORDIV, d, v_int(I, as), loc);
        if (!d || d->kind != V_INT) return d;
    }
    n = d;
    if (clamp) n = int_minmax(I, n, v_int(I, 0), true, loc);
    return n;
}

Value *range_len(Interp *I, Value *r, Loc loc) { return range_trip(I, r, loc, true); }

/* ---- materialising iterables ------------------------------------------------------------ */

Value *interp_len(Interp *I, Value *v, Loc loc) {
    switch (v->kind) {
    case V_STR: return v_int(I, (int64_t)utf8_count(v->u.str.s, v->u.str.len));
    case V_TUPLE:
    case V_LIST:
    case V_SET:
        SEQ_READ(I, &v->u.seq);
        if (v->u.seq.sym) return v->u.seq.sym->len;
        if (v->u.seq.poisoned) return poisoned_value(I, loc);
        return v_int(I, v->u.seq.n);
    case V_DICT:
        container_read(I, &v->u.dict.rd);
        if (v->u.dict.poisoned) return poisoned_value(I, loc);
        return v_int(I, v->u.dict.n);
    case V_RANGE: return range_len(I, v, loc);
    case V_OBJECT:
        if (v->u.obj.type->len) return v->u.obj.type->len(I, v, loc);
        if (v->u.obj.type->iterate) {
            Value *items = v->u.obj.type->iterate(I, v, loc);
            if (!items) return NULL;
            return interp_len(I, items, loc);
        }
        break;
    case V_INSTANCE: {
        Value *m = instance_method(I, v, I->atoms->a_len);
        if (m) return interp_call0(I, m, loc);
        break;
    }
    case V_UNKNOWN: return unknown_from(I, v, loc);
    case V_NONE:
    case V_BOOL:
    case V_INT:
    case V_FLOAT:
    case V_SLICE:
    case V_FUNCTION:
    case V_BUILTIN:
    case V_BOUND:
    case V_MODULE:
    case V_CLASS:
        break;
    }
    interp_raise(I, loc, "TypeError", "object of type '%s' has no len()", value_type_name(v));
    return NULL;
}

enum { MAX_MATERIALISE = 1 << 20 };

Value *interp_items(Interp *I, Value *v, Loc loc) {
    switch (v->kind) {
    case V_TUPLE:
    case V_LIST:
    case V_SET:
        SEQ_READ(I, &v->u.seq);
        if (v->u.seq.sym) {
            interp_abort(I, loc, "iterating a list filled in the loop at line %d (symbolic length) is not modelled here",
                         v->u.seq.sym->line);
            return NULL;
        }
        if (v->u.seq.poisoned) {
            interp_abort(I, loc, "iterating a %s modified in a loop over a symbolic range is not modelled",
                         value_type_name(v));
            return NULL;
        }
        return v;
    case V_STR: {
        size_t n = utf8_count(v->u.str.s, v->u.str.len);
        Value *t = v_tuple(I, (int)n);
        size_t off = 0;
        for (size_t i = 0; i < n; i++) {
            size_t len = 1;
            while (off + len < v->u.str.len && ((unsigned char)v->u.str.s[off + len] & 0xC0) == 0x80) len++;
            t->u.seq.v[i] = v_str(I, v->u.str.s + off, len);
            off += len;
        }
        return t;
    }
    case V_DICT: {
        container_read(I, &v->u.dict.rd);
        if (v->u.dict.poisoned) {
            interp_abort(I, loc, "iterating a dict modified in a loop over a symbolic range is not modelled");
            return NULL;
        }
        Value *t = v_tuple(I, v->u.dict.n);
        for (int i = 0; i < v->u.dict.n; i++) t->u.seq.v[i] = v->u.dict.v[i].key;
        return t;
    }
    case V_RANGE: {
        Value *n = range_len(I, v, loc);
        if (!n) return NULL;
        if (n->kind == V_UNKNOWN) {
            interp_abort(I, loc, "%s", n->u.unknown.reason);
            return NULL;
        }
        if (n->u.i.sym) return NULL;   /* symbolic length: the caller decides */
        if (n->u.i.c > MAX_MATERIALISE) {
            interp_abort(I, loc, "range of %lld items is too long to iterate", (long long)n->u.i.c);
            return NULL;
        }
        Value *t = v_tuple(I, (int)n->u.i.c);
        Value *cur = v->u.range.start;
        for (int64_t i = 0; i < n->u.i.c; i++) {
            t->u.seq.v[i] = cur;
            if (i + 1 < n->u.i.c) {
                cur = int_binop(I, OP_ADD, cur, v->u.range.step, loc);
                if (!cur) return NULL;
            }
        }
        return t;
    }
    case V_OBJECT:
        if (v->u.obj.type->iterate) {
            Value *it = v->u.obj.type->iterate(I, v, loc);
            if (!it) return NULL;
            return interp_items(I, it, loc);
        }
        break;
    case V_INSTANCE: {
        Value *m = instance_method(I, v, I->atoms->a_iter);
        if (!m) break;
        Value *it = interp_call0(I, m, loc);
        if (!it) return NULL;
        if (it->kind != V_INSTANCE) return interp_items(I, it, loc);
        Value *next = instance_method(I, it, I->atoms->a_next);
        if (!next) {
            interp_raise(I, loc, "TypeError", "iter() returned non-iterator of type '%s'", value_type_name(it));
            return NULL;
        }
        Value *out = v_list(I, 0);
        Value *stop = builtin_class(I, "StopIteration");
        for (;;) {
            if (!step(I, I->frame ? I->frame->node : NULL)) return NULL;
            Value *x = interp_call0(I, next, loc);
            if (!x) {
                if (I->unwind == UNWIND_RAISE && I->exc->kind == V_INSTANCE &&
                    class_is_subclass(I->exc->u.inst.cls, stop)) {
                    interp_clear_unwind(I);
                    return out;
                }
                return NULL;
            }
            seq_append(I, &out->u.seq, x);
        }
    }
    case V_UNKNOWN:
        interp_abort(I, loc, "%s", v->u.unknown.reason);
        return NULL;
    case V_NONE:
    case V_BOOL:
    case V_INT:
    case V_FLOAT:
    case V_SLICE:
    case V_FUNCTION:
    case V_BUILTIN:
    case V_BOUND:
    case V_MODULE:
    case V_CLASS:
        break;
    }
    interp_raise(I, loc, "TypeError", "'%s' object is not iterable", value_type_name(v));
    return NULL;
}

/* ---- running the body ------------------------------------------------------------------ */

typedef enum BodyResult { BODY_NEXT, BODY_BREAK, BODY_EXIT } BodyResult;

static BodyResult run_body(Interp *I, const Node *s, Flow *out) {
    Flow f = exec_block(I, &s->u.for_.body);
    switch (f) {
    case FLOW_NORMAL:
    case FLOW_CONTINUE: return BODY_NEXT;
    case FLOW_BREAK: return BODY_BREAK;
    case FLOW_RETURN:
    case FLOW_UNWIND:
        *out = f;
        return BODY_EXIT;
    }
    return BODY_EXIT;
}

static void loop_push(Interp *I, LoopCtx *lc, const Node *s, RangeKind kind) {
    memset(lc, 0, sizeof *lc);
    lc->parent = I->loop;
    lc->node = s;
    lc->loc = loc_of(I, s);
    lc->kind = kind;
    I->loop = lc;
}

/* Between iterations of a loop of the outermost frame: see Interp.safepoint. */
static void safepoint(Interp *I) {
    if (I->safepoint && I->frame && !I->frame->parent && !I->gc_unsafe) I->safepoint(I, I->safepoint_cx);
}

/* One iteration of a loop run concretely: the target bound to v, the body,
 * then the safepoint. */
static BodyResult run_iteration(Interp *I, const Node *s, Value *v, Flow *out) {
    if (!assign_target(I, s->u.for_.target, v)) {
        *out = FLOW_UNWIND;
        return BODY_EXIT;
    }
    BodyResult r = run_body(I, s, out);
    if (r == BODY_NEXT) safepoint(I);
    return r;
}

/* The end of a loop run concretely, after an iteration that gave `last`
 * (BODY_NEXT: every iteration ran; the else block runs). */
static Flow loop_done(Interp *I, const Node *s, const LoopCtx *lc, BodyResult last, Flow out) {
    I->loop = lc->parent;
    if (last == BODY_EXIT) return out;
    if (last == BODY_BREAK) return FLOW_NORMAL;
    return exec_block(I, &s->u.for_.orelse);
}

static Flow for_items(Interp *I, const Node *s, Value *items) {
    LoopCtx lc;
    loop_push(I, &lc, s, RANGE_PY);
    lc.items = items;
    Flow out = FLOW_NORMAL;
    BodyResult r = BODY_NEXT;
    for (int i = 0; i < items->u.seq.n && r == BODY_NEXT; i++) r = run_iteration(I, s, items->u.seq.v[i], &out);
    return loop_done(I, s, &lc, r, out);
}

/* The loops over ranges run their body with the target bound to the index,
 * or, for a list filled by a symbolic loop (`item` not NULL), to its item
 * (Seq.sym: every position holds it). */
static Flow for_unrolled(Interp *I, const Node *s, Value *r, int64_t n, Value *item) {
    LoopCtx lc;
    loop_push(I, &lc, s, r->u.range.kind);
    lc.trip = v_int(I, n);
    Flow out = FLOW_NORMAL;
    BodyResult br = BODY_NEXT;
    Value *idx = r->u.range.start;
    for (int64_t k = 0; k < n && br == BODY_NEXT; k++) {
        if (k && !(idx = int_binop(I, OP_ADD, idx, r->u.range.step, lc.loc))) {
            out = FLOW_UNWIND;
            br = BODY_EXIT;
            break;
        }
        lc.index = idx;
        br = run_iteration(I, s, item ? item : idx, &out);
    }
    return loop_done(I, s, &lc, br, out);
}

/* ---- the symbolic pass ------------------------------------------------------------------ */

typedef enum Plan { PLAN_UNKNOWN, PLAN_AFFINE, PLAN_KEEP, PLAN_INVARIANT } Plan;

typedef struct VarPlan {
    Plan plan;
    Value *pre;     /* binding before the loop (NULL: unbound) */
    Value *step;    /* PLAN_AFFINE: e (negated for -=) */
} VarPlan;

/* Evaluates a side-effect-free expression; NULL (state restored) if it raised. */
static Value *eval_quiet(Interp *I, const Node *e) {
    Value *sexc = I->exc;
    Loc sloc = I->exc_loc;
    Value *v = eval_expr(I, e);
    if (!v && I->unwind == UNWIND_RAISE) {
        I->unwind = UNWIND_NONE;
        I->exc = sexc;
        I->exc_loc = sloc;
    }
    return v;
}

static bool is_plain_int(const Value *v) { return v && v->kind == V_INT; }

/* Plans every name of the body; *must_unroll when a carried value cannot be
 * handled symbolically.  false: unwinding. */
static bool plan_vars(Interp *I, const LoopInfo *li, VarPlan *plans, bool *must_unroll, Loc loc) {
    *must_unroll = false;
    for (int i = 0; i < li->nvars; i++) {
        const LoopVar *lv = &li->vars[i];
        VarPlan *p = &plans[i];
        p->pre = name_peek_local(I, lv->name);
        p->plan = PLAN_UNKNOWN;
        p->step = NULL;
        switch (lv->kind) {
        case CARRY_AFFINE:
            if (p->pre && p->pre->kind == V_OBJECT && lv->all_aug) {
                p->plan = PLAN_KEEP;   /* acc += x on an object: in place */
            } else if (is_plain_int(p->pre)) {
                Value *e = eval_quiet(I, lv->step);
                if (!e && I->unwind) return false;
                if (e && (e->kind == V_INT || e->kind == V_BOOL)) {
                    if (lv->negate) {
                        e = interp_unary(I, UOP_USUB, e, loc);
                        if (!e) return false;
                    }
                    if (e->kind == V_INT) {
                        p->plan = PLAN_AFFINE;
                        p->step = e;
                    }
                }
            }
            break;
        case CARRY_AUG_ONLY:
            if (p->pre && p->pre->kind == V_OBJECT) p->plan = PLAN_KEEP;
            break;
        case CARRY_INVARIANT: p->plan = PLAN_INVARIANT; break;
        case CARRY_OTHER: break;
        }
        if (p->plan == PLAN_UNKNOWN && lv->exposed) *must_unroll = true;
    }
    return true;
}

static Flow for_symbolic(Interp *I, const Node *s, Value *r, Value *trip, const LoopInfo *li, VarPlan *plans,
                         Value *item) {
    Loc loc = loc_of(I, s);
    int line = s->span.line;
    Value *start = r->u.range.start;
    int64_t st = r->u.range.step->u.i.c;
    const Node *target = s->u.for_.target;

    /* the index: fresh, within the range */
    const char *iname = target->kind == N_NAME && !item ? target->u.name.id : "i";
    SymTerm *t = I->dom->fresh ? I->dom->fresh(I->dom_state, iname, false) : NULL;
    if (!t) {
        interp_abort(I, loc, "the %s domain cannot represent the index of the loop at line %d", I->dom->name, line);
        return FLOW_UNWIND;
    }
    Value *idx = v_sym_int(I, t);
    Value *lo = st > 0 ? int_cmp(I, CMP_GTE, idx, start, loc) : int_cmp(I, CMP_LTE, idx, start, loc);
    Value *hi = st > 0 ? int_cmp(I, CMP_LT, idx, r->u.range.stop, loc) : int_cmp(I, CMP_GT, idx, r->u.range.stop, loc);
    if (!lo || !hi) return FLOW_UNWIND;
    if (lo->kind != V_BOOL || hi->kind != V_BOOL) {
        interp_abort(I, loc, "the range of the loop at line %d is not representable", line);
        return FLOW_UNWIND;
    }
    interp_assume(I, lo, loc);
    interp_assume(I, hi, loc);
    Value *j = int_binop(I, OP_SUB, idx, start, loc);
    if (!j) return FLOW_UNWIND;
    if (st != 1 && st != -1 && j->kind == V_INT) {
        Value *m = int_binop(I, OP_MOD, j, v_int(I, st), loc);
        if (!m) return FLOW_UNWIND;
        if (m->kind == V_INT) {
            Value *z = int_cmp(I, CMP_EQ, m, v_int(I, 0), loc);
            if (z && z->kind == V_BOOL) interp_assume(I, z, loc);
        }
        j = int_binop(I, OP_FLOORDIV, j, v_int(I, st), loc);
        if (!j) return FLOW_UNWIND;
    } else if (st == -1 && j->kind == V_INT) {
        j = interp_unary(I, UOP_USUB, j, loc);
        if (!j) return FLOW_UNWIND;
    }

    /* bindings before the pass */
    for (int i = 0; i < li->nvars; i++) {
        const LoopVar *lv = &li->vars[i];
        VarPlan *p = &plans[i];
        switch (p->plan) {
        case PLAN_AFFINE: {
            Value *off = j->kind == V_INT ? int_binop(I, OP_MULT, j, p->step, loc) : j;
            Value *x = off && off->kind == V_INT ? int_binop(I, OP_ADD, p->pre, off, loc) : off;
            if (!x) return FLOW_UNWIND;
            name_set_local(I, lv->name, x);
            break;
        }
        case PLAN_KEEP: break;
        case PLAN_INVARIANT:
        case PLAN_UNKNOWN:
            if (p->pre || lv->exposed)
                name_set_local(I, lv->name,
                               v_unknown(I, loc, "value carried across iterations of the loop at line %d is not modelled",
                                         line));
            break;
        }
    }

    LoopCtx lc;
    loop_push(I, &lc, s, r->u.range.kind);
    lc.index = idx;
    lc.trip = trip;
    lc.symbolic = true;
    lc.epoch = ++I->epoch;
    int nfills;
    Fill *fills = fills_before(I, li, &nfills);
    I->symloops++;
    Flow out = FLOW_NORMAL;
    BodyResult br = BODY_NEXT;
    if (!assign_target(I, target, item ? item : idx)) {
        br = BODY_EXIT;
        out = FLOW_UNWIND;
    } else {
        br = run_body(I, s, &out);
    }
    I->symloops--;
    I->loop = lc.parent;
    if (br == BODY_EXIT && (out == FLOW_UNWIND && I->unwind == UNWIND_ABORT)) return out;
    if (br == BODY_EXIT && out == FLOW_RETURN) {
        interp_abort(I, loc, "return inside the loop at line %d over a symbolic range is not supported", line);
        return FLOW_UNWIND;
    }

    /* bindings after the loop */
    bool may_break = li->has_break;
    for (int i = 0; i < li->nvars; i++) {
        const LoopVar *lv = &li->vars[i];
        VarPlan *p = &plans[i];
        Value *cur = name_peek_local(I, lv->name);
        if (!cur) continue;
        Value *after = NULL;
        switch (p->plan) {
        case PLAN_AFFINE:
            if (!may_break && cur->kind == V_INT) {
                Value *off = int_binop(I, OP_MULT, trip, p->step, loc);
                after = off && off->kind == V_INT ? int_binop(I, OP_ADD, p->pre, off, loc) : off;
                if (!after) return FLOW_UNWIND;
            }
            break;
        case PLAN_KEEP:
            if (cur != p->pre && br != BODY_EXIT) {
                interp_abort(I, loc, "value carried across iterations of the loop at line %d is not modelled "
                                     "('%s' is rebound, not updated in place)",
                             line, lv->name);
                return FLOW_UNWIND;
            }
            after = cur;
            break;
        case PLAN_INVARIANT:
            if (!may_break) after = cur;
            break;
        case PLAN_UNKNOWN: break;
        }
        if (!after) after = v_unknown(I, loc, "'%s' assigned in the loop at line %d is not modelled after it",
                                      lv->name, line);
        name_set_local(I, lv->name, after);
    }
    if (br == BODY_EXIT) return out;   /* an exception propagates */
    if (br == BODY_NEXT && !may_break && !fills_after(I, fills, nfills, &lc, trip, loc)) return FLOW_UNWIND;

    /* the loop variable keeps the last index (item) */
    Value *last;
    if (may_break) {
        last = v_unknown(I, loc, "the index after the loop at line %d is not modelled", line);
    } else if (item) {
        last = item;
    } else {
        Value *k = int_binop(I, OP_SUB, trip, v_int(I, 1), loc);
        Value *off = k && k->kind == V_INT ? int_binop(I, OP_MULT, k, r->u.range.step, loc) : k;
        last = off && off->kind == V_INT ? int_binop(I, OP_ADD, start, off, loc) : off;
        if (!last) return FLOW_UNWIND;
    }
    if ((target->kind == N_NAME || item) && !assign_target(I, target, last)) return FLOW_UNWIND;
    if (br == BODY_BREAK) return FLOW_NORMAL;
    if (may_break && s->u.for_.orelse.n) {
        interp_abort(I, loc, "for-else after the loop at line %d over a symbolic range that may break is not modelled",
                     line);
        return FLOW_UNWIND;
    }
    return exec_block(I, &s->u.for_.orelse);
}

static Flow for_range(Interp *I, const Node *s, Value *r, Value *item) {
    Loc loc = loc_of(I, s);
    Value *trip = range_trip(I, r, loc, false);
    if (!trip) return FLOW_UNWIND;
    if (trip->kind == V_UNKNOWN) {
        interp_abort(I, loc, "%s", trip->u.unknown.reason);
        return FLOW_UNWIND;
    }
    bool concrete = !trip->u.i.sym;
    if (concrete && (trip->u.i.c <= I->max_unroll || !I->dom->fresh)) return for_unrolled(I, s, r, trip->u.i.c, item);
    const LoopInfo *li = analysis_loop(I->cache, s);
    if (li->has_return || li->has_yield) {
        if (concrete) return for_unrolled(I, s, r, trip->u.i.c, item);
        interp_abort(I, loc, "return inside the loop at line %d over a symbolic range is not supported", s->span.line);
        return FLOW_UNWIND;
    }
    if (!concrete) {
        /* does the loop run at all? */
        Value *pos = int_cmp(I, CMP_GT, trip, v_int(I, 0), loc);
        if (!pos) return FLOW_UNWIND;
        Tri t = truth_of(I, pos, loc);
        if (t == TRI_UNKNOWN) return FLOW_UNWIND;
        if (t == TRI_FALSE) return exec_block(I, &s->u.for_.orelse);
    }
    VarPlan local[16];
    VarPlan *plans = li->nvars <= 16 ? local : arena_alloc(I->arena, (size_t)li->nvars * sizeof(VarPlan));
    bool must_unroll;
    if (!plan_vars(I, li, plans, &must_unroll, loc)) return FLOW_UNWIND;
    if (must_unroll && concrete) return for_unrolled(I, s, r, trip->u.i.c, item);
    return for_symbolic(I, s, r, trip, li, plans, item);
}

/* `for x in t` over a list filled by a symbolic loop: a loop over its
 * positions, x bound to the item (an unknown value when the items differ). */
static Flow for_filled_list(Interp *I, const Node *s, Value *t, Loc loc) {
    SEQ_READ(I, &t->u.seq);
    SeqSym *m = t->u.seq.sym;
    if (m->n0) {
        interp_abort(I, loc, "iterating a list filled in the loop at line %d after %d other items is not modelled",
                     m->line, m->n0);
        return FLOW_UNWIND;
    }
    Value *item = m->item ? m->item : v_unknown(I, loc, "%s", m->why);
    return for_range(I, s, v_range(I, v_int(I, 0), m->len, v_int(I, 1), RANGE_PY), item);
}

Flow exec_for(Interp *I, const Node *s) {
    Loc loc = loc_of(I, s->u.for_.iter);
    Value *it = eval_expr(I, s->u.for_.iter);
    if (!it) return FLOW_UNWIND;
    if (it->kind == V_OBJECT && it->u.obj.type->iterate) {
        it = it->u.obj.type->iterate(I, it, loc);
        if (!it) return FLOW_UNWIND;
    }
    if (it->kind == V_RANGE) return for_range(I, s, it, NULL);
    if (it->kind == V_LIST && it->u.seq.sym) return for_filled_list(I, s, it, loc);
    Value *items = interp_items(I, it, loc);
    if (!items) {
        if (!I->unwind) interp_abort(I, loc, "cannot iterate this value");
        return FLOW_UNWIND;
    }
    return for_items(I, s, items);
}

Flow exec_while(Interp *I, const Node *s) {
    int sym_iters = 0;
    for (;;) {
        if (!step(I, s)) return FLOW_UNWIND;
        I->frame->node = s;
        Value *c = eval_expr(I, s->u.cond.test);
        if (!c) return FLOW_UNWIND;
        if (value_is_symbolic(c) && ++sym_iters > I->max_unroll) {
            interp_abort(I, loc_of(I, s), "loop bound reached at line %d (%d iterations on a symbolic condition)",
                         s->span.line, I->max_unroll);
            return FLOW_UNWIND;
        }
        Tri t = truth_of(I, c, loc_of(I, s->u.cond.test));
        if (t == TRI_UNKNOWN) return FLOW_UNWIND;
        if (t == TRI_FALSE) return exec_block(I, &s->u.cond.orelse);
        Flow f = exec_block(I, &s->u.cond.body);
        switch (f) {
        case FLOW_NORMAL:
        case FLOW_CONTINUE: break;
        case FLOW_BREAK: return FLOW_NORMAL;
        case FLOW_RETURN:
        case FLOW_UNWIND: return f;
        }
    }
}
