/* cli.h - the command-line interface: one file per command. */
#ifndef KCV_CLI_H
#define KCV_CLI_H

#include <stdio.h>

#include "../base/base.h"

int cmd_parse(int argc, char **argv, FILE *out, FILE *err);
int cmd_check(int argc, char **argv, FILE *out, FILE *err);
int cmd_run(int argc, char **argv, FILE *out, FILE *err);

#endif
