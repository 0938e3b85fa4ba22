/* test_eval_import.c - the import system: packages and submodules,
 * relative imports, `import *`, unmodelled modules, module caching and
 * module names of kernel files (tests/eval/ holds the test package). */
#include "test_eval_util.h"

static char eval_dir[1024];

static const char *tests_eval_dir(void) {
    /* this file is tests/unit/test_eval_import.c; the packages are in tests/eval */
    snprintf(eval_dir, sizeof eval_dir, "%s", __FILE__);
    char *slash = strrchr(eval_dir, '/');
    if (slash) *slash = '\0';
    slash = strrchr(eval_dir, '/');
    if (slash) *slash = '\0';
    strncat(eval_dir, "/eval", sizeof eval_dir - strlen(eval_dir) - 1);
    return eval_dir;
}

static void test_package_imports(void **state) {
    (void)state;
    TEval t;
    te_start(&t, false);
    const char *dir = tests_eval_dir();
    char path[1200];
    snprintf(path, sizeof path, "%s/main_kernel.py", dir);
    char *root = NULL;
    char *name = interp_module_name_for_path(path, &root);
    assert_string_equal(name, "main_kernel");
    assert_string_equal(root, dir);
    interp_add_search_path(&t.I, root);
    t.mod = interp_run_file(&t.I, path, name, false);
    if (!t.mod) fprintf(stderr, "%s\n%s\n", te_diags(&t), t.I.abort_reason ? t.I.abort_reason : "");
    assert_non_null(t.mod);
    EXPECT_REPR(&t, "n_tiles", "8");
    EXPECT_REPR(&t, "twice", "256");
    /* leaf ran once although imported three ways */
    EXPECT_REPR(&t, "loaded", "['pkg.sub.leaf']");
    EXPECT_REPR(&t, "same", "True");
    EXPECT_REPR(&t, "name", "'main_kernel'");
    EXPECT_REPR(&t, "c", "4");
    EXPECT_REPR(&t, "ran_main", "<unbound>");
    assert_int_equal(te_get(&t, "unknown_attr")->kind, V_UNKNOWN);
    /* import * honours __all__ */
    EXPECT_REPR(&t, "TILE", "128");
    assert_null(te_get(&t, "loaded_never"));
    Value *pkg = dict_get_str(&t.I.modules, intern_cstr(&t.names, "pkg"));
    assert_non_null(pkg);
    assert_non_null(pkg->u.module.pkg_dir);
    Value *helpers = dict_get_str(&t.I.modules, intern_cstr(&t.names, "pkg.sub.helpers"));
    assert_non_null(helpers);
    Value *pk = dict_get_str(&helpers->u.module.globals, intern_cstr(&t.names, "__package__"));
    assert_string_equal(pk->u.str.s, "pkg.sub");
    assert_int_equal(t.diags.errors, 0);
    kcv_free(name);
    kcv_free(root);
    te_end(&t);

    /* a kernel inside the package: its name is dotted, its root the package's parent */
    snprintf(path, sizeof path, "%s/pkg/sub/helpers.py", dir);
    name = interp_module_name_for_path(path, &root);
    assert_string_equal(name, "pkg.sub.helpers");
    assert_string_equal(root, dir);
    kcv_free(name);
    kcv_free(root);
    snprintf(path, sizeof path, "%s/pkg/__init__.py", dir);
    name = interp_module_name_for_path(path, &root);
    assert_string_equal(name, "pkg");
    kcv_free(name);
    kcv_free(root);
}

static void test_import_errors(void **state) {
    (void)state;
    TEval t;
    te_start(&t, false);
    interp_add_search_path(&t.I, tests_eval_dir());
    assert_non_null(te_run(&t,
        "errs = []\n"
        "try:\n"
        "    from pkg import nothing_here\n"
        "except ImportError as e:\n"
        "    errs.append(str(e).split(' (')[0])\n"
        "try:\n"
        "    import pkg.missing_module\n"
        "except ModuleNotFoundError as e:\n"
        "    errs.append(str(e))\n"
        "try:\n"
        "    from . import x\n"
        "except ImportError as e:\n"
        "    errs.append(str(e))\n"
        "from numpy import float32\n"
        "import scipy.special as sp\n"));
    EXPECT_REPR(&t, "errs",
                "[\"cannot import name 'nothing_here' from 'pkg'\", \"No module named 'pkg.missing_module'\", "
                "'attempted relative import with no known parent package']");
    assert_int_equal(te_get(&t, "float32")->kind, V_UNKNOWN);
    Value *sp = te_get(&t, "sp");
    assert_int_equal(sp->kind, V_MODULE);
    assert_true(sp->u.module.unmodelled);
    te_end(&t);
}

static void test_registered_texts(void **state) {
    (void)state;
    TEval t;
    te_start(&t, false);
    /* texts registered in the cache stand for files: packages of them too */
    source_cache_add_text(&t.cache, "<mem>/lib/__init__.py", "from .core import f\nVERSION = 2\n");
    source_cache_add_text(&t.cache, "<mem>/lib/core.py", "def f(x):\n    return x + 1\n");
    interp_add_search_path(&t.I, "<mem>");
    assert_non_null(te_run(&t, "import lib\nfrom lib.core import f as g\nr = lib.f(1), g(2), lib.VERSION\n"));
    EXPECT_REPR(&t, "r", "(2, 3, 2)");
    te_end(&t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_package_imports),
        cmocka_unit_test(test_import_errors),
        cmocka_unit_test(test_registered_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
