/* outputs.c - what a kernel returns: the tensors, in return order, checked
 * for memory never written and written as DIR/out0.npy, DIR/out1.npy, ...
 *
 * A .npy file has the tensor's shape and, where NumPy has it, its dtype;
 * bfloat16, tfloat32, fp8 and float8_e8m0fnu are written as float32 (every
 * value they hold is exactly a float32), and the summary says so; the
 * packed MX types as their words (uint32 for fp8 x4, uint16 for fp4 x4,
 * 4 codes each, element q in bits [8q, 8q+8) / [4q, 4q+4)), as
 * mx_cpu_utils.py of the NKI samples packs them.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "run_int.h"

typedef Vec(RunOutput) OutputVec;

static void push_output(OutputVec *v, Value *t) {
    RunOutput o = {0};
    o.t = t;
    Value **dims = NULL;
    int n = nki_tensor_shape(t, &dims);
    o.ndim = n < NPY_MAX_DIMS ? n : NPY_MAX_DIMS;
    for (int i = 0; i < o.ndim; i++) {
        int64_t d = -1;
        if (dims[i] && value_is_concrete_int(dims[i])) d = dims[i]->u.i.c;
        o.dims[i] = d;
    }
    NkiData data;
    o.dtype = nki_tensor_data(t, &data) ? (NkiDtype)data.dtype : DT_FLOAT32;
    vec_push(v, o);
}

int outputs_collect(Value *ret, RunOutput **out) {
    OutputVec v = {0};
    if (ret && nki_is_tensor(ret)) push_output(&v, ret);
    if (ret && (ret->kind == V_TUPLE || ret->kind == V_LIST))
        for (int i = 0; i < ret->u.seq.n; i++)
            if (nki_is_tensor(ret->u.seq.v[i])) push_output(&v, ret->u.seq.v[i]);
    *out = v.v;
    return v.n;
}

static void output_name(StrBuf *b, int n, int i, const CheckKernelInfo *info) {
    if (n == 1 && info->return_text) sb_printf(b, "'%s'", info->return_text);
    else sb_printf(b, "%d", i);
}

int outputs_check_uninit(DiagSink *diags, const RunOutput *outs, int n, const CheckKernelInfo *info) {
    int bad = 0;
    for (int i = 0; i < n; i++) {
        Loc origin = {0};
        int64_t u = nki_tensor_uninit(outs[i].t, &origin);
        if (u <= 0) continue;
        NkiData d;
        int64_t total = nki_tensor_data(outs[i].t, &d) ? d.n : 0;
        StrBuf name = {0};
        output_name(&name, n, i, info);
        Diag *g = diag_report(diags, SEV_ERROR, info->return_loc, "uninitialized",
                              "output %s holds %lld element%s of memory never written (of %lld), or values "
                              "computed from it",
                              sb_str(&name), (long long)u, u == 1 ? "" : "s", (long long)total);
        if (origin.file) diag_note(g, origin, "the first read of memory never written");
        sb_free(&name);
        bad++;
    }
    return bad;
}

/* NumPy's descr for a dtype; *as_f32 when NumPy lacks it. */
static const char *descr_of(NkiDtype dt, bool *as_f32) {
    *as_f32 = false;
    switch (dt) {
    case DT_FLOAT32: return "<f4";
    case DT_FLOAT16: return "<f2";
    case DT_INT8: return "|i1";
    case DT_INT16: return "<i2";
    case DT_INT32: return "<i4";
    case DT_UINT8: return "|u1";
    case DT_UINT16: return "<u2";
    case DT_UINT32: return "<u4";
    case DT_BOOL: return "|b1";
    case DT_FLOAT8_E5M2_X4: case DT_FLOAT8_E4M3FN_X4: return "<u4";   /* the packed words */
    case DT_FLOAT4_E2M1FN_X4: return "<u2";
    case DT_BFLOAT16: case DT_TFLOAT32: case DT_FLOAT8_E4M3: case DT_FLOAT8_E5M2: case DT_FLOAT8_E4M3FN:
    case DT_FLOAT8_E8M0FNU: case DT_COUNT:
        break;
    }
    *as_f32 = true;
    return "<f4";
}

/* mkdir -p */
static bool make_dir(const char *dir, FILE *err) {
    char *p = kcv_strndup(dir, strlen(dir));
    bool ok = true;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0') continue;
        char c = *s;
        *s = '\0';
        struct stat st;
        if (stat(p, &st) != 0) {
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                fprintf(err, "kcv run: --output %s: cannot create %s: %s\n", dir, p, strerror(errno));
                ok = false;
            }
        } else if (!S_ISDIR(st.st_mode)) {
            fprintf(err, "kcv run: --output %s: %s is not a folder\n", dir, p);
            ok = false;
        }
        *s = c;
        if (!ok || c == '\0') break;
    }
    kcv_free(p);
    return ok;
}

bool outputs_write(const char *dir, RunOutput *outs, int n, FILE *err) {
    if (!make_dir(dir, err)) return false;
    for (int i = 0; i < n; i++) {
        RunOutput *o = &outs[i];
        NkiData d;
        int64_t numel = 1;
        bool concrete = true;
        for (int k = 0; k < o->ndim; k++) {
            concrete &= o->dims[k] >= 0;
            numel *= o->dims[k] >= 0 ? o->dims[k] : 1;
        }
        if (!nki_tensor_data(o->t, &d) || !concrete || d.n != numel) {
            fprintf(err, "kcv run: output %d: kcv cannot write a view of a larger tensor (return the whole tensor)\n",
                    i);
            return false;
        }
        const char *descr = descr_of(o->dtype, &o->as_float32);
        StrBuf path = {0};
        sb_printf(&path, "%s/out%d.npy", dir, i);
        char why[512];
        bool ok = npy_write(sb_str(&path), descr, o->dims, o->ndim, d.f64, d.f32, d.n, why, sizeof why);
        if (!ok) fprintf(err, "kcv run: --output %s: %s: %s\n", dir, sb_str(&path), why);
        sb_free(&path);
        if (!ok) return false;
    }
    return true;
}
