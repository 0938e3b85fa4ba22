/* profile.c - hardware profiles: a target's constants and its numerical
 * behaviour (nki.h, NkiProfile).  nki_profile_default gives the documented
 * Trainium behaviour of each target; nki_profile_load reads a YAML profile
 * (the shipped ones are in profiles/, whose README.md gives the schema).
 *
 * Sources of the defaults (shared/docs/nki-api.md; tags as there):
 *   constants        target.c (section 1: [D:PM][D:TS][D:A2][D:A3][D:A4][D:N]);
 *   matmul_input     float32, i.e. operands as stored: "Tensor Engine
 *                    multiplies in the input precision" (section 2, [D:L
 *                    nc_matmul][D:A2]);
 *   accumulator      float32: it "accumulates in fp32" (same place);
 *   vector_precision float32: Vector and Scalar engines convert inputs to
 *                    fp32 and compute in fp32 (section 2, [D:A2]);
 *   reduce_order     sequential, fma false, flush_subnormals false: not
 *                    documented; the plainest model (left to right, one
 *                    rounding per operation, IEEE subnormals);
 *   mx_scale         double: quantize_mx "uses a block scale that is two
 *                    times larger" than the OCP sample conversion, NKI
 *                    quantize_mx documentation of SDK 2.32 (nki-api.md
 *                    section 8, nc_matmul_mx and quantize_mx);
 *   out_of_bounds    trap: an out-of-bounds access is an error
 *                    (err_tensor_access_out_of_bound, section 13, [D:ERR]);
 *   uninitialized    nan: nl.ndarray storage is uninitialised (section 4,
 *                    [D:LG]); NaN makes every use of it show.
 *
 * Loading: the file is read whole, parsed with libyaml's document API, and
 * walked twice: first to check everything (so the first error in the file
 * is the one reported, and `target:` may come anywhere), then to apply the
 * keys over the default profile of the file's target.  Error positions are
 * 1-based lines and 1-based columns in bytes, as in kcv's diagnostics.
 */
#include "nki_int.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

static NkiProfile defaults[3];
static bool defaults_made;

static void make_default(NkiProfile *p, const NkiTarget *t)
{
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "%s", t->name);
    p->target = *t;
    p->matmul_input = DT_FLOAT32;
    p->accumulator = DT_FLOAT32;
    p->vector_precision = DT_FLOAT32;
    p->reduce_order = NKI_REDUCE_SEQUENTIAL;
    p->fma = false;
    p->flush_subnormals = false;
    p->mx_scale = NKI_MX_SCALE_DOUBLE;
    p->oob = NKI_OOB_TRAP;
    p->uninit_fill = NKI_FILL_NAN;
    p->fill_value = 0;
}

static const char *const target_names[] = {"trn1", "trn2", "trn3", NULL};   /* the defaults[] order */

const NkiProfile *nki_profile_default(const NkiTarget *t)
{
    if (!defaults_made) {
        for (int i = 0; i < 3; i++)
            make_default(&defaults[i], nki_target_find(target_names[i]));
        defaults_made = true;
    }
    for (int i = 0; i < 3; i++)
        if (t && strcmp(t->name, target_names[i]) == 0)
            return &defaults[i];
    return &defaults[1];
}

const NkiProfile *nki_cur_profile(Interp *I)
{
    NkiCtx *ctx = nki_ctx(I);
    if (ctx->profile)
        return ctx->profile;
    return nki_profile_default(ctx->target);
}

/* ---- the schema --------------------------------------------------------------- */

typedef enum KeyType {
    K_POSINT,      /* a positive integer: an int64_t at `off` */
    K_DTYPE,       /* one of the float dtypes below: an int at `off` */
    K_BOOL,        /* true or false: a bool at `off` */
    K_REDUCE,      /* reduce_order */
    K_MXSCALE,     /* mx_scale */
    K_OOB,         /* out_of_bounds */
    K_FILL,        /* uninitialized: uninit_fill and fill_value */
    K_NAME,        /* the profile's name */
    K_TARGET,      /* trn1, trn2, trn3 */
    K_SECTION,     /* a mapping of the keys `sub` */
} KeyType;

typedef struct Key {
    const char *name;
    KeyType type;
    size_t off;                 /* K_POSINT, K_DTYPE, K_BOOL */
    const struct Key *sub;      /* K_SECTION: its keys, ended by a NULL name */
} Key;

#define CONST_KEY(f) {#f, K_POSINT, offsetof(NkiProfile, target.f), NULL}

static const Key constants_keys[] = {
    CONST_KEY(pmax), CONST_KEY(psum_fmax), CONST_KEY(gemm_stationary_fmax),
    CONST_KEY(gemm_moving_fmax), CONST_KEY(bn_stats_fmax), CONST_KEY(sbuf_partition_bytes),
    CONST_KEY(psum_partition_bytes), CONST_KEY(psum_num_banks),
    CONST_KEY(matmul_moving_max_fp32), CONST_KEY(matmul_moving_max_bf16),
    {NULL, K_POSINT, 0, NULL},
};

static const Key numerics_keys[] = {
    {"matmul_input", K_DTYPE, offsetof(NkiProfile, matmul_input), NULL},
    {"accumulator", K_DTYPE, offsetof(NkiProfile, accumulator), NULL},
    {"vector_precision", K_DTYPE, offsetof(NkiProfile, vector_precision), NULL},
    {"reduce_order", K_REDUCE, 0, NULL},
    {"fma", K_BOOL, offsetof(NkiProfile, fma), NULL},
    {"flush_subnormals", K_BOOL, offsetof(NkiProfile, flush_subnormals), NULL},
    {"mx_scale", K_MXSCALE, 0, NULL},
    {NULL, K_POSINT, 0, NULL},
};

static const Key memory_keys[] = {
    {"out_of_bounds", K_OOB, 0, NULL},
    {"uninitialized", K_FILL, 0, NULL},
    {NULL, K_POSINT, 0, NULL},
};

static const Key top_keys[] = {
    {"name", K_NAME, 0, NULL},
    {"target", K_TARGET, 0, NULL},
    {"constants", K_SECTION, 0, constants_keys},
    {"numerics", K_SECTION, 0, numerics_keys},
    {"memory", K_SECTION, 0, memory_keys},
    {NULL, K_POSINT, 0, NULL},
};

/* The dtypes numerics accepts, and the names of the enumerations. */
static const char *const dtype_names[] = {"float32", "tfloat32", "bfloat16", "float16", NULL};
static const NkiDtype dtype_values[] = {DT_FLOAT32, DT_TFLOAT32, DT_BFLOAT16, DT_FLOAT16};
static const char *const reduce_names[] = {"sequential", "pairwise", NULL};
static const char *const mx_scale_names[] = {"double", "ocp", NULL};
static const char *const oob_names[] = {"trap", "zero", NULL};

/* ---- the loader ------------------------------------------------------------------- */

typedef struct Loader {
    const char *path;
    const unsigned char *text;  /* the file, for byte columns */
    size_t len;
    yaml_document_t *doc;
    char *err;
    size_t errlen;
    const NkiTarget *target;    /* from `target:` (pass 1) */
} Loader;

/* The 1-based byte column of libyaml's mark (whose column counts
 * characters) on its 0-based line. */
static size_t byte_column(const Loader *L, size_t line, size_t chars)
{
    size_t i = 0, l = 0;
    while (l < line && i < L->len) {
        if (L->text[i] == '\n' || (L->text[i] == '\r' && (i + 1 >= L->len || L->text[i + 1] != '\n')))
            l++;
        i++;
    }
    if (i == 0 && L->len >= 3 && memcmp(L->text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;                  /* libyaml does not count a byte order mark */
    size_t start = i;
    for (size_t c = 0; c < chars && i < L->len && L->text[i] != '\n' && L->text[i] != '\r'; c++) {
        i++;
        while (i < L->len && (L->text[i] & 0xC0) == 0x80)
            i++;
    }
    return i - start + 1;
}

static bool verr_at(Loader *L, size_t line, size_t chars, const char *fmt, va_list ap) KCV_PRINTF(4, 0);
static bool verr_at(Loader *L, size_t line, size_t chars, const char *fmt, va_list ap)
{
    int n = snprintf(L->err, L->errlen, "%s:%zu:%zu: ", L->path, line + 1, byte_column(L, line, chars));
    if (n >= 0 && (size_t)n < L->errlen)
        vsnprintf(L->err + n, L->errlen - (size_t)n, fmt, ap);
    return false;
}

/* Writes "PATH:LINE:COL: message" for libyaml mark m; returns false. */
static bool err_at(Loader *L, yaml_mark_t m, const char *fmt, ...) KCV_PRINTF(3, 4);
static bool err_at(Loader *L, yaml_mark_t m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verr_at(L, m.line, m.column, fmt, ap);
    va_end(ap);
    return false;
}

static const char *scalar(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

static bool is_plain(const yaml_node_t *n)
{
    return n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* What node n is, for messages: a mapping, a sequence, nothing, 'x' or
 * the string "x". */
static const char *describe(const yaml_node_t *n, char *buf, size_t size)
{
    if (n->type == YAML_MAPPING_NODE)
        return "a mapping";
    if (n->type == YAML_SEQUENCE_NODE)
        return "a sequence";
    if (n->type != YAML_SCALAR_NODE)
        return "nothing";
    const char *s = scalar(n);
    if (is_plain(n) && s[0] == 0)
        return "nothing";
    snprintf(buf, size, is_plain(n) ? "'%.40s%s'" : "the string \"%.40s%s\"", s, strlen(s) > 40 ? "..." : "");
    return buf;
}

/* "one of a, b, c" */
static const char *list_names(const char *const *names, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = 0;
    for (int i = 0; names[i] && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", names[i]);
    return buf;
}

static const char *list_keys(const Key *keys, char *buf, size_t size)
{
    const char *names[16];
    int n = 0;
    for (; keys[n].name && n < 15; n++)
        names[n] = keys[n].name;
    names[n] = NULL;
    return list_names(names, buf, size);
}

/* A scalar (quoted or not) among `names`; *index gets its position. */
static bool parse_choice(Loader *L, const yaml_node_t *v, const char *what, const char *const *names, int *index)
{
    char d[64], list[256];
    if (v->type != YAML_SCALAR_NODE || scalar(v)[0] == 0)
        return err_at(L, v->start_mark, "%s: expected one of %s, found %s", what,
                      list_names(names, list, sizeof list), describe(v, d, sizeof d));
    for (int i = 0; names[i]; i++)
        if (strcmp(scalar(v), names[i]) == 0) {
            *index = i;
            return true;
        }
    return err_at(L, v->start_mark, "%s: unknown value %s (expected one of %s)", what, describe(v, d, sizeof d),
                  list_names(names, list, sizeof list));
}

static bool parse_posint(Loader *L, const yaml_node_t *v, const char *what, int64_t *out)
{
    char d[64];
    const char *s = is_plain(v) ? scalar(v) : "";
    const char *p = s + (*s == '+' || *s == '-');
    bool digits = *p != 0;
    for (const char *q = p; *q; q++)
        digits = digits && *q >= '0' && *q <= '9';
    if (!digits)
        return err_at(L, v->start_mark, "%s: expected a positive integer, found %s", what, describe(v, d, sizeof d));
    errno = 0;
    long long x = strtoll(s, NULL, 10);
    if (errno == ERANGE)
        return err_at(L, v->start_mark, "%s: %s is out of range", what, s);
    if (x <= 0)
        return err_at(L, v->start_mark, "%s: must be positive, found %s", what, s);
    *out = (int64_t)x;
    return true;
}

static bool parse_bool(Loader *L, const yaml_node_t *v, const char *what, bool *out)
{
    static const char *const names[] = {"true", "false", "True", "False", "TRUE", "FALSE", NULL};
    char d[64];
    if (is_plain(v))
        for (int i = 0; names[i]; i++)
            if (strcmp(scalar(v), names[i]) == 0) {
                *out = i % 2 == 0;
                return true;
            }
    return err_at(L, v->start_mark, "%s: expected true or false, found %s", what, describe(v, d, sizeof d));
}

/* A decimal number: [+-] digits [. digits] [e [+-] digits], or with the
 * digits after the point only. */
static bool decimal_number(const char *s, double *out)
{
    const char *p = s + (*s == '+' || *s == '-');
    int mant = 0;
    while (*p >= '0' && *p <= '9')
        p++, mant++;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            mant++;
    if (mant == 0)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        p += *p == '+' || *p == '-';
        if (!(*p >= '0' && *p <= '9'))
            return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p)
        return false;
    *out = strtod(s, NULL);
    return isfinite(*out);
}

static bool parse_fill(Loader *L, const yaml_node_t *v, const char *what, NkiProfile *p)
{
    char d[64];
    double x;
    if (is_plain(v) && strcmp(scalar(v), "zero") == 0) {
        p->uninit_fill = NKI_FILL_ZERO;
        p->fill_value = 0;
    } else if (is_plain(v) && strcmp(scalar(v), "nan") == 0) {
        p->uninit_fill = NKI_FILL_NAN;
        p->fill_value = 0;
    } else if (is_plain(v) && decimal_number(scalar(v), &x)) {
        p->uninit_fill = NKI_FILL_VALUE;
        p->fill_value = x;
    } else {
        return err_at(L, v->start_mark, "%s: expected zero, nan or a finite number, found %s", what,
                      describe(v, d, sizeof d));
    }
    return true;
}

static bool parse_value(Loader *L, const Key *k, const yaml_node_t *v, const char *what, NkiProfile *p);

/* The keys of mapping m, each once, from `keys`; `section` names it in
 * messages (NULL at the top level). */
static bool parse_mapping(Loader *L, const yaml_node_t *m, const Key *keys, const char *section, NkiProfile *p)
{
    char d[64], list[256];
    if (m->type != YAML_MAPPING_NODE) {
        if (section)
            return err_at(L, m->start_mark, "%s: expected a mapping, found %s", section, describe(m, d, sizeof d));
        return err_at(L, m->start_mark, "expected a mapping of %s, found %s", list_keys(keys, list, sizeof list),
                      describe(m, d, sizeof d));
    }
    const char *in = section ? " in " : "", *sec = section ? section : "";
    for (yaml_node_pair_t *pair = m->data.mapping.pairs.start; pair < m->data.mapping.pairs.top; pair++) {
        yaml_node_t *kn = yaml_document_get_node(L->doc, pair->key);
        yaml_node_t *vn = yaml_document_get_node(L->doc, pair->value);
        if (kn->type != YAML_SCALAR_NODE)
            return err_at(L, kn->start_mark, "expected a key name%s%s, found %s", in, sec, describe(kn, d, sizeof d));
        const char *name = scalar(kn);
        for (yaml_node_pair_t *q = m->data.mapping.pairs.start; q < pair; q++) {
            yaml_node_t *prev = yaml_document_get_node(L->doc, q->key);
            if (prev->type == YAML_SCALAR_NODE && strcmp(scalar(prev), name) == 0)
                return err_at(L, kn->start_mark, "duplicate key '%s'%s%s (first at line %zu)", name, in, sec,
                              prev->start_mark.line + 1);
        }
        const Key *k = keys;
        while (k->name && strcmp(k->name, name) != 0)
            k++;
        if (!k->name)
            return err_at(L, kn->start_mark, "unknown key '%s'%s%s (expected one of %s)", name, in, sec,
                          list_keys(keys, list, sizeof list));
        char what[96];
        snprintf(what, sizeof what, "%s%s%s", sec, section ? "." : "", k->name);
        if (!parse_value(L, k, vn, what, p))
            return false;
    }
    return true;
}

static bool parse_value(Loader *L, const Key *k, const yaml_node_t *v, const char *what, NkiProfile *p)
{
    char d[64];
    int i;
    char *base = (char *)p;
    switch (k->type) {
    case K_POSINT:
        return parse_posint(L, v, what, (int64_t *)(base + k->off));
    case K_DTYPE:
        if (!parse_choice(L, v, what, dtype_names, &i))
            return false;
        *(int *)(base + k->off) = (int)dtype_values[i];
        return true;
    case K_BOOL:
        return parse_bool(L, v, what, (bool *)(base + k->off));
    case K_REDUCE:
        if (!parse_choice(L, v, what, reduce_names, &i))
            return false;
        p->reduce_order = i == 0 ? NKI_REDUCE_SEQUENTIAL : NKI_REDUCE_PAIRWISE;
        return true;
    case K_MXSCALE:
        if (!parse_choice(L, v, what, mx_scale_names, &i))
            return false;
        p->mx_scale = i == 0 ? NKI_MX_SCALE_DOUBLE : NKI_MX_SCALE_OCP;
        return true;
    case K_OOB:
        if (!parse_choice(L, v, what, oob_names, &i))
            return false;
        p->oob = i == 0 ? NKI_OOB_TRAP : NKI_OOB_ZERO;
        return true;
    case K_FILL:
        return parse_fill(L, v, what, p);
    case K_NAME:
        if (v->type != YAML_SCALAR_NODE || (is_plain(v) && scalar(v)[0] == 0))
            return err_at(L, v->start_mark, "name: expected a string, found %s", describe(v, d, sizeof d));
        if (scalar(v)[0] == 0)
            return err_at(L, v->start_mark, "name: must not be empty");
        if (v->data.scalar.length >= sizeof p->name || strlen(scalar(v)) != v->data.scalar.length)
            return err_at(L, v->start_mark, "name: longer than %zu bytes or not text", sizeof p->name - 1);
        snprintf(p->name, sizeof p->name, "%s", scalar(v));
        return true;
    case K_TARGET:
        if (!parse_choice(L, v, what, target_names, &i))
            return false;
        L->target = nki_target_find(target_names[i]);
        return true;
    case K_SECTION:
        return parse_mapping(L, v, k->sub, k->name, p);
    }
    return false;
}

/* Reads all of `path` (a NUL after the end); NULL with errno on failure. */
static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    unsigned char *buf = kcv_malloc(cap);
    for (;;) {
        n += fread(buf + n, 1, cap - n - 1, f);
        if (n < cap - 1)
            break;
        cap *= 2;
        buf = kcv_realloc(buf, cap);
    }
    int bad = ferror(f), saved = errno;
    fclose(f);
    if (bad) {
        kcv_free(buf);
        errno = saved ? saved : EIO;
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

/* libyaml's error, located. */
static bool yaml_error(Loader *L, const yaml_parser_t *ps)
{
    if (ps->error == YAML_MEMORY_ERROR) {
        snprintf(L->err, L->errlen, "%s: out of memory reading the profile", L->path);
        return false;
    }
    if (ps->error == YAML_READER_ERROR) {
        /* problem_offset is a byte offset: find its line and column */
        size_t line = 0, col0 = 0;
        for (size_t i = 0; i < ps->problem_offset && i < L->len; i++)
            if (L->text[i] == '\n')
                line++, col0 = i + 1;
        snprintf(L->err, L->errlen, "%s:%zu:%zu: %s", L->path, line + 1, ps->problem_offset - col0 + 1,
                 ps->problem ? ps->problem : "cannot read the file");
        return false;
    }
    const char *problem = ps->problem ? ps->problem : "syntax error";
    if (ps->context)
        return err_at(L, ps->problem_mark, "YAML syntax error: %s (%s at line %zu)", problem, ps->context,
                      ps->context_mark.line + 1);
    return err_at(L, ps->problem_mark, "YAML syntax error: %s", problem);
}

bool nki_profile_load(const char *path, NkiProfile *out, char *err, size_t errlen)
{
    char dummy[1];
    if (!err || errlen == 0) {
        err = dummy;
        errlen = sizeof dummy;
    }
    err[0] = 0;
    Loader L = {.path = path, .err = err, .errlen = errlen};
    unsigned char *text = read_file(path, &L.len);
    if (!text) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return false;
    }
    L.text = text;

    yaml_parser_t ps;
    yaml_document_t doc;
    bool ok = false, have_doc = false;
    if (!yaml_parser_initialize(&ps)) {
        snprintf(err, errlen, "%s: out of memory reading the profile", path);
        kcv_free(text);
        return false;
    }
    yaml_parser_set_input_string(&ps, text, L.len);
    L.doc = &doc;
    if (!yaml_parser_load(&ps, &doc)) {
        yaml_error(&L, &ps);
        goto done;
    }
    have_doc = true;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    char list[256];
    if (!root) {
        snprintf(err, errlen, "%s:1:1: empty profile (expected a mapping of %s)", path,
                 list_keys(top_keys, list, sizeof list));
        goto done;
    }
    /* a second document is an error */
    yaml_document_t next;
    if (!yaml_parser_load(&ps, &next)) {
        yaml_error(&L, &ps);
        goto done;
    }
    yaml_node_t *next_root = yaml_document_get_root_node(&next);
    if (next_root) {
        err_at(&L, next.start_mark, "a second document (a profile is one mapping)");
        yaml_document_delete(&next);
        goto done;
    }
    yaml_document_delete(&next);

    /* pass 1: check everything, find the target */
    NkiProfile scratch;
    make_default(&scratch, nki_target_default());
    L.target = nki_target_default();
    if (!parse_mapping(&L, root, top_keys, NULL, &scratch))
        goto done;
    /* pass 2: the keys over the target's defaults */
    NkiProfile p = *nki_profile_default(L.target);
    if (!parse_mapping(&L, root, top_keys, NULL, &p))
        goto done;                 /* cannot happen: pass 1 accepted it */
    *out = p;
    ok = true;
done:
    if (have_doc)
        yaml_document_delete(&doc);
    yaml_parser_delete(&ps);
    kcv_free(text);
    return ok;
}
