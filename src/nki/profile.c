/* profile.c - hardware profiles: a target's constants and its numerical
 * behaviour (nki.h, NkiProfile).  The defaults follow the documented
 * Trainium behaviour; nki_profile_load reads the YAML files of profiles/.
 */
#include "nki_int.h"

#include <stdio.h>

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
    p->oob = NKI_OOB_TRAP;
    p->uninit_fill = NKI_FILL_NAN;
    p->fill_value = 0;
}

const NkiProfile *nki_profile_default(const NkiTarget *t)
{
    static const char *const names[3] = {"trn1", "trn2", "trn3"};
    if (!defaults_made) {
        for (int i = 0; i < 3; i++)
            make_default(&defaults[i], nki_target_find(names[i]));
        defaults_made = true;
    }
    for (int i = 0; i < 3; i++)
        if (t && strcmp(t->name, names[i]) == 0)
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
