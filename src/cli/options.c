/* options.c - the option syntax `kcv check` and `kcv run` share: "--name=V"
 * or "--name V", integers, NAME=VALUE pairs, --shape and --grid values, and
 * the options both commands take. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *cli_opt_value(CliArgs *a, const char *name, bool *matched) {
    const char *s = a->argv[a->i];
    size_t n = strlen(name);
    *matched = false;
    if (strncmp(s, name, n) != 0) return NULL;
    if (s[n] == '=') {
        *matched = true;
        return s + n + 1;
    }
    if (s[n] != '\0') return NULL;
    *matched = true;
    if (a->i + 1 >= a->argc) {
        fprintf(a->err, "%s: %s needs a value\n", a->cmd, name);
        return NULL;
    }
    return a->argv[++a->i];
}

bool cli_parse_int(const char *s, long long lo, long long hi, long long *out) {
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || errno || v < lo || v > hi) return false;
    *out = v;
    return true;
}

bool cli_split_kv(const char *s, const char **name, const char **value) {
    const char *eq = strchr(s, '=');
    if (!eq || eq == s || !eq[1]) return false;
    *name = kcv_strndup(s, (size_t)(eq - s));
    *value = eq + 1;
    return true;
}

bool cli_parse_shape(const char *s, const char **arg, const char ***dims_out, int *ndims) {
    const char *eq = strchr(s, '=');
    if (!eq || eq == s || !eq[1]) return false;
    Vec(const char *) dims = {0};
    const char *p = eq + 1;
    for (;;) {
        const char *c = strchr(p, ',');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        if (n == 0) {
            for (int i = 0; i < dims.n; i++) kcv_free((char *)dims.v[i]);
            vec_free(&dims);
            return false;
        }
        vec_push(&dims, kcv_strndup(p, n));
        if (!c) break;
        p = c + 1;
    }
    *arg = kcv_strndup(s, (size_t)(eq - s));
    *dims_out = dims.v;
    *ndims = dims.n;
    return true;
}

bool cli_parse_grid(const char *v, int64_t grid[3], int *ndim) {
    *ndim = 0;
    for (const char *p = v; p;) {
        const char *c = strchr(p, ',');
        char buf[32];
        size_t n = c ? (size_t)(c - p) : strlen(p);
        long long g;
        if (n >= sizeof buf || *ndim >= 3) return false;
        memcpy(buf, p, n);
        buf[n] = '\0';
        if (!cli_parse_int(buf, 1, (1LL << 31) - 1, &g)) return false;
        grid[(*ndim)++] = g;
        p = c ? c + 1 : NULL;
    }
    return true;
}

int cli_shared_option(CliArgs *a, const CliShared *sh) {
    const char *s = a->argv[a->i];
    if (strcmp(s, "--") == 0) {
        *sh->options_done = true;
        return 1;
    }
    if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
        fputs(sh->usage, sh->out);
        return 2;
    }
    if (strcmp(s, "--stats") == 0) {
        *sh->stats = true;
        return 1;
    }
    bool m;
    const char *v;
    if ((v = cli_opt_value(a, "--shape", &m)) || m) {
        CheckShape x = {0};
        if (!v || !cli_parse_shape(v, &x.arg, &x.dims, &x.ndims)) {
            if (v) fprintf(a->err, "%s: --shape %s: expected ARG=D0,D1,... (integers or names)\n", a->cmd, v);
            return -1;
        }
        vec_push(sh->owned, (char *)x.arg);
        for (int k = 0; k < x.ndims; k++) vec_push(sh->owned, (char *)x.dims[k]);
        vec_push(sh->shapes, x);
        return 1;
    }
    bool dtype = false;
    if ((v = cli_opt_value(a, "--dtype", &m)) || m) dtype = true;
    else if (!((v = cli_opt_value(a, "--scalar", &m)) || m)) v = NULL;
    if (v || m) {
        CheckKV kv;
        if (!v || !cli_split_kv(v, &kv.name, &kv.value)) {
            if (v)
                fprintf(a->err, "%s: %s %s: expected %s\n", a->cmd, dtype ? "--dtype" : "--scalar", v,
                        dtype ? "ARG=DTYPE" : "NAME=VALUE");
            return -1;
        }
        vec_push(sh->owned, (char *)kv.name);
        vec_push(dtype ? sh->dtypes : sh->scalars, kv);
        return 1;
    }
    if ((v = cli_opt_value(a, "--grid", &m)) || m) {
        if (!v || !cli_parse_grid(v, sh->grid, sh->grid_ndim)) {
            if (v) fprintf(a->err, "%s: --grid %s: expected 1 to 3 positive integers X[,Y[,Z]]\n", a->cmd, v);
            return -1;
        }
        return 1;
    }
    if ((v = cli_opt_value(a, "--target", &m)) || m) {
        if (!v || (strcmp(v, "trn1") != 0 && strcmp(v, "trn2") != 0 && strcmp(v, "trn3") != 0)) {
            if (v) fprintf(a->err, "%s: --target %s: expected trn1, trn2 or trn3\n", a->cmd, v);
            return -1;
        }
        *sh->target = v;
        return 1;
    }
    if ((v = cli_opt_value(a, "--path", &m)) || m) {
        if (!v) return -1;
        vec_push(sh->paths, v);
        return 1;
    }
    return 0;
}
