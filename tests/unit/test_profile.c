/* test_profile.c - unit tests of hardware profiles (src/nki/profile.c):
 * the shipped files of profiles/ (KCV_PROFILES_DIR, set by
 * tests/CMakeLists.txt) load and hold the documented values, trn1/2/3.yaml
 * equal the built-in defaults, every key overrides its field, and every
 * error is reported with its exact message and line:column (temp files). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "nki/nki_int.h"

#ifndef KCV_PROFILES_DIR
#error "KCV_PROFILES_DIR (the profiles/ folder) must be defined by the build"
#endif

/* ---- helpers ------------------------------------------------------------------ */

static char tmpdir[64];

static int make_tmpdir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/kcv-profile-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/p.yaml", tmpdir);
    unlink(path);
    return rmdir(tmpdir);
}

/* Writes `text` to TMPDIR/p.yaml and returns the path (static). */
static const char *write_profile(const char *text)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/p.yaml", tmpdir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
    return path;
}

static void load_ok(const char *path, NkiProfile *p)
{
    char err[512] = "";
    bool ok = nki_profile_load(path, p, err, sizeof err);
    if (!ok)
        fprintf(stderr, "unexpected error: %s\n", err);
    assert_true(ok);
    assert_string_equal(err, "");
}

static const char *shipped(const char *file)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", KCV_PROFILES_DIR, file);
    return path;
}

/* Every field of two profiles equal (field by field: the struct has
 * padding, and target.name is a pointer to static text). */
static void assert_profiles_equal(const NkiProfile *a, const NkiProfile *b)
{
    assert_string_equal(a->name, b->name);
    assert_string_equal(a->target.name, b->target.name);
    assert_int_equal(a->target.nc_version, b->target.nc_version);
    assert_int_equal(a->target.pmax, b->target.pmax);
    assert_int_equal(a->target.psum_fmax, b->target.psum_fmax);
    assert_int_equal(a->target.gemm_stationary_fmax, b->target.gemm_stationary_fmax);
    assert_int_equal(a->target.gemm_moving_fmax, b->target.gemm_moving_fmax);
    assert_int_equal(a->target.bn_stats_fmax, b->target.bn_stats_fmax);
    assert_int_equal(a->target.sbuf_partition_bytes, b->target.sbuf_partition_bytes);
    assert_int_equal(a->target.psum_partition_bytes, b->target.psum_partition_bytes);
    assert_int_equal(a->target.psum_num_banks, b->target.psum_num_banks);
    assert_int_equal(a->target.matmul_moving_max_fp32, b->target.matmul_moving_max_fp32);
    assert_int_equal(a->target.matmul_moving_max_bf16, b->target.matmul_moving_max_bf16);
    assert_int_equal(a->matmul_input, b->matmul_input);
    assert_int_equal(a->accumulator, b->accumulator);
    assert_int_equal(a->vector_precision, b->vector_precision);
    assert_int_equal(a->reduce_order, b->reduce_order);
    assert_int_equal(a->fma, b->fma);
    assert_int_equal(a->flush_subnormals, b->flush_subnormals);
    assert_int_equal(a->mx_scale, b->mx_scale);
    assert_int_equal(a->oob, b->oob);
    assert_int_equal(a->uninit_fill, b->uninit_fill);
    assert_true(a->fill_value == b->fill_value);
}

/* ---- the shipped profiles --------------------------------------------------------- */

static void test_shipped_defaults(void **state)
{
    (void)state;
    /* the documented numbers (shared/docs/nki-api.md section 1), per target */
    const struct { const char *name; int nc; int64_t sbuf, mm32, mm16; } t[] = {
        {"trn1", 2, 192 * 1024, 512, 512},
        {"trn2", 3, 224 * 1024, 512, 512},
        {"trn3", 4, 256 * 1024, 4096, 8192},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char file[32];
        snprintf(file, sizeof file, "%s.yaml", t[i].name);
        NkiProfile p;
        load_ok(shipped(file), &p);
        assert_string_equal(p.name, t[i].name);
        assert_string_equal(p.target.name, t[i].name);
        assert_int_equal(p.target.nc_version, t[i].nc);
        assert_int_equal(p.target.pmax, 128);
        assert_int_equal(p.target.psum_fmax, 512);
        assert_int_equal(p.target.gemm_stationary_fmax, 128);
        assert_int_equal(p.target.gemm_moving_fmax, 512);
        assert_int_equal(p.target.bn_stats_fmax, 512);
        assert_int_equal(p.target.sbuf_partition_bytes, t[i].sbuf);
        assert_int_equal(p.target.psum_partition_bytes, 16 * 1024);
        assert_int_equal(p.target.psum_num_banks, 8);
        assert_int_equal(p.target.matmul_moving_max_fp32, t[i].mm32);
        assert_int_equal(p.target.matmul_moving_max_bf16, t[i].mm16);
        assert_int_equal(p.matmul_input, DT_FLOAT32);
        assert_int_equal(p.accumulator, DT_FLOAT32);
        assert_int_equal(p.vector_precision, DT_FLOAT32);
        assert_int_equal(p.reduce_order, NKI_REDUCE_SEQUENTIAL);
        assert_false(p.fma);
        assert_false(p.flush_subnormals);
        assert_int_equal(p.mx_scale, NKI_MX_SCALE_DOUBLE);
        assert_int_equal(p.oob, NKI_OOB_TRAP);
        assert_int_equal(p.uninit_fill, NKI_FILL_NAN);
        /* the file is the built-in default, and so is the target table */
        const NkiTarget *tg = nki_target_find(t[i].name);
        assert_non_null(tg);
        assert_profiles_equal(&p, nki_profile_default(tg));
        assert_int_equal(tg->sbuf_partition_bytes, t[i].sbuf);
    }
    /* trn2 is the default target */
    assert_string_equal(nki_profile_default(NULL)->name, "trn2");
}

static void test_shipped_alternatives(void **state)
{
    (void)state;
    const NkiProfile *trn2 = nki_profile_default(nki_target_find("trn2"));
    NkiProfile p, want;

    load_ok(shipped("tf32-matmul.yaml"), &p);
    want = *trn2;
    snprintf(want.name, sizeof want.name, "tf32-matmul");
    want.matmul_input = DT_TFLOAT32;
    assert_profiles_equal(&p, &want);

    load_ok(shipped("lenient-oob.yaml"), &p);
    want = *trn2;
    snprintf(want.name, sizeof want.name, "lenient-oob");
    want.oob = NKI_OOB_ZERO;
    want.uninit_fill = NKI_FILL_ZERO;
    assert_profiles_equal(&p, &want);

    load_ok(shipped("mx-ocp.yaml"), &p);
    want = *nki_profile_default(nki_target_find("trn3"));
    snprintf(want.name, sizeof want.name, "mx-ocp");
    want.mx_scale = NKI_MX_SCALE_OCP;
    assert_profiles_equal(&p, &want);
}

/* ---- every key ------------------------------------------------------------------------ */

static void test_every_key(void **state)
{
    (void)state;
    NkiProfile p;
    /* target last: the defaults still come from it */
    load_ok(write_profile("name: custom chip\n"
                          "constants:\n"
                          "  pmax: 64\n"
                          "  psum_fmax: 256\n"
                          "  gemm_stationary_fmax: 96\n"
                          "  gemm_moving_fmax: 384\n"
                          "  bn_stats_fmax: 1024\n"
                          "  sbuf_partition_bytes: 100000\n"
                          "  psum_partition_bytes: 8192\n"
                          "  psum_num_banks: 4\n"
                          "  matmul_moving_max_fp32: 2048\n"
                          "  matmul_moving_max_bf16: +4096\n"
                          "numerics:\n"
                          "  matmul_input: bfloat16\n"
                          "  accumulator: 'float16'\n"
                          "  vector_precision: \"tfloat32\"\n"
                          "  reduce_order: pairwise\n"
                          "  fma: true\n"
                          "  flush_subnormals: True\n"
                          "  mx_scale: ocp\n"
                          "memory:\n"
                          "  out_of_bounds: zero\n"
                          "  uninitialized: -1.5e3\n"
                          "target: trn3\n"),
            &p);
    assert_string_equal(p.name, "custom chip");
    assert_string_equal(p.target.name, "trn3");
    assert_int_equal(p.target.nc_version, 4);
    assert_int_equal(p.target.pmax, 64);
    assert_int_equal(p.target.psum_fmax, 256);
    assert_int_equal(p.target.gemm_stationary_fmax, 96);
    assert_int_equal(p.target.gemm_moving_fmax, 384);
    assert_int_equal(p.target.bn_stats_fmax, 1024);
    assert_int_equal(p.target.sbuf_partition_bytes, 100000);
    assert_int_equal(p.target.psum_partition_bytes, 8192);
    assert_int_equal(p.target.psum_num_banks, 4);
    assert_int_equal(p.target.matmul_moving_max_fp32, 2048);
    assert_int_equal(p.target.matmul_moving_max_bf16, 4096);
    assert_int_equal(p.matmul_input, DT_BFLOAT16);
    assert_int_equal(p.accumulator, DT_FLOAT16);
    assert_int_equal(p.vector_precision, DT_TFLOAT32);
    assert_int_equal(p.reduce_order, NKI_REDUCE_PAIRWISE);
    assert_true(p.fma);
    assert_true(p.flush_subnormals);
    assert_int_equal(p.mx_scale, NKI_MX_SCALE_OCP);
    assert_int_equal(p.oob, NKI_OOB_ZERO);
    assert_int_equal(p.uninit_fill, NKI_FILL_VALUE);
    assert_true(p.fill_value == -1500.0);

    /* keys left out keep the target's defaults; no name: the target's */
    load_ok(write_profile("target: trn1\nconstants: {pmax: 32}\nmemory:\n  uninitialized: 0\n"), &p);
    NkiProfile want = *nki_profile_default(nki_target_find("trn1"));
    want.target.pmax = 32;
    want.uninit_fill = NKI_FILL_VALUE;
    want.fill_value = 0;
    assert_profiles_equal(&p, &want);

    /* no target: trn2; uninitialized: zero and nan */
    load_ok(write_profile("memory: {uninitialized: zero}\n"), &p);
    want = *nki_profile_default(nki_target_find("trn2"));
    want.uninit_fill = NKI_FILL_ZERO;
    assert_profiles_equal(&p, &want);
    load_ok(write_profile("# only a comment and a name\nname: x\nmemory: {uninitialized: nan, out_of_bounds: trap}\n"),
            &p);
    snprintf(want.name, sizeof want.name, "x");
    want.uninit_fill = NKI_FILL_NAN;
    assert_profiles_equal(&p, &want);

    /* a profile that fails leaves *out alone */
    NkiProfile before = p;
    char err[256];
    assert_false(nki_profile_load(write_profile("target: trn1\nfoo: 1\n"), &p, err, sizeof err));
    assert_profiles_equal(&p, &before);
}

/* ---- errors -------------------------------------------------------------------------- */

typedef struct ErrCase {
    const char *text;
    const char *want;     /* after "PATH" */
} ErrCase;

static const ErrCase err_cases[] = {
    /* unknown keys, at the key */
    {"name: x\nfoo: 1\n",
     ":2:1: unknown key 'foo' (expected one of name, target, constants, numerics, memory)"},
    {"numerics:\n  fma: true\n  fma2: false\n",
     ":3:3: unknown key 'fma2' in numerics (expected one of matmul_input, accumulator, vector_precision, "
     "reduce_order, fma, flush_subnormals, mx_scale)"},
    {"constants:\n  pmax: 64\n  sbuf_bytes: 1\n",
     ":3:3: unknown key 'sbuf_bytes' in constants (expected one of pmax, psum_fmax, gemm_stationary_fmax, "
     "gemm_moving_fmax, bn_stats_fmax, sbuf_partition_bytes, psum_partition_bytes, psum_num_banks, "
     "matmul_moving_max_fp32, matmul_moving_max_bf16)"},
    {"memory:\n    oob: zero\n",
     ":2:5: unknown key 'oob' in memory (expected one of out_of_bounds, uninitialized)"},
    /* duplicate keys, at the second */
    {"target: trn1\ntarget: trn2\n", ":2:1: duplicate key 'target' (first at line 1)"},
    {"constants:\n  pmax: 64\n  psum_fmax: 256\n  pmax: 32\n",
     ":4:3: duplicate key 'pmax' in constants (first at line 2)"},
    {"numerics: {fma: true, fma: false}\n", ":1:23: duplicate key 'fma' in numerics (first at line 1)"},
    /* constants: positive integers */
    {"constants:\n  pmax: 0\n", ":2:9: constants.pmax: must be positive, found 0"},
    {"constants:\n  psum_num_banks: -8\n", ":2:19: constants.psum_num_banks: must be positive, found -8"},
    {"constants:\n  pmax: \"128\"\n", ":2:9: constants.pmax: expected a positive integer, found the string \"128\""},
    {"constants:\n  pmax: 1.5\n", ":2:9: constants.pmax: expected a positive integer, found '1.5'"},
    {"constants:\n  pmax: [1]\n", ":2:9: constants.pmax: expected a positive integer, found a sequence"},
    {"constants:\n  pmax:\n  psum_fmax: 1\n", ":2:8: constants.pmax: expected a positive integer, found nothing"},
    {"constants:\n  pmax: 99999999999999999999\n", ":2:9: constants.pmax: 99999999999999999999 is out of range"},
    /* numerics */
    {"numerics:\n  fma: yes\n", ":2:8: numerics.fma: expected true or false, found 'yes'"},
    {"numerics:\n  flush_subnormals: \"true\"\n",
     ":2:21: numerics.flush_subnormals: expected true or false, found the string \"true\""},
    {"numerics:\n  matmul_input: float8\n",
     ":2:17: numerics.matmul_input: unknown value 'float8' (expected one of float32, tfloat32, bfloat16, float16)"},
    {"numerics:\n  accumulator: {a: 1}\n",
     ":2:16: numerics.accumulator: expected one of float32, tfloat32, bfloat16, float16, found a mapping"},
    {"numerics:\n  reduce_order: random\n",
     ":2:17: numerics.reduce_order: unknown value 'random' (expected one of sequential, pairwise)"},
    /* memory */
    {"memory:\n  out_of_bounds: ignore\n",
     ":2:18: memory.out_of_bounds: unknown value 'ignore' (expected one of trap, zero)"},
    {"memory:\n  uninitialized: lots\n",
     ":2:18: memory.uninitialized: expected zero, nan or a finite number, found 'lots'"},
    {"memory:\n  uninitialized: 1e999\n",
     ":2:18: memory.uninitialized: expected zero, nan or a finite number, found '1e999'"},
    /* name, target, sections, the top level */
    {"target: trn9\n", ":1:9: target: unknown value 'trn9' (expected one of trn1, trn2, trn3)"},
    {"name: {a: 1}\n", ":1:7: name: expected a string, found a mapping"},
    {"name: ''\n", ":1:7: name: must not be empty"},
    {"name:\n", ":1:6: name: expected a string, found nothing"},
    {"name: 0123456789012345678901234567890123456789012345678901234567890123\n",
     ":1:7: name: longer than 63 bytes or not text"},
    {"numerics: fast\n", ":1:11: numerics: expected a mapping, found 'fast'"},
    {"- a\n- b\n", ":1:1: expected a mapping of name, target, constants, numerics, memory, found a sequence"},
    {"? [a]\n: 1\n", ":1:3: expected a key name, found a sequence"},
    {"", ":1:1: empty profile (expected a mapping of name, target, constants, numerics, memory)"},
    {"# nothing but a comment\n",
     ":1:1: empty profile (expected a mapping of name, target, constants, numerics, memory)"},
    {"name: a\n---\nname: b\n", ":2:1: a second document (a profile is one mapping)"},
    /* columns count bytes: 'é' is two */
    {"{name: \xc3\xa9, foo: 1}\n",
     ":1:12: unknown key 'foo' (expected one of name, target, constants, numerics, memory)"},
    /* YAML syntax errors, at libyaml's mark */
    {"numerics:\n  fma: true\n bad\n",
     ":3:2: YAML syntax error: did not find expected key (while parsing a block mapping at line 1)"},
    {"constants: {pmax: 1\n",
     ":2:1: YAML syntax error: did not find expected ',' or '}' (while parsing a flow mapping at line 1)"},
    {"name: *nothing\n", ":1:7: YAML syntax error: found undefined alias"},
    /* not UTF-8: libyaml's reader, at the byte */
    {"name: ok\nnumerics: \xff\n", ":2:11: invalid leading UTF-8 octet"},
    {"name: \"abc\n", ":2:1: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar at line 1)"},
};

static void test_errors(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof err_cases / sizeof err_cases[0]; i++) {
        const char *path = write_profile(err_cases[i].text);
        NkiProfile p;
        memset(&p, 0x5A, sizeof p);
        char err[512] = "";
        bool ok = nki_profile_load(path, &p, err, sizeof err);
        char want[768];
        snprintf(want, sizeof want, "%s%s", path, err_cases[i].want);
        if (ok || strcmp(err, want) != 0) {
            fprintf(stderr, "case %zu:\n  text: %s\n  got:  %s\n  want: %s\n", i, err_cases[i].text,
                    ok ? "(loaded)" : err, want);
            failed++;
        }
    }
    assert_int_equal(failed, 0);
}

static void test_file_errors(void **state)
{
    (void)state;
    char err[512], want[512];
    NkiProfile p;
    char missing[128];
    snprintf(missing, sizeof missing, "%s/missing.yaml", tmpdir);
    assert_false(nki_profile_load(missing, &p, err, sizeof err));
    snprintf(want, sizeof want, "%s: No such file or directory", missing);
    assert_string_equal(err, want);

    assert_false(nki_profile_load(tmpdir, &p, err, sizeof err));
    snprintf(want, sizeof want, "%s: Is a directory", tmpdir);
    assert_string_equal(err, want);

    /* a short buffer gets a truncated, terminated message; none at all is allowed */
    char small[16];
    assert_false(nki_profile_load(missing, &p, small, sizeof small));
    assert_int_equal(strlen(small), sizeof small - 1);
    assert_false(nki_profile_load(missing, &p, NULL, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_defaults),
        cmocka_unit_test(test_shipped_alternatives),
        cmocka_unit_test(test_every_key),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_file_errors),
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
