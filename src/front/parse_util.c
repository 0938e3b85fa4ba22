/* parse_util.c - the parser's plumbing: token looks (and CPython's `fill`),
 * node constructors and spans, scratch lists, the nesting limit, errors,
 * the pass-2 memo and the conversion of NUMBER tokens.  See parse_int.h. */
#include "parse_int.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ---- state ---------------------------------------------------------------- */

void pstate_init(ParseState *st) {
    memset(st, 0, sizeof *st);
}

void pstate_free(ParseState *st) {
    vec_free(&st->nodes);
    vec_free(&st->ids);
    vec_free(&st->ints);
    vec_free(&st->memo_used);
    kcv_free(st->memo);
    kcv_free(st->levels);
    kcv_free(st->err_msg);
    memset(st, 0, sizeof *st);
}

void pstate_reset_pass(ParseState *st) {
    st->nodes.n = 0;
    st->ids.n = 0;
    st->ints.n = 0;
    memo_clear(st);
}

/* ---- tokens ---------------------------------------------------------------- */

const Token *tk_slow(Parser *p, int i) {
    ParseState *st = p->st;
    int last = p->toks.n - 1;
    if (i > last) i = last;
    for (int j = st->fill; j <= i; j++) {
        if (p->toks.v[j].kind == TK_ERROR) {
            /* CPython's tokenizer fails when the parser fetches this token:
             * its error wins over whatever the parser would have said. */
            st->lex_hit = true;
            st->error = true;
        }
    }
    if (i + 1 > st->fill) st->fill = i + 1;
    return &p->toks.v[i];
}

/* ---- spans and nodes -------------------------------------------------- */

Span span_from_tokens(const Token *first, const Token *last) {
    Span s = {first->line, first->col, last->end_line, last->end_col};
    return s;
}

Span span_join(Span a, Span b) {
    Span s = {a.line, a.col, b.end_line, b.end_col};
    return s;
}

static bool is_whitespace_token(const Token *t) {
    return t->kind == TK_NEWLINE || t->kind == TK_INDENT || t->kind == TK_DEDENT ||
           t->kind == TK_ENDMARKER;
}

Span span_here(Parser *p, int start) {
    int m = p->pos - 1;
    while (m > start && is_whitespace_token(&p->toks.v[m])) m--;
    if (m < start) m = start;
    return span_from_tokens(&p->toks.v[start], &p->toks.v[m]);
}

/* The bytes a node of each kind needs: the header and its union member,
 * rounded up to 8. */
#define NODE_SIZE(member) ((offsetof(Node, u) + sizeof(((Node *)0)->u.member) + 7) & ~(size_t)7)
static const unsigned short node_sizes[N_KIND_COUNT] = {
    [N_MODULE] = NODE_SIZE(module),
    [N_FUNCTION_DEF] = NODE_SIZE(func),
    [N_ASYNC_FUNCTION_DEF] = NODE_SIZE(func),
    [N_CLASS_DEF] = NODE_SIZE(cls),
    [N_RETURN] = NODE_SIZE(ret),
    [N_DELETE] = NODE_SIZE(del),
    [N_ASSIGN] = NODE_SIZE(assign),
    [N_AUG_ASSIGN] = NODE_SIZE(aug),
    [N_ANN_ASSIGN] = NODE_SIZE(ann),
    [N_FOR] = NODE_SIZE(for_),
    [N_ASYNC_FOR] = NODE_SIZE(for_),
    [N_WHILE] = NODE_SIZE(cond),
    [N_IF] = NODE_SIZE(cond),
    [N_WITH] = NODE_SIZE(with),
    [N_ASYNC_WITH] = NODE_SIZE(with),
    [N_MATCH] = NODE_SIZE(match),
    [N_RAISE] = NODE_SIZE(raise),
    [N_TRY] = NODE_SIZE(try_),
    [N_TRY_STAR] = NODE_SIZE(try_),
    [N_ASSERT] = NODE_SIZE(assert_),
    [N_IMPORT] = NODE_SIZE(import),
    [N_IMPORT_FROM] = NODE_SIZE(import_from),
    [N_GLOBAL] = NODE_SIZE(global),
    [N_NONLOCAL] = NODE_SIZE(global),
    [N_EXPR] = NODE_SIZE(expr),
    [N_PASS] = NODE_SIZE(expr),
    [N_BREAK] = NODE_SIZE(expr),
    [N_CONTINUE] = NODE_SIZE(expr),
    [N_BOOL_OP] = NODE_SIZE(boolop),
    [N_NAMED_EXPR] = NODE_SIZE(named),
    [N_BIN_OP] = NODE_SIZE(binop),
    [N_UNARY_OP] = NODE_SIZE(unary),
    [N_LAMBDA] = NODE_SIZE(lambda),
    [N_IF_EXP] = NODE_SIZE(ifexp),
    [N_DICT] = NODE_SIZE(dict),
    [N_SET] = NODE_SIZE(seq),
    [N_LIST_COMP] = NODE_SIZE(comp),
    [N_SET_COMP] = NODE_SIZE(comp),
    [N_DICT_COMP] = NODE_SIZE(comp),
    [N_GENERATOR_EXP] = NODE_SIZE(comp),
    [N_AWAIT] = NODE_SIZE(expr),
    [N_YIELD] = NODE_SIZE(expr),
    [N_YIELD_FROM] = NODE_SIZE(expr),
    [N_COMPARE] = NODE_SIZE(compare),
    [N_CALL] = NODE_SIZE(call),
    [N_FORMATTED_VALUE] = NODE_SIZE(fvalue),
    [N_JOINED_STR] = NODE_SIZE(joined),
    [N_CONSTANT] = NODE_SIZE(constant),
    [N_ATTRIBUTE] = NODE_SIZE(attribute),
    [N_SUBSCRIPT] = NODE_SIZE(subscript),
    [N_STARRED] = NODE_SIZE(starred),
    [N_NAME] = NODE_SIZE(name),
    [N_LIST] = NODE_SIZE(seq),
    [N_TUPLE] = NODE_SIZE(seq),
    [N_SLICE] = NODE_SIZE(slice),
    [N_COMPREHENSION] = NODE_SIZE(comprehension),
    [N_EXCEPT_HANDLER] = NODE_SIZE(handler),
    [N_ARGUMENTS] = NODE_SIZE(arguments),
    [N_ARG] = NODE_SIZE(arg),
    [N_KEYWORD] = NODE_SIZE(keyword),
    [N_ALIAS] = NODE_SIZE(alias),
    [N_WITHITEM] = NODE_SIZE(withitem),
    [N_MATCH_CASE] = NODE_SIZE(match_case),
    [N_MATCH_VALUE] = NODE_SIZE(match_value),
    [N_MATCH_SINGLETON] = NODE_SIZE(match_singleton),
    [N_MATCH_SEQUENCE] = NODE_SIZE(match_seq),
    [N_MATCH_MAPPING] = NODE_SIZE(match_mapping),
    [N_MATCH_CLASS] = NODE_SIZE(match_class),
    [N_MATCH_STAR] = NODE_SIZE(match_star),
    [N_MATCH_AS] = NODE_SIZE(match_as),
    [N_MATCH_OR] = NODE_SIZE(match_seq),
};

enum { POOL_CHUNK = 32 * 1024 };

void *palloc(Parser *p, size_t size) {
    ParseState *st = p->st;
    size = (size + 7) & ~(size_t)7;
    if (!st || st->fstring || size > POOL_CHUNK / 8) return arena_alloc(p->arena, size);
    if ((size_t)(st->pool_end - st->pool_cur) < size) {
        st->pool_cur = arena_alloc(p->arena, POOL_CHUNK);
        st->pool_end = st->pool_cur + POOL_CHUNK;
    }
    void *r = st->pool_cur;
    st->pool_cur += size;
    return r;
}

Node *node_new(Parser *p, NodeKind kind, Span span) {
    size_t size = kind < N_KIND_COUNT && node_sizes[kind] ? node_sizes[kind] : sizeof(Node);
    Node *n = palloc(p, size);
    n->kind = kind;
    n->span = span;
    return n;
}

Node *mk(Parser *p, NodeKind kind, int start) {
    return node_new(p, kind, span_here(p, start));
}

Node *mk_name(Parser *p, const Token *t, ExprCtx ctx) {
    Node *n = node_new(p, N_NAME, span_from_tokens(t, t));
    n->u.name.id = t->name;
    n->u.name.ctx = ctx;
    return n;
}

Node *mk_constant_kw(Parser *p, int ti) {
    const Token *t = tok_at(p, ti);
    Node *n = node_new(p, N_CONSTANT, span_from_tokens(t, t));
    if (t->kind == TK_OP) n->u.constant.value.kind = CONST_ELLIPSIS;
    else if (t->kw == KW_TRUE) n->u.constant.value.kind = CONST_TRUE;
    else if (t->kw == KW_FALSE) n->u.constant.value.kind = CONST_FALSE;
    else n->u.constant.value.kind = CONST_NONE;
    return n;
}

Loc loc_of_span(const Parser *p, Span s) {
    Loc l = {p->file, s.line, s.col, s.end_line, s.end_col};
    return l;
}

Loc loc_of_node(const Parser *p, const Node *n) { return loc_of_span(p, n->span); }

Loc loc_of_token(const Parser *p, const Token *t) {
    Loc l = {p->file, t->line, t->col, t->end_line, t->end_col};
    return l;
}

/* ---- lists --------------------------------------------------------------- */

NodeList ltake(Parser *p, int mark) {
    ParseState *st = p->st;
    NodeList l = {NULL, st->nodes.n - mark};
    if (l.n > 0) {
        l.v = palloc(p, (size_t)l.n * sizeof(Node *));
        memcpy(l.v, st->nodes.v + mark, (size_t)l.n * sizeof(Node *));
    }
    st->nodes.n = mark;
    return l;
}

NodeList list_of1(Parser *p, Node *n) {
    NodeList l = {palloc(p, sizeof(Node *)), 1};
    l.v[0] = n;
    return l;
}

NameList ids_take(Parser *p, int mark) {
    ParseState *st = p->st;
    NameList l = {NULL, st->ids.n - mark};
    if (l.n > 0) {
        l.v = palloc(p, (size_t)l.n * sizeof(const char *));
        memcpy(l.v, st->ids.v + mark, (size_t)l.n * sizeof(const char *));
    }
    st->ids.n = mark;
    return l;
}

/* ---- nesting limit ------------------------------------------------------- */

bool enter_slow(Parser *p) {
    if (p->depth <= PARSE_MAX_DEPTH) return true;
    if (!p->st->error) {
        perr_tok(p, p->pos < p->toks.n ? p->pos : p->toks.n - 1,
                 "too many nested expressions (more than %d levels)", PARSE_MAX_DEPTH);
        p->st->depth_error = true;
    }
    return false;
}

bool chain_ok(Parser *p, int n) {
    if (p->depth + n <= PARSE_MAX_DEPTH) return true;
    if (!p->st->error) {
        perr_tok(p, p->pos > 0 ? p->pos - 1 : 0,
                 "too many nested expressions (more than %d levels)", PARSE_MAX_DEPTH);
        p->st->depth_error = true;
    }
    return false;
}

/* ---- errors ---------------------------------------------------------------- */

static KCV_PRINTF(3, 0) void *perr_v(Parser *p, Loc loc, const char *fmt, va_list ap) {
    ParseState *st = p->st;
    if (st->error) return NULL;
    st->error = true;
    st->err_pass1 = !st->second_pass;
    StrBuf b = {0};
    if (st->fstring) sb_puts(&b, "f-string: ");
    sb_vprintf(&b, fmt, ap);
    kcv_free(st->err_msg);
    st->err_msg = b.s ? b.s : kcv_strndup("", 0);
    st->err_loc = loc;
    return NULL;
}

void *perr_loc(Parser *p, Loc loc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    perr_v(p, loc, fmt, ap);
    va_end(ap);
    return NULL;
}

/* RAISE_SYNTAX_ERROR_KNOWN_LOCATION at a token: INDENT, DEDENT and
 * ENDMARKER have col_offset -1 in CPython, which it reports as offset 0,
 * the first column. */
Loc loc_known_token(const Parser *p, int ti) {
    const Token *t = tok_at(p, ti);
    Loc l = loc_of_token(p, t);
    if (t->kind == TK_INDENT || t->kind == TK_DEDENT || t->kind == TK_ENDMARKER) l.col = l.end_col = 0;
    return l;
}

void *perr_tok(Parser *p, int ti, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    perr_v(p, loc_known_token(p, ti), fmt, ap);
    va_end(ap);
    return NULL;
}

void *perr_toks(Parser *p, int ta, int tb, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    perr_v(p, loc_of_span(p, span_from_tokens(tok_at(p, ta), tok_at(p, tb))), fmt, ap);
    va_end(ap);
    return NULL;
}

void *perr_node(Parser *p, const Node *a, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    perr_v(p, loc_of_node(p, a), fmt, ap);
    va_end(ap);
    return NULL;
}

void *perr_range(Parser *p, const Node *a, const Node *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    perr_v(p, loc_of_span(p, span_join(a->span, b->span)), fmt, ap);
    va_end(ap);
    return NULL;
}

void *perr_from(Parser *p, const Node *a, const char *fmt, ...) {
    const Token *t = tok_at(p, p->st->fill > 0 ? p->st->fill - 1 : 0);
    Loc l = {p->file, a->span.line, a->span.col, t->end_line, t->end_col};
    va_list ap;
    va_start(ap, fmt);
    perr_v(p, l, fmt, ap);
    va_end(ap);
    return NULL;
}

const char *expr_name(const Node *e) {
    switch (e->kind) {
    case N_ATTRIBUTE: return "attribute";
    case N_SUBSCRIPT: return "subscript";
    case N_STARRED: return "starred";
    case N_NAME: return "name";
    case N_LIST: return "list";
    case N_TUPLE: return "tuple";
    case N_LAMBDA: return "lambda";
    case N_CALL: return "function call";
    case N_BOOL_OP:
    case N_BIN_OP:
    case N_UNARY_OP: return "expression";
    case N_GENERATOR_EXP: return "generator expression";
    case N_YIELD:
    case N_YIELD_FROM: return "yield expression";
    case N_AWAIT: return "await expression";
    case N_LIST_COMP: return "list comprehension";
    case N_SET_COMP: return "set comprehension";
    case N_DICT_COMP: return "dict comprehension";
    case N_DICT: return "dict literal";
    case N_SET: return "set display";
    case N_JOINED_STR:
    case N_FORMATTED_VALUE: return "f-string expression";
    case N_CONSTANT:
        switch (e->u.constant.value.kind) {
        case CONST_NONE: return "None";
        case CONST_FALSE: return "False";
        case CONST_TRUE: return "True";
        case CONST_ELLIPSIS: return "ellipsis";
        case CONST_INT:
        case CONST_FLOAT:
        case CONST_COMPLEX:
        case CONST_STR:
        case CONST_BYTES: return "literal";
        }
        return "literal";
    case N_COMPARE: return "comparison";
    case N_IF_EXP: return "conditional expression";
    case N_NAMED_EXPR: return "named expression";
    case N_SLICE: return "slice";
    case N_MODULE: case N_FUNCTION_DEF: case N_ASYNC_FUNCTION_DEF: case N_CLASS_DEF:
    case N_RETURN: case N_DELETE: case N_ASSIGN: case N_AUG_ASSIGN: case N_ANN_ASSIGN:
    case N_FOR: case N_ASYNC_FOR: case N_WHILE: case N_IF: case N_WITH: case N_ASYNC_WITH:
    case N_MATCH: case N_RAISE: case N_TRY: case N_TRY_STAR: case N_ASSERT: case N_IMPORT:
    case N_IMPORT_FROM: case N_GLOBAL: case N_NONLOCAL: case N_EXPR: case N_PASS:
    case N_BREAK: case N_CONTINUE: case N_COMPREHENSION: case N_EXCEPT_HANDLER:
    case N_ARGUMENTS: case N_ARG: case N_KEYWORD: case N_ALIAS: case N_WITHITEM:
    case N_MATCH_CASE: case N_MATCH_VALUE: case N_MATCH_SINGLETON: case N_MATCH_SEQUENCE:
    case N_MATCH_MAPPING: case N_MATCH_CLASS: case N_MATCH_STAR: case N_MATCH_AS:
    case N_MATCH_OR: case N_KIND_COUNT:
        break;
    }
    return "expression";
}

int tok_level(Parser *p, int i) {
    ParseState *st = p->st;
    if (!st->levels) {
        st->levels = kcv_malloc((size_t)p->toks.n + 1);
        int level = 0;
        for (int j = 0; j < p->toks.n; j++) {
            const Token *t = &p->toks.v[j];
            if (t->kind == TK_OP) {
                if (t->op == OPK_LPAR || t->op == OPK_LSQB || t->op == OPK_LBRACE) level++;
                else if ((t->op == OPK_RPAR || t->op == OPK_RSQB || t->op == OPK_RBRACE) && level > 0)
                    level--;
            }
            st->levels[j] = (unsigned char)(level > 255 ? 255 : level);
        }
    }
    if (i < 0 || i >= p->toks.n) return 0;
    return st->levels[i];
}

/* ---- memo ------------------------------------------------------------------- */

static size_t memo_hash(uint64_t key, size_t cap) {
    return (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) & (cap - 1);
}

bool memo_get(Parser *p, MemoRule rule, int pos, Node **out) {
    ParseState *st = p->st;
    if (!st->memo) return false;
    uint64_t key = ((uint64_t)rule + 1) << 32 | (uint32_t)pos;
    size_t j = memo_hash(key, st->memo_cap);
    while (st->memo[j].key) {
        if (st->memo[j].key == key) {
            *out = st->memo[j].node;
            if (st->memo[j].node) p->pos = st->memo[j].end;
            return true;
        }
        j = (j + 1) & (st->memo_cap - 1);
    }
    return false;
}

static void memo_grow(ParseState *st) {
    size_t cap = st->memo_cap ? 2 * st->memo_cap : 1024;
    MemoSlot *m = kcv_calloc(cap, sizeof *m);
    st->memo_used.n = 0;
    for (size_t i = 0; i < st->memo_cap; i++) {
        if (!st->memo[i].key) continue;
        size_t j = memo_hash(st->memo[i].key, cap);
        while (m[j].key) j = (j + 1) & (cap - 1);
        m[j] = st->memo[i];
        vec_push(&st->memo_used, (int)j);
    }
    kcv_free(st->memo);
    st->memo = m;
    st->memo_cap = cap;
}

void memo_put(Parser *p, MemoRule rule, int pos, Node *n) {
    ParseState *st = p->st;
    if (st->error) return;
    if (2 * (st->memo_count + 1) > st->memo_cap) memo_grow(st);
    uint64_t key = ((uint64_t)rule + 1) << 32 | (uint32_t)pos;
    size_t j = memo_hash(key, st->memo_cap);
    while (st->memo[j].key && st->memo[j].key != key) j = (j + 1) & (st->memo_cap - 1);
    if (!st->memo[j].key) {
        st->memo_count++;
        vec_push(&st->memo_used, (int)j);
    }
    st->memo[j].key = key;
    st->memo[j].node = n;
    st->memo[j].end = p->pos;
}

void memo_clear(ParseState *st) {
    if (st->memo_cap > (1u << 20)) {
        /* A big statement grew it: give the memory back. */
        kcv_free(st->memo);
        st->memo = NULL;
        st->memo_cap = 0;
    } else {
        for (int i = 0; i < st->memo_used.n; i++) st->memo[st->memo_used.v[i]].key = 0;
    }
    st->memo_used.n = 0;
    st->memo_count = 0;
}

/* ---- numbers --------------------------------------------------------------- */

/* Multiplies the little-endian base-1e9 number d[0..*n) by m and adds a. */
static void big_muladd(uint32_t *d, int *n, uint32_t m, uint32_t a) {
    uint64_t carry = a;
    for (int i = 0; i < *n; i++) {
        uint64_t v = (uint64_t)d[i] * m + carry;
        d[i] = (uint32_t)(v % 1000000000u);
        carry = v / 1000000000u;
    }
    while (carry) {
        d[(*n)++] = (uint32_t)(carry % 1000000000u);
        carry /= 1000000000u;
    }
}

/* Decimal text of the integer written in `digits` (no underscores) in
 * `base`, in the arena. */
static const char *big_decimal(Parser *p, const char *digits, size_t len, int base) {
    if (base == 10) {
        size_t i = 0;
        while (i + 1 < len && digits[i] == '0') i++;
        return arena_strndup(p->arena, digits + i, len - i);
    }
    /* Each input digit adds at most 4 bits; 1e9 > 2^29. */
    int cap = (int)(len * 4 / 29) + 2;
    uint32_t *d = kcv_calloc((size_t)cap, sizeof *d);
    int n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = digits[i];
        uint32_t v = (uint32_t)(c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0');
        big_muladd(d, &n, (uint32_t)base, v);
    }
    StrBuf b = {0};
    if (n == 0) sb_putc(&b, '0');
    else {
        sb_printf(&b, "%u", d[n - 1]);
        for (int i = n - 2; i >= 0; i--) sb_printf(&b, "%09u", d[i]);
    }
    const char *s = arena_strndup(p->arena, b.s, b.len);
    sb_free(&b);
    kcv_free(d);
    return s;
}

bool number_value(Parser *p, int ti, ConstValue *out) {
    const Token *t = tok_at(p, ti);
    memset(out, 0, sizeof *out);
    /* Strip the underscores. */
    char small[128];
    char *buf = (size_t)t->len < sizeof small ? small : kcv_malloc((size_t)t->len + 1);
    size_t n = 0;
    for (int i = 0; i < t->len; i++)
        if (t->start[i] != '_') buf[n++] = t->start[i];
    buf[n] = '\0';
    bool ok = true;
    char last = n ? buf[n - 1] : '0';
    int base = 10;
    const char *digits = buf;
    if (n >= 2 && buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X')) base = 16;
    else if (n >= 2 && buf[0] == '0' && (buf[1] == 'o' || buf[1] == 'O')) base = 8;
    else if (n >= 2 && buf[0] == '0' && (buf[1] == 'b' || buf[1] == 'B')) base = 2;
    if (base != 10) digits = buf + 2;
    if (base == 10 && (last == 'j' || last == 'J')) {
        buf[n - 1] = '\0';
        out->kind = CONST_COMPLEX;
        out->f = strtod(buf, NULL);
    } else if (base == 10 && strpbrk(buf, ".eE")) {
        out->kind = CONST_FLOAT;
        out->f = strtod(buf, NULL);
    } else {
        out->kind = CONST_INT;
        size_t nd = n - (size_t)(digits - buf);
        uint64_t v = 0;
        bool big = false;
        for (size_t i = 0; i < nd; i++) {
            char c = digits[i];
            uint64_t d = (uint64_t)(c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0');
            if (v > (UINT64_MAX - d) / (uint64_t)base) {
                big = true;
                break;
            }
            v = v * (uint64_t)base + d;
        }
        if (!big && v > (uint64_t)INT64_MAX) big = true;
        if (big) {
            if (base == 10 && nd > 4300) {
                size_t nz = 0;
                while (nz + 1 < nd && digits[nz] == '0') nz++;
                if (nd - nz > 4300) {
                    perr_tok(p, ti,
                             "Exceeds the limit (4300 digits) for integer string conversion: "
                             "value has %zu digits; use sys.set_int_max_str_digits() to increase "
                             "the limit - Consider hexadecimal for huge integer literals to avoid "
                             "decimal conversion limits.",
                             nd - nz);
                    ok = false;
                }
            }
            out->big = big_decimal(p, digits, nd, base);
        } else {
            out->i = (int64_t)v;
        }
    }
    if (buf != small) kcv_free(buf);
    return ok;
}
