/* import.c - Python's import system, as kernels use it.
 *
 * `import a.b.c` imports a, a.b, a.b.c in turn (each once per interpreter,
 * registered in I->modules before its body runs) and binds a; `import a.b
 * as x` binds the leaf; `from a.b import c` takes attribute c of a.b, or
 * the submodule a.b.c; relative imports resolve against the importing
 * module's __package__.  A module is, in order: already loaded; native
 * (I->native_module: NKI, numpy; then kcv's own stdlib modules); a file
 * on the search paths (a package's folder for its submodules); a namespace
 * package (a folder without __init__.py); else unmodelled (every
 * attribute V_UNKNOWN) - except below a package made of files, where a
 * missing submodule is the user's ModuleNotFoundError.
 */
#include <string.h>
#include <sys/stat.h>

#include "interp_int.h"

static bool is_file(Interp *I, const char *path) {
    for (int i = 0; i < I->cache->texts.n; i++)
        if (strcmp(I->cache->texts.v[i]->path, path) == 0) return true;
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool under_model_dir(Interp *I, const char *path) {
    for (int i = 0; i < I->model_dirs.n; i++) {
        size_t n = strlen(I->model_dirs.v[i]);
        if (strncmp(path, I->model_dirs.v[i], n) == 0 && (path[n] == '/' || path[n] == '\0')) return true;
    }
    return false;
}

Value *module_from_file(Interp *I, const char *iname, const Node *ast, const SourceFile *file, bool is_model) {
    Value *m = v_module(I, iname);
    m->u.module.file = file;
    m->u.module.ast = ast;
    m->u.module.is_model = is_model;
    Dict *g = &m->u.module.globals;
    bool is_pkg = false;
    if (file) {
        dict_set_str(I, g, I->atoms->a_file, v_cstr(I, file->path));
        const char *base = strrchr(file->path, '/');
        base = base ? base + 1 : file->path;
        if (strcmp(base, "__init__.py") == 0) {
            is_pkg = true;
            size_t dl = (size_t)(base - file->path);
            m->u.module.pkg_dir = dl ? arena_strndup(I->arena, file->path, dl - 1) : ".";
            Value *path = v_list(I, 1);
            path->u.seq.v[0] = v_cstr(I, m->u.module.pkg_dir);
            dict_set_str(I, g, I->atoms->a_path, path);
        }
    }
    const char *dot = strrchr(iname, '.');
    if (is_pkg)
        dict_set_str(I, g, I->atoms->a_package, v_str_interned(I, iname));
    else if (dot)
        dict_set_str(I, g, I->atoms->a_package, v_str(I, iname, (size_t)(dot - iname)));
    else
        dict_set_str(I, g, I->atoms->a_package, v_str(I, "", 0));
    return m;
}

/* Runs a module file found by the import system.  NULL: unwinding. */
static Value *load_file(Interp *I, const char *iname, const char *path, Loc loc) {
    const SourceFile *file = NULL;
    Node *ast = source_cache_get(I->cache, path, I->diags, &file);
    if (!ast) {
        interp_abort(I, loc, "module '%s' (%s) could not be read or parsed", iname, path);
        return NULL;
    }
    bool is_model = (I->frame && I->frame->is_model) || under_model_dir(I, path);
    return run_module_file(I, iname, ast, file, is_model);
}

/* Looks for `last` in `dir`: 1 package, 2 module, 3 namespace folder, 0 none. */
static int find_in_dir(Interp *I, const char *dir, const char *last, StrBuf *path) {
    sb_clear(path);
    sb_printf(path, "%s/%s/__init__.py", dir, last);
    if (is_file(I, path->s)) return 1;
    sb_clear(path);
    sb_printf(path, "%s/%s.py", dir, last);
    if (is_file(I, path->s)) return 2;
    sb_clear(path);
    sb_printf(path, "%s/%s", dir, last);
    if (is_dir(path->s)) return 3;
    return 0;
}

static Value *import_one(Interp *I, const char *iname, Value *parent, Loc loc) {
    Value *m = dict_get_str(&I->modules, iname);
    if (m) return m;
    if (I->native_module) {
        m = I->native_module(I, iname, I->native_ctx);
        if (I->unwind) return NULL;
        if (m) {
            if (!dict_get_str(&I->modules, iname)) dict_set_str(I, &I->modules, iname, m);
            return m;
        }
    }
    m = stdlib_module(I, iname);
    if (m) {
        if (!dict_get_str(&I->modules, iname)) dict_set_str(I, &I->modules, iname, m);
        return m;
    }
    const char *dot = strrchr(iname, '.');
    const char *last = dot ? dot + 1 : iname;
    StrBuf path = {0};
    const char *ns_dir = NULL;
    if (!parent) {
        for (int i = 0; i < I->search_paths.n; i++) {
            int k = find_in_dir(I, I->search_paths.v[i], last, &path);
            if (k == 1 || k == 2) {
                char *p = arena_strndup(I->arena, path.s, path.len);
                sb_free(&path);
                return load_file(I, iname, p, loc);
            }
            if (k == 3 && !ns_dir) ns_dir = arena_strndup(I->arena, path.s, path.len);
        }
    } else if (parent->u.module.pkg_dir) {
        int k = find_in_dir(I, parent->u.module.pkg_dir, last, &path);
        if (k == 1 || k == 2) {
            char *p = arena_strndup(I->arena, path.s, path.len);
            sb_free(&path);
            return load_file(I, iname, p, loc);
        }
        if (k == 3) ns_dir = arena_strndup(I->arena, path.s, path.len);
    }
    sb_free(&path);
    if (ns_dir) {
        m = v_module(I, iname);
        m->u.module.pkg_dir = ns_dir;
        Value *pl = v_list(I, 1);
        pl->u.seq.v[0] = v_cstr(I, ns_dir);
        dict_set_str(I, &m->u.module.globals, I->atoms->a_path, pl);
        dict_set_str(I, &I->modules, iname, m);
        return m;
    }
    if (parent && parent->u.module.file) {
        interp_raise(I, loc, "ModuleNotFoundError", "No module named '%s'", iname);
        return NULL;
    }
    m = unmodelled_module(I, iname);
    dict_set_str(I, &I->modules, iname, m);
    return m;
}

/* Imports every prefix of a dotted name; returns the leaf (NULL: unwinding). */
static Value *import_dotted(Interp *I, const char *name, Loc loc) {
    Value *parent = NULL, *m = NULL;
    size_t n = strlen(name);
    for (size_t i = 0; i <= n; i++) {
        if (i < n && name[i] != '.') continue;
        const char *prefix = intern(I->names, name, i);
        m = import_one(I, prefix, parent, loc);
        if (!m) return NULL;
        if (m->kind != V_MODULE) {
            interp_raise(I, loc, "ImportError", "'%s' is not a module", prefix);
            return NULL;
        }
        if (parent && parent->kind == V_MODULE) {
            const char *last = intern_cstr(I->names, prefix + (strrchr(prefix, '.') - prefix) + 1);
            if (!dict_get_str(&parent->u.module.globals, last)) dict_set_str(I, &parent->u.module.globals, last, m);
        }
        parent = m;
    }
    return m;
}

Value *interp_import(Interp *I, const char *name, Loc loc) { return import_dotted(I, name, loc); }

Flow exec_import(Interp *I, const Node *s) {
    for (int i = 0; i < s->u.import.names.n; i++) {
        const Node *a = s->u.import.names.v[i];
        Loc loc = loc_of(I, a->span.line ? a : s);
        Value *leaf = import_dotted(I, a->u.alias.name, loc);
        if (!leaf) return FLOW_UNWIND;
        if (a->u.alias.asname) {
            if (!name_store(I, a->u.alias.asname, leaf, loc)) return FLOW_UNWIND;
            continue;
        }
        const char *dot = strchr(a->u.alias.name, '.');
        const char *top = dot ? intern(I->names, a->u.alias.name, (size_t)(dot - a->u.alias.name)) : a->u.alias.name;
        Value *tm = dict_get_str(&I->modules, top);
        if (!tm || !name_store(I, top, tm, loc)) return FLOW_UNWIND;
    }
    return FLOW_NORMAL;
}

/* The absolute module name of `from <dots><module> import ...`. */
static const char *resolve_relative(Interp *I, const Node *s, Loc loc) {
    int level = s->u.import_from.level;
    const char *mod = s->u.import_from.module;
    if (level == 0) return mod;
    Value *pkg = dict_get_str(&I->frame->module->u.module.globals, I->atoms->a_package);
    if (!pkg || pkg->kind != V_STR || pkg->u.str.len == 0) {
        interp_raise(I, loc, "ImportError", "attempted relative import with no known parent package");
        return NULL;
    }
    size_t len = pkg->u.str.len;
    const char *p = pkg->u.str.s;
    for (int k = 1; k < level; k++) {
        while (len && p[len - 1] != '.') len--;
        if (!len) {
            interp_raise(I, loc, "ImportError", "attempted relative import beyond top-level package");
            return NULL;
        }
        len--;
    }
    StrBuf b = {0};
    sb_put(&b, p, len);
    if (mod) sb_printf(&b, ".%s", mod);
    const char *r = intern(I->names, b.s, b.len);
    sb_free(&b);
    return r;
}

static bool import_star(Interp *I, Value *m, Loc loc) {
    if (m->u.module.unmodelled) {
        interp_abort(I, loc, "'from %s import *' of a module that is not modelled", m->u.module.name);
        return false;
    }
    Dict *g = &m->u.module.globals;
    Value *all = dict_get_str(g, I->atoms->a_all);
    if (all && (all->kind == V_LIST || all->kind == V_TUPLE)) {
        for (int i = 0; i < all->u.seq.n; i++) {
            Value *n = all->u.seq.v[i];
            if (n->kind != V_STR) {
                interp_raise(I, loc, "TypeError", "Item in %s.__all__ must be str, not %s", m->u.module.name,
                             value_type_name(n));
                return false;
            }
            const char *name = intern(I->names, n->u.str.s, n->u.str.len);
            Value *v = interp_getattr(I, m, name, loc);
            if (!v || !name_store(I, name, v, loc)) return false;
        }
        return true;
    }
    for (int i = 0; i < g->n; i++) {
        Value *k = g->v[i].key;
        if (k->kind != V_STR || k->u.str.s[0] == '_') continue;
        if (!name_store(I, intern(I->names, k->u.str.s, k->u.str.len), g->v[i].value, loc)) return false;
    }
    return true;
}

Flow exec_import_from(Interp *I, const Node *s) {
    Loc loc = loc_of(I, s);
    const char *full = resolve_relative(I, s, loc);
    if (!full) return FLOW_UNWIND;
    Value *m = import_dotted(I, full, loc);
    if (!m) return FLOW_UNWIND;
    for (int i = 0; i < s->u.import_from.names.n; i++) {
        const Node *a = s->u.import_from.names.v[i];
        const char *name = a->u.alias.name;
        if (strcmp(name, "*") == 0) {
            if (!import_star(I, m, loc)) return FLOW_UNWIND;
            continue;
        }
        Value *v = dict_get_str(&m->u.module.globals, name);
        if (!v) {
            /* a submodule */
            StrBuf b = {0};
            sb_printf(&b, "%s.%s", full, name);
            const char *sub = intern(I->names, b.s, b.len);
            sb_free(&b);
            v = dict_get_str(&I->modules, sub);
            if (!v && m->u.module.pkg_dir) {
                v = import_dotted(I, sub, loc);
                if (!v) {
                    if (!interp_exc_is(I, "ModuleNotFoundError")) return FLOW_UNWIND;
                    interp_clear_unwind(I);
                }
            } else if (!v) {
                Value *nm = I->native_module ? I->native_module(I, sub, I->native_ctx) : NULL;
                if (I->unwind) return FLOW_UNWIND;
                if (!nm) nm = stdlib_module(I, sub);
                if (nm) {
                    if (!dict_get_str(&I->modules, sub)) dict_set_str(I, &I->modules, sub, nm);
                    dict_set_str(I, &m->u.module.globals, name, nm);
                    v = nm;
                } else if (!m->u.module.file) {
                    v = v_unknown(I, loc, "'%s' is not modelled", sub);
                }
            }
            if (!v) {
                if (m->u.module.file)
                    interp_raise(I, loc, "ImportError", "cannot import name '%s' from '%s' (%s)", name, full,
                                 m->u.module.file->path);
                else
                    interp_raise(I, loc, "ImportError", "cannot import name '%s' from '%s'", name, full);
                return FLOW_UNWIND;
            }
        } else if (m->u.module.globals.poisoned) {
            v = poisoned_value(I, loc);
        }
        if (!name_store(I, a->u.alias.asname ? a->u.alias.asname : name, v, loc)) return FLOW_UNWIND;
    }
    return FLOW_NORMAL;
}

char *interp_module_name_for_path(const char *path, char **root) {
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t blen = strlen(base);
    if (blen > 3 && strcmp(base + blen - 3, ".py") == 0) blen -= 3;
    StrBuf name = {0};
    char *dir = slash ? kcv_strndup(path, (size_t)(slash - path)) : kcv_strndup(".", 1);
    if (slash && slash == path) {
        kcv_free(dir);
        dir = kcv_strndup("/", 1);
    }
    bool is_init = blen == 8 && strncmp(base, "__init__", 8) == 0;
    if (!is_init) sb_put(&name, base, blen);
    for (;;) {
        StrBuf init = {0};
        sb_printf(&init, "%s/__init__.py", dir);
        struct stat st;
        bool pkg = strcmp(dir, ".") != 0 && strcmp(dir, "/") != 0 && stat(init.s, &st) == 0 && S_ISREG(st.st_mode);
        sb_free(&init);
        if (!pkg) break;
        const char *ds = strrchr(dir, '/');
        const char *dbase = ds ? ds + 1 : dir;
        StrBuf n2 = {0};
        sb_puts(&n2, dbase);
        if (name.len) sb_printf(&n2, ".%s", name.s);
        sb_free(&name);
        name = n2;
        char *parent = ds ? (ds == dir ? kcv_strndup("/", 1) : kcv_strndup(dir, (size_t)(ds - dir))) : kcv_strndup(".", 1);
        kcv_free(dir);
        dir = parent;
    }
    if (root)
        *root = dir;
    else
        kcv_free(dir);
    char *r = kcv_strndup(sb_str(&name), name.len);
    sb_free(&name);
    return r;
}
