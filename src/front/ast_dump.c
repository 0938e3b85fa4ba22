/* ast_dump.c - the syntax tree back to text, byte for byte as CPython 3.11's
 * ast.dump(tree) or ast.dump(tree, include_attributes=True) prints it.
 *
 * The last step of the front end's `kcv parse --dump-ast`, and the oracle
 * hook of the golden tests: a tree is right when its dump equals CPython's.
 *
 * CPython's Lib/ast.py dump() prints `Kind(field=value, ...)` with the
 * fields in _fields order; an optional field (`?` in Python.asdl) that is
 * None is left out, a required one that is None prints `None`, lists are
 * always printed (`[]` when empty), and type_comment (always None from
 * ast.parse) never appears.  With include_attributes, nodes that have
 * location attributes (stmt, expr, excepthandler, arg, keyword, alias,
 * pattern) get lineno, col_offset, end_lineno, end_col_offset after their
 * fields; Module, arguments, comprehension, withitem and match_case do not.
 *
 * The walk is iterative, over an explicit stack of (node, next field)
 * items, so a deep tree costs heap, not C stack.  Each node kind is
 * described once, in node_fields(), as a list of typed fields; the walker
 * prints scalar fields directly and pushes child nodes and lists.
 *
 * Ownership: reads the tree, appends to `out`, frees what it allocates.
 */
#include "front.h"
#include "pyrepr.h"

#include <string.h>

/* ---- names ------------------------------------------------------------------ */

static const char *const kind_names[N_KIND_COUNT] = {
    [N_MODULE] = "Module",
    [N_FUNCTION_DEF] = "FunctionDef",
    [N_ASYNC_FUNCTION_DEF] = "AsyncFunctionDef",
    [N_CLASS_DEF] = "ClassDef",
    [N_RETURN] = "Return",
    [N_DELETE] = "Delete",
    [N_ASSIGN] = "Assign",
    [N_AUG_ASSIGN] = "AugAssign",
    [N_ANN_ASSIGN] = "AnnAssign",
    [N_FOR] = "For",
    [N_ASYNC_FOR] = "AsyncFor",
    [N_WHILE] = "While",
    [N_IF] = "If",
    [N_WITH] = "With",
    [N_ASYNC_WITH] = "AsyncWith",
    [N_MATCH] = "Match",
    [N_RAISE] = "Raise",
    [N_TRY] = "Try",
    [N_TRY_STAR] = "TryStar",
    [N_ASSERT] = "Assert",
    [N_IMPORT] = "Import",
    [N_IMPORT_FROM] = "ImportFrom",
    [N_GLOBAL] = "Global",
    [N_NONLOCAL] = "Nonlocal",
    [N_EXPR] = "Expr",
    [N_PASS] = "Pass",
    [N_BREAK] = "Break",
    [N_CONTINUE] = "Continue",
    [N_BOOL_OP] = "BoolOp",
    [N_NAMED_EXPR] = "NamedExpr",
    [N_BIN_OP] = "BinOp",
    [N_UNARY_OP] = "UnaryOp",
    [N_LAMBDA] = "Lambda",
    [N_IF_EXP] = "IfExp",
    [N_DICT] = "Dict",
    [N_SET] = "Set",
    [N_LIST_COMP] = "ListComp",
    [N_SET_COMP] = "SetComp",
    [N_DICT_COMP] = "DictComp",
    [N_GENERATOR_EXP] = "GeneratorExp",
    [N_AWAIT] = "Await",
    [N_YIELD] = "Yield",
    [N_YIELD_FROM] = "YieldFrom",
    [N_COMPARE] = "Compare",
    [N_CALL] = "Call",
    [N_FORMATTED_VALUE] = "FormattedValue",
    [N_JOINED_STR] = "JoinedStr",
    [N_CONSTANT] = "Constant",
    [N_ATTRIBUTE] = "Attribute",
    [N_SUBSCRIPT] = "Subscript",
    [N_STARRED] = "Starred",
    [N_NAME] = "Name",
    [N_LIST] = "List",
    [N_TUPLE] = "Tuple",
    [N_SLICE] = "Slice",
    [N_COMPREHENSION] = "comprehension",
    [N_EXCEPT_HANDLER] = "ExceptHandler",
    [N_ARGUMENTS] = "arguments",
    [N_ARG] = "arg",
    [N_KEYWORD] = "keyword",
    [N_ALIAS] = "alias",
    [N_WITHITEM] = "withitem",
    [N_MATCH_CASE] = "match_case",
    [N_MATCH_VALUE] = "MatchValue",
    [N_MATCH_SINGLETON] = "MatchSingleton",
    [N_MATCH_SEQUENCE] = "MatchSequence",
    [N_MATCH_MAPPING] = "MatchMapping",
    [N_MATCH_CLASS] = "MatchClass",
    [N_MATCH_STAR] = "MatchStar",
    [N_MATCH_AS] = "MatchAs",
    [N_MATCH_OR] = "MatchOr",
};

const char *ast_kind_name(NodeKind k) {
    return (unsigned)k < N_KIND_COUNT && kind_names[k] ? kind_names[k] : "?";
}

/* Operators and contexts print as `Add()`, `Load()`. */
static const char *const binop_names[] = {
    [OP_ADD] = "Add()", [OP_SUB] = "Sub()", [OP_MULT] = "Mult()",
    [OP_MATMULT] = "MatMult()", [OP_DIV] = "Div()", [OP_MOD] = "Mod()",
    [OP_POW] = "Pow()", [OP_LSHIFT] = "LShift()", [OP_RSHIFT] = "RShift()",
    [OP_BITOR] = "BitOr()", [OP_BITXOR] = "BitXor()", [OP_BITAND] = "BitAnd()",
    [OP_FLOORDIV] = "FloorDiv()",
};
static const char *const unaryop_names[] = {
    [UOP_INVERT] = "Invert()", [UOP_NOT] = "Not()", [UOP_UADD] = "UAdd()", [UOP_USUB] = "USub()",
};
static const char *const boolop_names[] = {[BOOL_AND] = "And()", [BOOL_OR] = "Or()"};
static const char *const cmpop_names[] = {
    [CMP_EQ] = "Eq()", [CMP_NOTEQ] = "NotEq()", [CMP_LT] = "Lt()", [CMP_LTE] = "LtE()",
    [CMP_GT] = "Gt()", [CMP_GTE] = "GtE()", [CMP_IS] = "Is()", [CMP_ISNOT] = "IsNot()",
    [CMP_IN] = "In()", [CMP_NOTIN] = "NotIn()",
};
static const char *const ctx_names[] = {[CTX_LOAD] = "Load()", [CTX_STORE] = "Store()", [CTX_DEL] = "Del()"};

#define NAME_OF(table, i) ((unsigned)(i) < KCV_ARRAY_LEN(table) && (table)[i] ? (table)[i] : "?()")

/* ---- field descriptions --------------------------------------------------- */

typedef enum FieldType {
    F_NODE,       /* Node *, required: NULL prints None */
    F_OPT,        /* Node *, optional: NULL leaves the field out */
    F_LIST,       /* NodeList *: [..], NULL entries print None */
    F_IDENT,      /* identifier, required */
    F_IDENT_OPT,  /* identifier, optional */
    F_NAMES,      /* NameList *: ['a', 'b'] */
    F_INT,        /* int */
    F_CONST,      /* ConstValue * */
    F_TEXT,       /* fixed text: an operator or context such as `Load()` */
    F_CMPOPS,     /* Compare.ops: [Eq(), Lt()] */
} FieldType;

typedef struct Field {
    const char *name;   /* "body=" etc., with the '=' */
    FieldType type;
    union {
        const Node *node;
        const NodeList *list;
        const char *str;        /* F_IDENT, F_IDENT_OPT, F_TEXT */
        const NameList *names;
        int ival;
        const ConstValue *cv;
        const Node *cmp;        /* the Compare node */
    } v;
} Field;

enum { MAX_FIELDS = 8 };

/* Helpers that append one field description. */
#define NODE(nm, x) (f[k].name = nm "=", f[k].type = F_NODE, f[k++].v.node = (x))
#define OPT(nm, x) (f[k].name = nm "=", f[k].type = F_OPT, f[k++].v.node = (x))
#define LIST(nm, x) (f[k].name = nm "=", f[k].type = F_LIST, f[k++].v.list = &(x))
#define IDENT(nm, x) (f[k].name = nm "=", f[k].type = F_IDENT, f[k++].v.str = (x))
#define IDENT_OPT(nm, x) (f[k].name = nm "=", f[k].type = F_IDENT_OPT, f[k++].v.str = (x))
#define NAMES(nm, x) (f[k].name = nm "=", f[k].type = F_NAMES, f[k++].v.names = &(x))
#define INT(nm, x) (f[k].name = nm "=", f[k].type = F_INT, f[k++].v.ival = (x))
#define CONST(nm, x) (f[k].name = nm "=", f[k].type = F_CONST, f[k++].v.cv = &(x))
#define TEXT(nm, x) (f[k].name = nm "=", f[k].type = F_TEXT, f[k++].v.str = (x))

/* Fills f[] with the fields of n in CPython's _fields order; returns how
 * many.  `*attrs` is set when the node kind has location attributes. */
static int node_fields(const Node *n, Field f[MAX_FIELDS], bool *attrs) {
    int k = 0;
    *attrs = true;
    switch (n->kind) {
    case N_MODULE:
        *attrs = false;
        LIST("body", n->u.module.body);
        f[k].name = "type_ignores=", f[k].type = F_TEXT, f[k++].v.str = "[]";
        break;
    case N_FUNCTION_DEF:
    case N_ASYNC_FUNCTION_DEF:
        IDENT("name", n->u.func.name);
        NODE("args", n->u.func.args);
        LIST("body", n->u.func.body);
        LIST("decorator_list", n->u.func.decorators);
        OPT("returns", n->u.func.returns);
        break;
    case N_CLASS_DEF:
        IDENT("name", n->u.cls.name);
        LIST("bases", n->u.cls.bases);
        LIST("keywords", n->u.cls.keywords);
        LIST("body", n->u.cls.body);
        LIST("decorator_list", n->u.cls.decorators);
        break;
    case N_RETURN:
        OPT("value", n->u.ret.value);
        break;
    case N_DELETE:
        LIST("targets", n->u.del.targets);
        break;
    case N_ASSIGN:
        LIST("targets", n->u.assign.targets);
        NODE("value", n->u.assign.value);
        break;
    case N_AUG_ASSIGN:
        NODE("target", n->u.aug.target);
        TEXT("op", NAME_OF(binop_names, n->u.aug.op));
        NODE("value", n->u.aug.value);
        break;
    case N_ANN_ASSIGN:
        NODE("target", n->u.ann.target);
        NODE("annotation", n->u.ann.annotation);
        OPT("value", n->u.ann.value);
        INT("simple", n->u.ann.simple);
        break;
    case N_FOR:
    case N_ASYNC_FOR:
        NODE("target", n->u.for_.target);
        NODE("iter", n->u.for_.iter);
        LIST("body", n->u.for_.body);
        LIST("orelse", n->u.for_.orelse);
        break;
    case N_WHILE:
    case N_IF:
        NODE("test", n->u.cond.test);
        LIST("body", n->u.cond.body);
        LIST("orelse", n->u.cond.orelse);
        break;
    case N_WITH:
    case N_ASYNC_WITH:
        LIST("items", n->u.with.items);
        LIST("body", n->u.with.body);
        break;
    case N_MATCH:
        NODE("subject", n->u.match.subject);
        LIST("cases", n->u.match.cases);
        break;
    case N_RAISE:
        OPT("exc", n->u.raise.exc);
        OPT("cause", n->u.raise.cause);
        break;
    case N_TRY:
    case N_TRY_STAR:
        LIST("body", n->u.try_.body);
        LIST("handlers", n->u.try_.handlers);
        LIST("orelse", n->u.try_.orelse);
        LIST("finalbody", n->u.try_.finalbody);
        break;
    case N_ASSERT:
        NODE("test", n->u.assert_.test);
        OPT("msg", n->u.assert_.msg);
        break;
    case N_IMPORT:
        LIST("names", n->u.import.names);
        break;
    case N_IMPORT_FROM:
        IDENT_OPT("module", n->u.import_from.module);
        LIST("names", n->u.import_from.names);
        INT("level", n->u.import_from.level);
        break;
    case N_GLOBAL:
    case N_NONLOCAL:
        NAMES("names", n->u.global.names);
        break;
    case N_EXPR:
    case N_AWAIT:
    case N_YIELD_FROM:
        NODE("value", n->u.expr.value);
        break;
    case N_YIELD:
        OPT("value", n->u.expr.value);
        break;
    case N_PASS:
    case N_BREAK:
    case N_CONTINUE:
        break;
    case N_BOOL_OP:
        TEXT("op", NAME_OF(boolop_names, n->u.boolop.op));
        LIST("values", n->u.boolop.values);
        break;
    case N_NAMED_EXPR:
        NODE("target", n->u.named.target);
        NODE("value", n->u.named.value);
        break;
    case N_BIN_OP:
        NODE("left", n->u.binop.left);
        TEXT("op", NAME_OF(binop_names, n->u.binop.op));
        NODE("right", n->u.binop.right);
        break;
    case N_UNARY_OP:
        TEXT("op", NAME_OF(unaryop_names, n->u.unary.op));
        NODE("operand", n->u.unary.operand);
        break;
    case N_LAMBDA:
        NODE("args", n->u.lambda.args);
        NODE("body", n->u.lambda.body);
        break;
    case N_IF_EXP:
        NODE("test", n->u.ifexp.test);
        NODE("body", n->u.ifexp.body);
        NODE("orelse", n->u.ifexp.orelse);
        break;
    case N_DICT:
        LIST("keys", n->u.dict.keys);
        LIST("values", n->u.dict.values);
        break;
    case N_SET:
        LIST("elts", n->u.seq.elts);
        break;
    case N_LIST_COMP:
    case N_SET_COMP:
    case N_GENERATOR_EXP:
        NODE("elt", n->u.comp.elt);
        LIST("generators", n->u.comp.generators);
        break;
    case N_DICT_COMP:
        NODE("key", n->u.comp.key);
        NODE("value", n->u.comp.elt);
        LIST("generators", n->u.comp.generators);
        break;
    case N_COMPARE:
        NODE("left", n->u.compare.left);
        f[k].name = "ops=", f[k].type = F_CMPOPS, f[k++].v.cmp = n;
        LIST("comparators", n->u.compare.comparators);
        break;
    case N_CALL:
        NODE("func", n->u.call.func);
        LIST("args", n->u.call.args);
        LIST("keywords", n->u.call.keywords);
        break;
    case N_FORMATTED_VALUE:
        NODE("value", n->u.fvalue.value);
        INT("conversion", n->u.fvalue.conversion);
        OPT("format_spec", n->u.fvalue.format_spec);
        break;
    case N_JOINED_STR:
        LIST("values", n->u.joined.values);
        break;
    case N_CONSTANT:
        CONST("value", n->u.constant.value);
        IDENT_OPT("kind", n->u.constant.kind);
        break;
    case N_ATTRIBUTE:
        NODE("value", n->u.attribute.value);
        IDENT("attr", n->u.attribute.attr);
        TEXT("ctx", NAME_OF(ctx_names, n->u.attribute.ctx));
        break;
    case N_SUBSCRIPT:
        NODE("value", n->u.subscript.value);
        NODE("slice", n->u.subscript.slice);
        TEXT("ctx", NAME_OF(ctx_names, n->u.subscript.ctx));
        break;
    case N_STARRED:
        NODE("value", n->u.starred.value);
        TEXT("ctx", NAME_OF(ctx_names, n->u.starred.ctx));
        break;
    case N_NAME:
        IDENT("id", n->u.name.id);
        TEXT("ctx", NAME_OF(ctx_names, n->u.name.ctx));
        break;
    case N_LIST:
    case N_TUPLE:
        LIST("elts", n->u.seq.elts);
        TEXT("ctx", NAME_OF(ctx_names, n->u.seq.ctx));
        break;
    case N_SLICE:
        OPT("lower", n->u.slice.lower);
        OPT("upper", n->u.slice.upper);
        OPT("step", n->u.slice.step);
        break;
    case N_COMPREHENSION:
        *attrs = false;
        NODE("target", n->u.comprehension.target);
        NODE("iter", n->u.comprehension.iter);
        LIST("ifs", n->u.comprehension.ifs);
        INT("is_async", n->u.comprehension.is_async);
        break;
    case N_EXCEPT_HANDLER:
        OPT("type", n->u.handler.type);
        IDENT_OPT("name", n->u.handler.name);
        LIST("body", n->u.handler.body);
        break;
    case N_ARGUMENTS:
        *attrs = false;
        LIST("posonlyargs", n->u.arguments.posonlyargs);
        LIST("args", n->u.arguments.args);
        OPT("vararg", n->u.arguments.vararg);
        LIST("kwonlyargs", n->u.arguments.kwonlyargs);
        LIST("kw_defaults", n->u.arguments.kw_defaults);
        OPT("kwarg", n->u.arguments.kwarg);
        LIST("defaults", n->u.arguments.defaults);
        break;
    case N_ARG:
        IDENT("arg", n->u.arg.arg);
        OPT("annotation", n->u.arg.annotation);
        break;
    case N_KEYWORD:
        IDENT_OPT("arg", n->u.keyword.arg);
        NODE("value", n->u.keyword.value);
        break;
    case N_ALIAS:
        IDENT("name", n->u.alias.name);
        IDENT_OPT("asname", n->u.alias.asname);
        break;
    case N_WITHITEM:
        *attrs = false;
        NODE("context_expr", n->u.withitem.context_expr);
        OPT("optional_vars", n->u.withitem.optional_vars);
        break;
    case N_MATCH_CASE:
        *attrs = false;
        NODE("pattern", n->u.match_case.pattern);
        OPT("guard", n->u.match_case.guard);
        LIST("body", n->u.match_case.body);
        break;
    case N_MATCH_VALUE:
        NODE("value", n->u.match_value.value);
        break;
    case N_MATCH_SINGLETON:
        CONST("value", n->u.match_singleton.value);
        break;
    case N_MATCH_SEQUENCE:
    case N_MATCH_OR:
        LIST("patterns", n->u.match_seq.patterns);
        break;
    case N_MATCH_MAPPING:
        LIST("keys", n->u.match_mapping.keys);
        LIST("patterns", n->u.match_mapping.patterns);
        IDENT_OPT("rest", n->u.match_mapping.rest);
        break;
    case N_MATCH_CLASS:
        NODE("cls", n->u.match_class.cls);
        LIST("patterns", n->u.match_class.patterns);
        NAMES("kwd_attrs", n->u.match_class.kwd_attrs);
        LIST("kwd_patterns", n->u.match_class.kwd_patterns);
        break;
    case N_MATCH_STAR:
        IDENT_OPT("name", n->u.match_star.name);
        break;
    case N_MATCH_AS:
        OPT("pattern", n->u.match_as.pattern);
        IDENT_OPT("name", n->u.match_as.name);
        break;
    case N_KIND_COUNT:
        break;
    }
    return k;
}

#undef NODE
#undef OPT
#undef LIST
#undef IDENT
#undef IDENT_OPT
#undef NAMES
#undef INT
#undef CONST
#undef TEXT

/* ---- output helpers ------------------------------------------------------- */

static void put_int(StrBuf *out, long v) {
    char buf[24];
    int n = sizeof buf;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do {
        buf[--n] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) buf[--n] = '-';
    sb_put(out, buf + n, sizeof buf - (size_t)n);
}

static void put_ident(StrBuf *out, const char *s) {
    if (!s) {
        sb_puts(out, "None");
        return;
    }
    pyrepr_str(out, s, strlen(s));
}

static void put_attrs(StrBuf *out, const Span *s, bool any) {
    sb_puts(out, any ? ", lineno=" : "lineno=");
    put_int(out, s->line);
    sb_puts(out, ", col_offset=");
    put_int(out, s->col);
    sb_puts(out, ", end_lineno=");
    put_int(out, s->end_line);
    sb_puts(out, ", end_col_offset=");
    put_int(out, s->end_col);
}

/* Prints a scalar field's value; returns false for a node or list. */
static bool put_scalar(StrBuf *out, const Field *f) {
    switch (f->type) {
    case F_NODE:
    case F_OPT:
    case F_LIST:
        return false;
    case F_IDENT:
    case F_IDENT_OPT:
        put_ident(out, f->v.str);
        return true;
    case F_NAMES: {
        sb_putc(out, '[');
        for (int i = 0; i < f->v.names->n; i++) {
            if (i) sb_puts(out, ", ");
            put_ident(out, f->v.names->v[i]);
        }
        sb_putc(out, ']');
        return true;
    }
    case F_INT:
        put_int(out, f->v.ival);
        return true;
    case F_CONST:
        pyrepr_const(out, f->v.cv);
        return true;
    case F_TEXT:
        sb_puts(out, f->v.str);
        return true;
    case F_CMPOPS: {
        const Node *c = f->v.cmp;
        sb_putc(out, '[');
        for (int i = 0; i < c->u.compare.comparators.n; i++) {
            if (i) sb_puts(out, ", ");
            sb_puts(out, NAME_OF(cmpop_names, c->u.compare.ops[i]));
        }
        sb_putc(out, ']');
        return true;
    }
    }
    return true;
}

/* ---- the walk ----------------------------------------------------------------- */

/* One pending piece of output. */
typedef struct Item {
    const void *p;   /* IT_NODE: the Node (NULL prints None); IT_LIST: the NodeList */
    int idx;         /* IT_NODE: next field, -1 before `Kind(`; IT_LIST: next element */
    bool list;       /* IT_LIST rather than IT_NODE */
    bool any;        /* IT_NODE: some field has been printed (a ", " is due) */
} Item;

typedef Vec(Item) ItemStack;

static void push(ItemStack *st, const void *p, bool list) {
    Item it = {p, list ? 0 : -1, list, false};
    vec_push(st, it);
}

void ast_dump(StrBuf *out, const Node *node, bool locations) {
    ItemStack st = {0};
    push(&st, node, false);
    Field f[MAX_FIELDS];
    while (st.n > 0) {
        Item it = st.v[--st.n];
        if (it.list) {
            const NodeList *l = it.p;
            if (it.idx == 0) {
                if (l->n == 0) {
                    sb_puts(out, "[]");
                    continue;
                }
                sb_putc(out, '[');
            } else if (it.idx == l->n) {
                sb_putc(out, ']');
                continue;
            } else {
                sb_puts(out, ", ");
            }
            Item next = {l, it.idx + 1, true, false};
            vec_push(&st, next);
            push(&st, l->v[it.idx], false);
            continue;
        }
        const Node *n = it.p;
        if (!n) {
            sb_puts(out, "None");
            continue;
        }
        if (it.idx < 0) {
            sb_puts(out, ast_kind_name(n->kind));
            sb_putc(out, '(');
            it.idx = 0;
        }
        bool attrs;
        int nf = node_fields(n, f, &attrs);
        bool pushed = false;
        for (; it.idx < nf; it.idx++) {
            const Field *fd = &f[it.idx];
            if ((fd->type == F_OPT && !fd->v.node) || (fd->type == F_IDENT_OPT && !fd->v.str)) continue;
            if (it.any) sb_puts(out, ", ");
            sb_puts(out, fd->name);
            it.any = true;
            if (put_scalar(out, fd)) continue;
            /* A child: finish this node after it. */
            it.idx++;
            vec_push(&st, it);
            if (fd->type == F_LIST) push(&st, fd->v.list, true);
            else push(&st, fd->v.node, false);
            pushed = true;
            break;
        }
        if (pushed) continue;
        if (locations && attrs) put_attrs(out, &n->span, it.any);
        sb_putc(out, ')');
    }
    vec_free(&st);
}
