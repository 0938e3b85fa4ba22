/* ast.h - the syntax tree of a Python 3.11 module.
 *
 * The tree mirrors CPython 3.11's Python.asdl node for node and field for
 * field, so that `kcv parse --dump-ast` can print exactly what
 * `ast.dump(ast.parse(src))` prints, and so that every later stage (the
 * evaluator in all its domains) walks one well-known shape.
 *
 * Every node is a `Node` with a kind and a span.  Spans follow CPython:
 * `line`/`end_line` 1-based, `col`/`end_col` 0-based UTF-8 byte offsets.
 * Nodes without location attributes in CPython (arguments, comprehension,
 * withitem, match_case, operators, contexts) have a zero span that the
 * dumper never prints.
 *
 * Ownership: all nodes, lists and strings of one parse live in the arena of
 * that parse (Module.arena); identifiers are interned (compare with ==).
 */
#ifndef KCV_AST_H
#define KCV_AST_H

#include "../base/base.h"

typedef struct Node Node;

/* A list of child nodes; entries may be NULL where CPython's list holds None
 * (Dict.keys for `**x`, arguments.kw_defaults for a keyword-only parameter
 * without default). */
typedef struct NodeList {
    Node **v;
    int n;
} NodeList;

/* A list of identifiers (Global, Nonlocal, MatchClass.kwd_attrs). */
typedef struct NameList {
    const char **v;
    int n;
} NameList;

typedef struct Span {
    int line, col;          /* start: 1-based line, 0-based byte column */
    int end_line, end_col;  /* end (exclusive column) */
} Span;

typedef enum NodeKind {
    /* mod */
    N_MODULE,            /* Module(stmt* body, type_ignore* type_ignores) */
    /* stmt */
    N_FUNCTION_DEF,      /* FunctionDef: name, args, body, decorator_list, returns? */
    N_ASYNC_FUNCTION_DEF,/* AsyncFunctionDef: same fields as FunctionDef */
    N_CLASS_DEF,         /* ClassDef(name, bases, keywords, body, decorator_list) */
    N_RETURN,            /* Return(expr? value) */
    N_DELETE,            /* Delete(expr* targets) */
    N_ASSIGN,            /* Assign(expr* targets, expr value) */
    N_AUG_ASSIGN,        /* AugAssign(expr target, operator op, expr value) */
    N_ANN_ASSIGN,        /* AnnAssign(target, annotation, value?, int simple) */
    N_FOR,               /* For(target, iter, body, orelse) */
    N_ASYNC_FOR,         /* AsyncFor: same fields as For */
    N_WHILE,             /* While(test, body, orelse) */
    N_IF,                /* If(test, body, orelse) */
    N_WITH,              /* With(withitem* items, stmt* body) */
    N_ASYNC_WITH,        /* AsyncWith: same fields as With */
    N_MATCH,             /* Match(expr subject, match_case* cases) */
    N_RAISE,             /* Raise(expr? exc, expr? cause) */
    N_TRY,               /* Try(body, handlers, orelse, finalbody) */
    N_TRY_STAR,          /* TryStar: same fields as Try */
    N_ASSERT,            /* Assert(expr test, expr? msg) */
    N_IMPORT,            /* Import(alias* names) */
    N_IMPORT_FROM,       /* ImportFrom(identifier? module, alias* names, int level) */
    N_GLOBAL,            /* Global(identifier* names) */
    N_NONLOCAL,          /* Nonlocal(identifier* names) */
    N_EXPR,              /* Expr(expr value) */
    N_PASS,              /* Pass */
    N_BREAK,             /* Break */
    N_CONTINUE,          /* Continue */
    /* expr */
    N_BOOL_OP,           /* BoolOp(boolop op, expr* values) */
    N_NAMED_EXPR,        /* NamedExpr(expr target, expr value) */
    N_BIN_OP,            /* BinOp(expr left, operator op, expr right) */
    N_UNARY_OP,          /* UnaryOp(unaryop op, expr operand) */
    N_LAMBDA,            /* Lambda(arguments args, expr body) */
    N_IF_EXP,            /* IfExp(expr test, expr body, expr orelse) */
    N_DICT,              /* Dict(expr?* keys, expr* values) */
    N_SET,               /* Set(expr* elts) */
    N_LIST_COMP,         /* ListComp(expr elt, comprehension* generators) */
    N_SET_COMP,          /* SetComp(expr elt, comprehension* generators) */
    N_DICT_COMP,         /* DictComp(expr key, expr value, comprehension* generators) */
    N_GENERATOR_EXP,     /* GeneratorExp(expr elt, comprehension* generators) */
    N_AWAIT,             /* Await(expr value) */
    N_YIELD,             /* Yield(expr? value) */
    N_YIELD_FROM,        /* YieldFrom(expr value) */
    N_COMPARE,           /* Compare(expr left, cmpop* ops, expr* comparators) */
    N_CALL,              /* Call(expr func, expr* args, keyword* keywords) */
    N_FORMATTED_VALUE,   /* FormattedValue(expr value, int conversion, expr? format_spec) */
    N_JOINED_STR,        /* JoinedStr(expr* values) */
    N_CONSTANT,          /* Constant(constant value, string? kind) */
    N_ATTRIBUTE,         /* Attribute(expr value, identifier attr, expr_context ctx) */
    N_SUBSCRIPT,         /* Subscript(expr value, expr slice, expr_context ctx) */
    N_STARRED,           /* Starred(expr value, expr_context ctx) */
    N_NAME,              /* Name(identifier id, expr_context ctx) */
    N_LIST,              /* List(expr* elts, expr_context ctx) */
    N_TUPLE,             /* Tuple(expr* elts, expr_context ctx) */
    N_SLICE,             /* Slice(expr? lower, expr? upper, expr? step) */
    /* other product and sum types */
    N_COMPREHENSION,     /* comprehension(target, iter, expr* ifs, int is_async) */
    N_EXCEPT_HANDLER,    /* ExceptHandler(expr? type, identifier? name, stmt* body) */
    N_ARGUMENTS,         /* arguments(posonlyargs, args, vararg?, kwonlyargs, kw_defaults, kwarg?, defaults) */
    N_ARG,               /* arg(identifier arg, expr? annotation) */
    N_KEYWORD,           /* keyword(identifier? arg, expr value) */
    N_ALIAS,             /* alias(identifier name, identifier? asname) */
    N_WITHITEM,          /* withitem(expr context_expr, expr? optional_vars) */
    N_MATCH_CASE,        /* match_case(pattern pattern, expr? guard, stmt* body) */
    /* pattern */
    N_MATCH_VALUE,       /* MatchValue(expr value) */
    N_MATCH_SINGLETON,   /* MatchSingleton(constant value): None, True or False */
    N_MATCH_SEQUENCE,    /* MatchSequence(pattern* patterns) */
    N_MATCH_MAPPING,     /* MatchMapping(expr* keys, pattern* patterns, identifier? rest) */
    N_MATCH_CLASS,       /* MatchClass(cls, patterns, identifier* kwd_attrs, kwd_patterns) */
    N_MATCH_STAR,        /* MatchStar(identifier? name) */
    N_MATCH_AS,          /* MatchAs(pattern? pattern, identifier? name) */
    N_MATCH_OR,          /* MatchOr(pattern* patterns) */
    N_KIND_COUNT
} NodeKind;

/* The case labels of every kind that is not a statement: a switch over
 * statements (which -Wswitch-enum makes name every kind) ends with
 * `AST_CASE_NOT_STMT: ...`. */
#define AST_CASE_NOT_STMT \
    case N_MODULE: case N_BOOL_OP: case N_NAMED_EXPR: case N_BIN_OP: case N_UNARY_OP: \
    case N_LAMBDA: case N_IF_EXP: case N_DICT: case N_SET: case N_LIST_COMP: case N_SET_COMP: \
    case N_DICT_COMP: case N_GENERATOR_EXP: case N_AWAIT: case N_YIELD: case N_YIELD_FROM: \
    case N_COMPARE: case N_CALL: case N_FORMATTED_VALUE: case N_JOINED_STR: case N_CONSTANT: \
    case N_ATTRIBUTE: case N_SUBSCRIPT: case N_STARRED: case N_NAME: case N_LIST: case N_TUPLE: \
    case N_SLICE: case N_COMPREHENSION: case N_EXCEPT_HANDLER: case N_ARGUMENTS: case N_ARG: \
    case N_KEYWORD: case N_ALIAS: case N_WITHITEM: case N_MATCH_CASE: case N_MATCH_VALUE: \
    case N_MATCH_SINGLETON: case N_MATCH_SEQUENCE: case N_MATCH_MAPPING: case N_MATCH_CLASS: \
    case N_MATCH_STAR: case N_MATCH_AS: case N_MATCH_OR: case N_KIND_COUNT

typedef enum ExprCtx { CTX_LOAD, CTX_STORE, CTX_DEL } ExprCtx;

/* operator; order as in Python.asdl */
typedef enum BinOpKind {
    OP_ADD, OP_SUB, OP_MULT, OP_MATMULT, OP_DIV, OP_MOD, OP_POW,
    OP_LSHIFT, OP_RSHIFT, OP_BITOR, OP_BITXOR, OP_BITAND, OP_FLOORDIV
} BinOpKind;

typedef enum UnaryOpKind { UOP_INVERT, UOP_NOT, UOP_UADD, UOP_USUB } UnaryOpKind;

typedef enum BoolOpKind { BOOL_AND, BOOL_OR } BoolOpKind;

typedef enum CmpOpKind {
    CMP_EQ, CMP_NOTEQ, CMP_LT, CMP_LTE, CMP_GT, CMP_GTE,
    CMP_IS, CMP_ISNOT, CMP_IN, CMP_NOTIN
} CmpOpKind;

/* The value of a Constant (and of MatchSingleton). */
typedef enum ConstKind {
    CONST_NONE,
    CONST_TRUE,
    CONST_FALSE,
    CONST_ELLIPSIS,
    CONST_INT,      /* i when it fits in int64, else big (decimal digits) */
    CONST_FLOAT,    /* f */
    CONST_COMPLEX,  /* imaginary literal: 0 + f*j */
    CONST_STR,      /* s[0..len): UTF-8; lone surrogates encoded as 3 bytes */
    CONST_BYTES,    /* s[0..len): raw bytes */
} ConstKind;

typedef struct ConstValue {
    ConstKind kind;
    int64_t i;
    const char *big;  /* non-NULL: the int does not fit int64; decimal text with sign */
    double f;
    const char *s;
    size_t len;
} ConstValue;

struct Node {
    NodeKind kind;
    Span span;
    union {
        struct { NodeList body; Arena *arena; } module;
        /* FunctionDef, AsyncFunctionDef */
        struct { const char *name; Node *args; NodeList body, decorators; Node *returns; } func;
        struct { const char *name; NodeList bases, keywords, body, decorators; } cls;
        struct { Node *value; } ret;               /* Return; also Expr, Await, Yield, YieldFrom */
        struct { NodeList targets; } del;          /* Delete */
        struct { NodeList targets; Node *value; } assign;
        struct { Node *target; BinOpKind op; Node *value; } aug;
        struct { Node *target, *annotation, *value; int simple; } ann;
        /* For, AsyncFor */
        struct { Node *target, *iter; NodeList body, orelse; } for_;
        /* While, If */
        struct { Node *test; NodeList body, orelse; } cond;
        /* With, AsyncWith */
        struct { NodeList items, body; } with;
        struct { Node *subject; NodeList cases; } match;
        struct { Node *exc, *cause; } raise;
        /* Try, TryStar */
        struct { NodeList body, handlers, orelse, finalbody; } try_;
        struct { Node *test, *msg; } assert_;
        struct { NodeList names; } import;         /* Import: list of alias */
        struct { const char *module; NodeList names; int level; } import_from;
        struct { NameList names; } global;         /* Global, Nonlocal */
        struct { Node *value; } expr;              /* Expr, Await, Yield, YieldFrom */

        struct { BoolOpKind op; NodeList values; } boolop;
        struct { Node *target, *value; } named;
        struct { Node *left; BinOpKind op; Node *right; } binop;
        struct { UnaryOpKind op; Node *operand; } unary;
        struct { Node *args, *body; } lambda;
        struct { Node *test, *body, *orelse; } ifexp;
        struct { NodeList keys, values; } dict;
        struct { NodeList elts; ExprCtx ctx; } seq;   /* Set, List, Tuple (Set ignores ctx) */
        /* ListComp, SetComp, GeneratorExp (key unused), DictComp (key, elt=value) */
        struct { Node *key, *elt; NodeList generators; } comp;
        struct { Node *left; CmpOpKind *ops; NodeList comparators; } compare; /* ops[comparators.n] */
        struct { Node *func; NodeList args, keywords; } call;
        struct { Node *value; int conversion; Node *format_spec; } fvalue; /* conversion: -1, 's', 'r', 'a' */
        struct { NodeList values; } joined;
        struct { ConstValue value; const char *kind; } constant;  /* kind: NULL or "u" */
        struct { Node *value; const char *attr; ExprCtx ctx; } attribute;
        struct { Node *value, *slice; ExprCtx ctx; } subscript;
        struct { Node *value; ExprCtx ctx; } starred;
        struct { const char *id; ExprCtx ctx; } name;
        struct { Node *lower, *upper, *step; } slice;

        struct { Node *target, *iter; NodeList ifs; int is_async; } comprehension;
        struct { Node *type; const char *name; NodeList body; } handler;
        struct { NodeList posonlyargs, args; Node *vararg; NodeList kwonlyargs, kw_defaults;
                 Node *kwarg; NodeList defaults; } arguments;
        struct { const char *arg; Node *annotation; } arg;
        struct { const char *arg; Node *value; } keyword;   /* arg NULL for **x */
        struct { const char *name, *asname; } alias;
        struct { Node *context_expr, *optional_vars; } withitem;
        struct { Node *pattern, *guard; NodeList body; } match_case;

        struct { Node *value; } match_value;
        struct { ConstValue value; } match_singleton;
        struct { NodeList patterns; } match_seq;      /* MatchSequence, MatchOr */
        struct { NodeList keys, patterns; const char *rest; } match_mapping;
        struct { Node *cls; NodeList patterns; NameList kwd_attrs; NodeList kwd_patterns; } match_class;
        struct { const char *name; } match_star;
        struct { Node *pattern; const char *name; } match_as;
    } u;
};

/* The name CPython gives the node class ("FunctionDef", "Name", ...). */
const char *ast_kind_name(NodeKind k);

#endif
