/*
 * embed.c — build-time tool: writes a C file that holds the given files as
 * byte arrays, with their paths relative to a root, for util/asset.h.
 *
 *     embed OUT.c ROOT FILE... [--root=DIR FILE...]
 *
 * A file's name is its path relative to the root in force before it.
 * Written by hand because xxd is not always installed and CMake 3.25 has no
 * #embed; it is forty lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
	FILE *out;
	const char *root;
	size_t rootlen;

	if (argc < 3) {
		fprintf(stderr, "usage: embed OUT.c ROOT FILE...\n");
		return 2;
	}
	out = fopen(argv[1], "w");
	if (out == NULL) {
		perror(argv[1]);
		return 1;
	}
	root = argv[2];
	rootlen = strlen(root);
	fprintf(out, "#include \"util/asset.h\"\n\n");
	for (int i = 3; i < argc; i++) {
		FILE *in;

		if (strncmp(argv[i], "--root=", 7) == 0)
			continue;
		in = fopen(argv[i], "rb");
		int c;
		size_t n = 0;

		if (in == NULL) {
			perror(argv[i]);
			return 1;
		}
		fprintf(out, "static const unsigned char asset_%d[] = {", i);
		while ((c = getc(in)) != EOF)
			fprintf(out, "%s%d,", (n++ % 20) ? "" : "\n", c);
		fprintf(out, "0};\n");
		fclose(in);
	}
	fprintf(out, "\nconst struct asset assets[] = {\n");
	for (int i = 3; i < argc; i++) {
		const char *rel = argv[i];

		if (strncmp(rel, "--root=", 7) == 0) {
			root = rel + 7;
			rootlen = strlen(root);
			continue;
		}
		if (strncmp(rel, root, rootlen) == 0 && rel[rootlen] == '/')
			rel += rootlen + 1;
		fprintf(out, "\t{\"%s\", asset_%d, sizeof(asset_%d) - 1},\n", rel, i, i);
	}
	fprintf(out, "\t{0, 0, 0}\n};\n");
	return fclose(out) == 0 ? 0 : 1;
}
