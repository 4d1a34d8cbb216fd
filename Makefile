# Sodsong — the two commands of the README, and a few more for developers.
#
#   make run    install what is missing (Debian packages), build, create a
#               data folder with the demo data and an admin on first run,
#               then serve on http://127.0.0.1:8080
#   make test   install what is missing, build with AddressSanitizer and
#               UndefinedBehaviorSanitizer, run every test (unit, end-to-end,
#               browser, fuzz corpora)
#
# Other targets: build (release build only), bench, bench-import,
# bench-search, bench-procurement, fuzz (FUZZ_SECONDS per harness, default
# 1800), clean.

.PHONY: run test build bench bench-import bench-search bench-procurement fuzz clean deps

run:
	@scripts/deps.sh run
	@scripts/run.sh

test:
	@scripts/deps.sh test
	@scripts/test.sh

build:
	@scripts/deps.sh run
	@cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build/release -j$$(nproc)

bench:
	@scripts/deps.sh bench
	@bench/run.sh

bench-import:
	@scripts/deps.sh bench
	@bench/import.sh

bench-search:
	@scripts/deps.sh bench
	@bench/search.sh

bench-procurement:
	@scripts/deps.sh bench
	@bench/procurement.sh

fuzz:
	@scripts/deps.sh test
	@scripts/fuzz.sh

clean:
	rm -rf build
