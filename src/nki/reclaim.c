/* reclaim.c - kcv run gives back the memory of tiles nothing refers to.
 *
 * A kernel allocates tiles in its loops (a result of nl.add, a PSUM
 * accumulator) and drops them a few statements later; kcv has no reference
 * counts, so without this every tile of a run would keep its memory, and
 * each new one would be fresh pages from the kernel.  Between iterations
 * of the kernel's own loops (Interp.safepoint), once enough new tile
 * memory was made since the last time, the storages reachable from the
 * interpreter (interp_reach) and from the NKI context are marked; the
 * other SBUF/PSUM storages give their element arrays to a pool the next
 * tiles are made from (data.c).  Where interp_reach cannot see everything
 * (an object it cannot look into) nothing is reclaimed.  A reclaimed
 * storage that is used after all stops the run with an internal error,
 * never with wrong numbers.
 */
#include "nki_int.h"

typedef struct Marking {
    uint32_t mark;
} Marking;

static void visit(void *cx, Value *v)
{
    NkiTensor *t = nki_tensor_of(v);
    if (t)
        nki_data_mark(t->st, ((Marking *)cx)->mark);
}

void nki_reclaim_safepoint(Interp *I, void *cx)
{
    NkiCtx *c = cx;
    if (!nki_data_reclaim_due(c))
        return;
    /* what the NKI context holds */
    Vec(Value *) roots = {0};
    for (int i = 0; i < 3; i++) {
        vec_push(&roots, c->grid[i]);
        vec_push(&roots, c->program_ids[i]);
    }
    for (int i = 0; i < c->hbm_outputs.n; i++)
        vec_push(&roots, c->hbm_outputs.v[i]);
    for (int i = 0; i < c->shared_allocs.n; i++)
        vec_push(&roots, c->shared_allocs.v[i]);
    vec_push(&roots, c->last_base);
    vec_push(&roots, c->last_key);
    vec_push(&roots, c->last_view);
    vec_push(&roots, c->last_inplace);
    Marking m = {nki_data_mark_begin(c)};
    if (interp_reach(I, roots.v, roots.n, visit, &m))
        nki_data_sweep(c, m.mark);
    else
        nki_data_mark_abandon(c);
    vec_free(&roots);
}
