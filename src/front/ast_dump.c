/* ast_dump.c - PLACEHOLDER until the dumper lands. */
#include "front.h"
void ast_dump(StrBuf *out, const Node *node, bool locations) {
    (void)node;
    (void)locations;
    sb_puts(out, "Module(body=[], type_ignores=[])");
}
