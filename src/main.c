/*
 * main.c — sodsong entry point: hand the command line to the command table.
 */
#include "cli/cli.h"

int
main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
