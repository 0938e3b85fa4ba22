/* target.c - the per-target constants of the NKI model, in one table.
 *
 * Sources (shared/docs/nki-api.md section 1): tile sizes from the legacy
 * programming model and bn_stats pages; SBUF/PSUM capacities from the
 * Trn1/Trn2/Trn3 architecture guides; the v4 nc_matmul moving limits from
 * the Beta-2 nc_matmul page.
 */
#include "nki_int.h"

static const NkiTarget targets[] = {
    /* name    nc  pmax psum_fmax stat_fmax mov_fmax bn   sbuf/part   psum/part  banks  mm_fp32 mm_bf16 */
    {"trn1",   2,  128, 512,      128,      512,     512, 192 * 1024, 16 * 1024, 8,     512,    512},
    {"trn2",   3,  128, 512,      128,      512,     512, 224 * 1024, 16 * 1024, 8,     512,    512},
    {"trn3",   4,  128, 512,      128,      512,     512, 256 * 1024, 16 * 1024, 8,     4096,   8192},
};

/* Names NEURON_PLATFORM_TARGET_OVERRIDE and platform_target= accept. */
static const struct { const char *alias; int index; } aliases[] = {
    {"trn1", 0}, {"inf2", 0}, {"gen2", 0},
    {"trn2", 1}, {"gen3", 1},
    {"trn3", 2}, {"gen4", 2},
};

const NkiTarget *nki_target_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < KCV_ARRAY_LEN(aliases); i++)
        if (strcmp(aliases[i].alias, name) == 0)
            return &targets[aliases[i].index];
    return NULL;
}

const NkiTarget *nki_target_default(void)
{
    return &targets[1];
}
