/* parse.c - the parser's entry points: parse_module (a whole file) and
 * parse_fstring_rule (the expression of an f-string replacement field).
 *
 * Both run the two passes described in parse_int.h and then choose the one
 * error CPython 3.11 would report, in its order of precedence:
 *
 *   1. the tokenizer's error, when the parser reached the token where the
 *      tokenizer failed (CPython's tokenizer is lazy: it fails only there);
 *   2. otherwise the parser's error: one raised in pass 1 (a missing
 *      forced token such as `def f:`, a bad string or number), or one of
 *      pass 2's specialised messages, or the generic "invalid syntax" at the
 *      furthest token pass 1 looked at ("unexpected indent" when that is an
 *      INDENT);
 *   3. but CPython then tokenizes the rest of the file
 *      (_PyPegen_tokenize_full_source_to_check_for_errors): a tokenizer
 *      error it raises as an exception (an invalid character, an
 *      unterminated string, ...) replaces the parser's; at one it only
 *      signals (bad indentation, EOF, ...), the error becomes "'(' was
 *      never closed" if a bracket opened on an earlier line than the
 *      parser's error is still open there.
 *
 * The lexer and strings.c report into private sinks; only the chosen error
 * and the warnings reach the caller's.
 */
#include "parse_int.h"

#include <string.h>

/* Where CPython reports an error at token i.  (The lexer gives INDENT,
 * DEDENT and ENDMARKER, which have no column in CPython, the column CPython
 * uses for an error there.) */
static Loc cpython_token_loc(Parser *p, int i) { return loc_of_token(p, tok_at(p, i)); }

/* RAISE_SYNTAX_ERROR's location: the furthest token looked at. */
void *perr_last(Parser *p, const char *fmt, ...) {
    ParseState *st = p->st;
    if (st->error) return NULL;
    int i = st->fill > 0 ? st->fill - 1 : 0;
    Loc l = cpython_token_loc(p, i);
    StrBuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&b, fmt, ap);
    va_end(ap);
    perr_loc(p, l, "%s", sb_str(&b));
    sb_free(&b);
    return NULL;
}

/* The generic error after both passes, at pass 1's furthest token. */
static void generic_error(Parser *p) {
    ParseState *st = p->st;
    int i = st->fill_pass1 > 0 ? st->fill_pass1 - 1 : 0;
    const Token *t = tok_at(p, i);
    Loc l = cpython_token_loc(p, i);
    st->generic_indent = t->kind == TK_INDENT || t->kind == TK_DEDENT;
    if (t->kind == TK_INDENT) perr_loc(p, l, "unexpected indent");
    else if (t->kind == TK_DEDENT) perr_loc(p, l, "unexpected unindent");
    else perr_loc(p, loc_known_token(p, i), "invalid syntax");
}

/* Runs `rule` over the tokens: pass 1, then if it failed without an error,
 * pass 2 for the message.  Returns the rule's result or NULL with the error
 * in p->st. */
static Node *run_passes(Parser *p, Node *(*rule)(Parser *)) {
    ParseState *st = p->st;
    int depth0 = p->depth;
    p->pos = 0;
    Node *r = rule(p);
    p->depth = depth0;
    if (r || st->error) return r;
    st->fill_pass1 = st->fill;
    pstate_reset_pass(st);
    st->second_pass = st->call_invalid = true;
    p->pos = 0;
    rule(p);
    p->depth = depth0;
    if (!st->error) generic_error(p);
    return NULL;
}

/* Moves the diagnostics of `from` (all, or only non-errors) into `to`. */
static void move_diags(DiagSink *to, DiagSink *from, bool errors) {
    for (int i = 0; i < from->diags.n; i++) {
        Diag *d = &from->diags.v[i];
        if (d->sev == SEV_ERROR && !errors) continue;
        Diag copy = *d;
        copy.seq = to->next_seq++;
        if (copy.sev == SEV_ERROR) to->errors++;
        if (copy.sev == SEV_WARNING) to->warnings++;
        vec_push(&to->diags, copy);
        d->message = NULL;
        d->notes = NULL;
        d->nnotes = 0;
    }
}

static Diag *first_error(DiagSink *s) {
    for (int i = 0; i < s->diags.n; i++)
        if (s->diags.v[i].sev == SEV_ERROR) return &s->diags.v[i];
    return NULL;
}

static void move_one(DiagSink *to, Diag *d) {
    Diag copy = *d;
    copy.seq = to->next_seq++;
    to->errors++;
    vec_push(&to->diags, copy);
    d->message = NULL;
    d->notes = NULL;
    d->nnotes = 0;
}

/* The innermost bracket still open before token `end`, or -1. */
static int innermost_open_bracket(const Parser *p, int end) {
    Vec(int) stack = {0};
    for (int i = 0; i < end; i++) {
        const Token *t = &p->toks.v[i];
        if (t->kind != TK_OP) continue;
        if (t->op == OPK_LPAR || t->op == OPK_LSQB || t->op == OPK_LBRACE) vec_push(&stack, i);
        else if ((t->op == OPK_RPAR || t->op == OPK_RSQB || t->op == OPK_RBRACE) && stack.n > 0) stack.n--;
    }
    int r = stack.n > 0 ? stack.v[stack.n - 1] : -1;
    vec_free(&stack);
    return r;
}

Node *parse_module(const SourceFile *file, Interner *names, Arena *arena, DiagSink *diags) {
    DiagSink lexd, parsed;
    diag_init(&lexd);
    diag_init(&parsed);
    TokenArray toks = {NULL, 0};
    LexOptions opt = {1, 0, false};
    bool lexed = lex_tokens(file, file->text, file->len, &opt, names, arena, &lexd, &toks);

    Node *mod = NULL;
    Diag *lex_err = first_error(&lexd);
    if (toks.n == 0) {
        /* Nothing to parse: the lexer said why. */
        if (!lex_err) {
            Loc l = {file, 1, 0, 1, 0};
            diag_report(&lexd, SEV_ERROR, l, "syntax", "invalid syntax");
        }
        move_diags(diags, &lexd, true);
        diag_free(&lexd);
        diag_free(&parsed);
        return NULL;
    }
    Parser p;
    memset(&p, 0, sizeof p);
    p.file = file;
    p.names = names;
    p.arena = arena;
    p.diags = &parsed;
    p.toks = toks;
    ParseState st;
    pstate_init(&st);
    p.st = &st;
    mod = run_passes(&p, parse_file);

    move_diags(diags, &lexd, false);
    move_diags(diags, &parsed, false);
    if (!mod) {
        p.failed = true;
        /* The lexer's error token, and whether CPython would let it win. */
        const Token *et = !lexed && toks.n >= 2 && toks.v[toks.n - 2].kind == TK_ERROR ? &toks.v[toks.n - 2] : NULL;
        int err_line = tok_at(&p, st.fill > 0 ? st.fill - 1 : 0)->line;
        bool lex_wins = st.lex_hit;
        int unclosed = -1;
        if (!lex_wins && et && lex_err && !st.generic_indent) {
            /* CPython tokenizes on to the error: a tokenizer error it raises
             * itself wins; at one it only signals, if a bracket opened on an
             * earlier line than the parser's error is still open there, the
             * error becomes "'(' was never closed". */
            if (et->op == LEXERR_IMMEDIATE) {
                lex_wins = true;
            } else {
                int b = innermost_open_bracket(&p, (int)(et - toks.v));
                if (b >= 0 && toks.v[b].line < err_line) unclosed = b;
            }
        }
        if (unclosed >= 0) {
            const Token *t = &toks.v[unclosed];
            diag_report(diags, SEV_ERROR, loc_of_token(&p, t), "syntax", "'%c' was never closed", t->start[0]);
        } else if (lex_wins) {
            if (lex_err) move_one(diags, lex_err);
            else diag_report(diags, SEV_ERROR, loc_of_token(&p, tok_at(&p, toks.n - 1)), "syntax", "invalid syntax");
        } else if (st.err_in_sink && first_error(&parsed)) {
            move_one(diags, first_error(&parsed));
        } else {
            diag_report(diags, SEV_ERROR, st.err_loc, "syntax", "%s", st.err_msg ? st.err_msg : "invalid syntax");
        }
    }
    pstate_free(&st);
    diag_free(&lexd);
    diag_free(&parsed);
    return mod;
}

Node *parse_fstring_rule(Parser *p) {
    ParseState st;
    pstate_init(&st);
    st.fstring = true;
    ParseState *saved = p->st;
    p->st = &st;
    Node *r = run_passes(p, parse_fstring_body);
    if (!r) {
        p->failed = true;
        /* The lexer's own error and strings.c's were reported already. */
        if (!st.lex_hit && !st.err_in_sink) {
            /* CPython reports columns relative to the "(" that strings.c put
             * before the field (its starting_col_offset), which the lexer
             * placed at the column of the first token. */
            Loc l = st.err_loc;
            int base = p->toks.n > 0 ? p->toks.v[0].col : 0;
            l.col = l.col - base < 0 ? 0 : l.col - base;
            l.end_col = l.end_col - base < 0 ? 0 : l.end_col - base;
            diag_report(p->diags, SEV_ERROR, l, "syntax", "%s", st.err_msg ? st.err_msg : "invalid syntax");
        }
    }
    pstate_free(&st);
    p->st = saved;
    return r;
}
