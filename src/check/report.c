/* report.c - the verdicts of `kcv check`, as text, JSON or SARIF 2.1.0.
 *
 * Text: the diagnostics of each kernel through the DiagSink printer
 * (sorted, GCC-style, with the contract quoted and the counterexample in
 * notes), then one summary line per kernel, with the assumptions of each
 * verified kernel.  JSON: {"kernels": [...]} (key order fixed).  SARIF: one
 * run, the rules used, one result per diagnostic with the counterexample in
 * its properties.  Nothing depends on addresses or timing.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "check_int.h"
#include "kcv.h"

const char *verdict_name(Verdict v) {
    switch (v) {
    case VERDICT_VERIFIED: return "verified";
    case VERDICT_VIOLATED: return "violated";
    case VERDICT_UNKNOWN: return "unknown";
    }
    return "unknown";
}

static const char *severity_name(Severity s) {
    switch (s) {
    case SEV_NOTE: return "note";
    case SEV_WARNING: return "warning";
    case SEV_ERROR: return "error";
    }
    return "error";
}

void check_diag_free(CheckDiag *d) {
    kcv_free(d->rule);
    kcv_free(d->message);
    for (int i = 0; i < d->notes.n; i++) kcv_free(d->notes.v[i].text);
    vec_free(&d->notes);
    sym_cex_free(d->cex, d->ncex);
}

static void strvec_free(StrVec *v) {
    for (int i = 0; i < v->n; i++) kcv_free(v->v[i]);
    vec_free(v);
}

void kernel_result_free(KernelResult *k) {
    kcv_free(k->file);
    kcv_free(k->name);
    strvec_free(&k->reasons);
    strvec_free(&k->assumptions);
    for (int i = 0; i < k->diags.n; i++) check_diag_free(&k->diags.v[i]);
    vec_free(&k->diags);
}

/* "K=256, M=64, m=1" */
static void cex_text(StrBuf *b, const CheckDiag *d) {
    for (int i = 0; i < d->ncex; i++) sb_printf(b, "%s%s=%s", i ? ", " : "", d->cex[i].name, d->cex[i].value);
}

/* ---- text ------------------------------------------------------------------------- */

static void print_diags(const CheckDiagVec *v, StrBuf *out, bool color) {
    if (!v->n) return;
    DiagSink s;
    diag_init(&s);
    for (int i = 0; i < v->n; i++) {
        const CheckDiag *cd = &v->v[i];
        Diag *d = diag_report(&s, cd->sev, cd->loc, cd->rule, "%s", cd->message);
        for (int j = 0; j < cd->notes.n; j++) diag_note(d, cd->notes.v[j].loc, "%s", cd->notes.v[j].text);
        if (cd->ncex) {
            StrBuf b = {0};
            cex_text(&b, cd);
            diag_note(d, (Loc){0}, "counterexample: %s", sb_str(&b));
            sb_free(&b);
        }
    }
    diag_print_all(&s, out, color);
    diag_free(&s);
}

static int count_errors(const KernelResult *k) {
    int n = 0;
    for (int i = 0; i < k->diags.n; i++) n += k->diags.v[i].sev == SEV_ERROR;
    return n;
}

static void print_text(CheckRun *run, StrBuf *out, bool several_files) {
    bool color = run->opt->color;
    print_diags(&run->file_diags, out, color);
    for (int i = 0; i < run->kernels.n; i++) print_diags(&run->kernels.v[i].diags, out, color);
    for (int i = 0; i < run->kernels.n; i++) {
        const KernelResult *k = &run->kernels.v[i];
        if (several_files) sb_printf(out, "%s: ", k->file);
        sb_printf(out, "kernel %s: %s", k->name, verdict_name(k->verdict));
        if (k->verdict == VERDICT_VIOLATED) {
            int n = count_errors(k);
            sb_printf(out, " (%d violation%s)", n, n == 1 ? "" : "s");
        } else if (k->verdict == VERDICT_UNKNOWN) {
            sb_puts(out, " (");
            for (int j = 0; j < k->reasons.n; j++) sb_printf(out, "%s%s", j ? "; " : "", k->reasons.v[j]);
            sb_putc(out, ')');
        }
        sb_putc(out, '\n');
        if (k->verdict == VERDICT_VERIFIED)
            for (int j = 0; j < k->assumptions.n; j++) sb_printf(out, "  assuming %s\n", k->assumptions.v[j]);
    }
}

/* ---- JSON ----------------------------------------------------------------------------- */

/* A counterexample value as JSON: ints and booleans as such. */
static json_t *cex_value(const char *s) {
    if (strcmp(s, "True") == 0) return json_true();
    if (strcmp(s, "False") == 0) return json_false();
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*s && !*end) return json_integer(v);
    return json_string(s);
}

static json_t *cex_object(const CheckDiag *d) {
    json_t *o = json_object();
    for (int i = 0; i < d->ncex; i++) json_object_set_new(o, d->cex[i].name, cex_value(d->cex[i].value));
    return o;
}

static const char *loc_file(const Loc *l) { return l->file ? l->file->path : ""; }

/* Diagnostics in printing order (file, line, column, as recorded). */
static int cmp_diag_ptr(const void *a, const void *b) {
    const CheckDiag *x = *(const CheckDiag *const *)a, *y = *(const CheckDiag *const *)b;
    int c = strcmp(loc_file(&x->loc), loc_file(&y->loc));
    if (c) return c;
    if (x->loc.line != y->loc.line) return x->loc.line < y->loc.line ? -1 : 1;
    if (x->loc.col != y->loc.col) return x->loc.col < y->loc.col ? -1 : 1;
    return x < y ? -1 : x > y;
}

static const CheckDiag **sorted_diags(const CheckDiagVec *v) {
    const CheckDiag **p = kcv_malloc(sizeof *p * (size_t)(v->n ? v->n : 1));
    for (int i = 0; i < v->n; i++) p[i] = &v->v[i];
    if (v->n > 1) qsort(p, (size_t)v->n, sizeof *p, cmp_diag_ptr);
    return p;
}

static json_t *json_report(CheckRun *run) {
    json_t *root = json_object();
    json_t *kernels = json_array();
    for (int i = 0; i < run->kernels.n; i++) {
        const KernelResult *k = &run->kernels.v[i];
        json_t *o = json_object();
        json_object_set_new(o, "file", json_string(k->file));
        json_object_set_new(o, "name", json_string(k->name));
        json_object_set_new(o, "verdict", json_string(verdict_name(k->verdict)));
        json_t *as = json_array();
        for (int j = 0; j < k->assumptions.n; j++) json_array_append_new(as, json_string(k->assumptions.v[j]));
        json_object_set_new(o, "assumptions", as);
        if (k->verdict == VERDICT_UNKNOWN && k->reasons.n) {
            StrBuf b = {0};
            for (int j = 0; j < k->reasons.n; j++) sb_printf(&b, "%s%s", j ? "; " : "", k->reasons.v[j]);
            json_object_set_new(o, "reason", json_string(sb_str(&b)));
            sb_free(&b);
        }
        json_t *ds = json_array();
        const CheckDiag **sd = sorted_diags(&k->diags);
        for (int j = 0; j < k->diags.n; j++) {
            const CheckDiag *d = sd[j];
            json_t *x = json_object();
            json_object_set_new(x, "rule", json_string(d->rule));
            json_object_set_new(x, "severity", json_string(severity_name(d->sev)));
            json_object_set_new(x, "file", json_string(loc_file(&d->loc)));
            json_object_set_new(x, "line", json_integer(d->loc.line));
            json_object_set_new(x, "col", json_integer(d->loc.file ? d->loc.col + 1 : 0));
            json_object_set_new(x, "message", json_string(d->message));
            json_object_set_new(x, "counterexample", cex_object(d));
            json_array_append_new(ds, x);
        }
        kcv_free(sd);
        json_object_set_new(o, "diagnostics", ds);
        json_array_append_new(kernels, o);
    }
    json_object_set_new(root, "kernels", kernels);
    return root;
}

/* ---- SARIF 2.1.0 ---------------------------------------------------------------------- */

/* A relative path as a URI reference: percent-encodes what is not unreserved. */
static char *uri_of(const char *path) {
    StrBuf b = {0};
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            sb_putc(&b, (char)*p);
        else
            sb_printf(&b, "%%%02X", *p);
    }
    char *s = kcv_strndup(sb_str(&b), b.len);
    sb_free(&b);
    return s;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static json_t *sarif_location(const Loc *l) {
    json_t *loc = json_object();
    json_t *phys = json_object();
    json_t *art = json_object();
    char *uri = uri_of(loc_file(l));
    json_object_set_new(art, "uri", json_string(uri));
    kcv_free(uri);
    json_object_set_new(phys, "artifactLocation", art);
    json_t *region = json_object();
    json_object_set_new(region, "startLine", json_integer(l->line > 0 ? l->line : 1));
    json_object_set_new(region, "startColumn", json_integer(l->col + 1));
    json_object_set_new(phys, "region", region);
    json_object_set_new(loc, "physicalLocation", phys);
    return loc;
}

static json_t *sarif_report(CheckRun *run) {
    /* the rules used, sorted */
    Vec(const char *) rules = {0};
    for (int i = 0; i < run->kernels.n; i++) {
        const KernelResult *k = &run->kernels.v[i];
        for (int j = 0; j < k->diags.n; j++) {
            bool seen = false;
            for (int r = 0; r < rules.n; r++) seen |= strcmp(rules.v[r], k->diags.v[j].rule) == 0;
            if (!seen) vec_push(&rules, k->diags.v[j].rule);
        }
    }
    if (rules.n > 1) qsort(rules.v, (size_t)rules.n, sizeof(char *), cmp_str);

    json_t *root = json_object();
    json_object_set_new(root, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
    json_object_set_new(root, "version", json_string("2.1.0"));
    json_t *runs = json_array();
    json_t *r0 = json_object();
    json_t *tool = json_object();
    json_t *driver = json_object();
    json_object_set_new(driver, "name", json_string("kcv"));
    json_object_set_new(driver, "version", json_string(KCV_VERSION));
    json_t *jrules = json_array();
    for (int i = 0; i < rules.n; i++) {
        json_t *r = json_object();
        json_object_set_new(r, "id", json_string(rules.v[i]));
        json_t *sd = json_object();
        StrBuf b = {0};
        sb_printf(&b, "kcv check: %s", rules.v[i]);
        json_object_set_new(sd, "text", json_string(sb_str(&b)));
        sb_free(&b);
        json_object_set_new(r, "shortDescription", sd);
        json_array_append_new(jrules, r);
    }
    json_object_set_new(driver, "rules", jrules);
    json_object_set_new(tool, "driver", driver);
    json_object_set_new(r0, "tool", tool);

    json_t *results = json_array();
    json_t *verdicts = json_array();
    for (int i = 0; i < run->kernels.n; i++) {
        const KernelResult *k = &run->kernels.v[i];
        const CheckDiag **sd = sorted_diags(&k->diags);
        for (int j = 0; j < k->diags.n; j++) {
            const CheckDiag *d = sd[j];
            json_t *res = json_object();
            json_object_set_new(res, "ruleId", json_string(d->rule));
            int ri = 0;
            for (int r = 0; r < rules.n; r++)
                if (strcmp(rules.v[r], d->rule) == 0) ri = r;
            json_object_set_new(res, "ruleIndex", json_integer(ri));
            json_object_set_new(res, "level", json_string(d->sev == SEV_ERROR ? "error" : d->sev == SEV_WARNING ? "warning" : "note"));
            json_t *msg = json_object();
            json_object_set_new(msg, "text", json_string(d->message));
            json_object_set_new(res, "message", msg);
            json_t *locs = json_array();
            json_array_append_new(locs, sarif_location(&d->loc));
            json_object_set_new(res, "locations", locs);
            json_t *props = json_object();
            json_object_set_new(props, "kernel", json_string(k->name));
            json_object_set_new(props, "counterexample", cex_object(d));
            for (int n = 0; n < d->notes.n; n++) {
                if (strncmp(d->notes.v[n].text, "contract: ", 10) == 0) {
                    json_object_set_new(props, "contract", json_string(d->notes.v[n].text + 10));
                    break;
                }
            }
            json_object_set_new(res, "properties", props);
            json_array_append_new(results, res);
        }
        kcv_free(sd);
        json_t *v = json_object();
        json_object_set_new(v, "file", json_string(k->file));
        json_object_set_new(v, "name", json_string(k->name));
        json_object_set_new(v, "verdict", json_string(verdict_name(k->verdict)));
        json_array_append_new(verdicts, v);
    }
    json_object_set_new(r0, "results", results);
    json_t *rprops = json_object();
    json_object_set_new(rprops, "kernels", verdicts);
    json_object_set_new(r0, "properties", rprops);
    json_array_append_new(runs, r0);
    json_object_set_new(root, "runs", runs);
    vec_free(&rules);
    return root;
}

/* ---- entry ----------------------------------------------------------------------------- */

void report_print(CheckRun *run, FILE *out) {
    bool several_files = false;
    for (int i = 1; i < run->kernels.n; i++)
        several_files |= strcmp(run->kernels.v[i].file, run->kernels.v[0].file) != 0;
    StrBuf text = {0};
    if (run->opt->format == CHECK_FORMAT_TEXT) {
        print_text(run, &text, several_files);
        fwrite(sb_str(&text), 1, text.len, out);
        sb_free(&text);
        return;
    }
    /* problems with the inputs themselves go to err in machine formats */
    print_diags(&run->file_diags, &text, false);
    if (text.len) fwrite(sb_str(&text), 1, text.len, run->err);
    sb_free(&text);
    json_t *root = run->opt->format == CHECK_FORMAT_JSON ? json_report(run) : sarif_report(run);
    char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (s) {
        fputs(s, out);
        fputc('\n', out);
        free(s);
    }
    json_decref(root);
}
