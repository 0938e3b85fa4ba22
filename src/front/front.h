/* front.h - the front end: Python source text to syntax tree, and the tree
 * back to text in CPython's ast.dump format.  Depends on base only. */
#ifndef KCV_FRONT_H
#define KCV_FRONT_H

#include "../base/base.h"
#include "ast.h"

/* Limits that turn pathological input into a located error instead of a
 * stack overflow (CPython's own limits are similar). */
enum {
    FRONT_MAX_NESTING = 200,   /* nested brackets / expression depth */
    FRONT_MAX_INDENT = 100,    /* indentation levels */
};

/* Parses the whole of `file` as a module.  Nodes and strings are allocated in
 * `arena`, identifiers interned in `names`.  Syntax errors go to `diags`
 * (code "syntax"); returns NULL when there was any. */
Node *parse_module(const SourceFile *file, Interner *names, Arena *arena, DiagSink *diags);

/* Appends the tree as CPython 3.11's ast.dump(node) would print it, or with
 * include_attributes=True when `locations` is set. */
void ast_dump(StrBuf *out, const Node *node, bool locations);

#endif
