/* main.c - the kcv program: nothing but a call into the library. */
#include "kcv.h"

int main(int argc, char **argv) { return kcv_main(argc, argv, stdout, stderr); }
