/* kcv.h - the public interface of libkcv.
 *
 * kcv checks ML tile kernels (AWS Neuron NKI) against their contracts.  The
 * library is driven through its command interface: kcv_main takes the
 * arguments of the `kcv` program and returns its exit status.  Everything
 * else is internal (src/<stage>/<stage>.h).
 */
#ifndef KCV_H
#define KCV_H

#include <stdio.h>

#define KCV_VERSION "0.1.0"

/* Exit statuses, shared by every command. */
enum {
    KCV_EXIT_OK = 0,         /* all verified / parsed / passed */
    KCV_EXIT_VIOLATION = 1,  /* a contract is violated */
    KCV_EXIT_USAGE = 2,      /* bad input or usage */
    KCV_EXIT_UNKNOWN = 3,    /* could not decide, and no violation */
    KCV_EXIT_FATAL = 4,      /* out of memory or internal error */
};

/* Runs `kcv argv[1] ...`, writing results to `out` and diagnostics to `err`. */
int kcv_main(int argc, char **argv, FILE *out, FILE *err);

#endif
